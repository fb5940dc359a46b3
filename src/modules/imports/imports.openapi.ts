// The upload's OpenAPI description: the body is read as a stream by the controller (no @Body),
// so its three forms are described here, from the one roster column list.
import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { REQUIRED_ROSTER_COLUMNS, ROSTER_COLUMNS, ROSTER_JSON_FIELDS } from './roster';
import { ImportView } from './imports.dto';

const NUMBER_FIELDS = new Set(['progressPct']);

const rowSchema = {
  type: 'object',
  description: 'One roster row: the CSV columns in camelCase (see the CSV column table)',
  required: REQUIRED_ROSTER_COLUMNS.map((c) => ROSTER_JSON_FIELDS[c]),
  properties: Object.fromEntries(
    ROSTER_COLUMNS.map((c) => {
      const field = ROSTER_JSON_FIELDS[c];
      return [field, NUMBER_FIELDS.has(field) ? { type: 'number' } : { type: 'string' }];
    }),
  ),
};

const csvExample = `${ROSTER_COLUMNS.slice(0, 4).join(',')}\n35202-1234567-2,Ayesha Khan,female,HW-LHR-2026-01\n`;

export function ApiRosterUpload() {
  return applyDecorators(
    ApiOperation({
      summary: 'Upload a roster (CSV file, raw CSV or JSON rows); processed in the background',
      description:
        'Answers 202 with the import as soon as the upload is stored; poll GET /api/v1/imports/{id}. Partners use their API key; coordinators and admins name the partner with ?partner=CODE.',
      requestBody: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              required: ['file'],
              properties: { file: { type: 'string', format: 'binary', description: 'CSV, UTF-8' } },
            },
          },
          'text/csv': { schema: { type: 'string' }, example: csvExample },
          'application/json': {
            schema: {
              type: 'object',
              required: ['rows'],
              properties: { rows: { type: 'array', items: rowSchema } },
            },
          },
        },
      },
    }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'The same key from the same partner returns the first import instead of a new one',
    }),
    ApiResponse({
      status: 202,
      type: ImportView,
      description: 'Stored; queued for processing. Location: /api/v1/imports/{id}',
      headers: {
        Location: {
          required: true,
          description: 'The import: /api/v1/imports/{id}',
          schema: { type: 'string', pattern: '^/api/v1/imports/[0-9a-f-]{36}$' },
        },
      },
    }),
  );
}
