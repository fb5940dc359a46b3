// The few decorators every route's OpenAPI description is made of, so a controller says in one
// line per fact what it answers: `@ApiSummary`, `@ApiOne(View)`, `@ApiList(View)`,
// `@ApiProblems(409)`. Errors every route shares (400, 401, 403, 404) are added by
// buildOpenApiDocument from the route's own metadata (see openapi.ts); every error is
// `application/problem+json` with the ProblemDetails schema.
import { applyDecorators, type Type } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';

import { PROVINCE_CODES, PROVINCES } from '../rules/field-rules';
import { XLSX_CONTENT_TYPE } from './xlsx-writer';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const PROBLEM_SCHEMA = 'ProblemDetails';

export const PROBLEM_TITLES: Record<number, string> = {
  400: 'Bad Request: the request is malformed or a field is invalid (see errors)',
  401: 'Unauthorized: no valid credentials',
  403: 'Forbidden: this role may not do this',
  404: 'Not Found: no such resource, or it belongs to another partner',
  408: 'Request Timeout: the body stopped arriving',
  409: 'Conflict: it already exists, or is still in use',
  410: 'Gone: it was kept for a limited time, and that time is over',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content: well formed, but breaks a domain rule',
  429: 'Too Many Requests: retry after the Retry-After header',
  503: 'Service Unavailable',
};

export function problemResponse(status: number): {
  description: string;
  content: Record<string, { schema: { $ref: string } }>;
} {
  return {
    description: PROBLEM_TITLES[status] ?? 'Error',
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(PROBLEM_SCHEMA) } } },
  };
}

/**
 * A province in a request: a code or the full name, in any case (rosters carry both), so the
 * document says so instead of listing the codes only. Answers always carry the code.
 */
export function provinceInput(extra = '') {
  const spellings = PROVINCE_CODES.map((c) => `${c} (${PROVINCES[c]})`).join(', ');
  return {
    type: String,
    example: 'PB',
    description: `A province code or full name, any case: ${spellings}${extra}; stored and returned as the code`,
  };
}

/** One line saying what the operation does. */
export function ApiSummary(summary: string, description?: string): MethodDecorator {
  return ApiOperation({ summary, ...(description ? { description } : {}) });
}

/** A success answer of one resource (200 unless said, e.g. 201 or 202). */
export function ApiOne(type: Type<unknown>, status = 200, description = 'Success') {
  return applyDecorators(ApiResponse({ status, type, description }));
}

/** A page of a list: `{items: [Item], nextCursor: string | null}`. */
export function ApiList(item: Type<unknown>) {
  return applyDecorators(
    ApiExtraModels(item),
    ApiResponse({
      status: 200,
      description: 'One page; pass nextCursor as ?cursor= for the next (null on the last page)',
      schema: {
        type: 'object',
        required: ['items', 'nextCursor'],
        properties: {
          items: { type: 'array', items: { $ref: getSchemaPath(item) } },
          nextCursor: { type: 'string', nullable: true },
        },
      },
    }),
  );
}

/** 204, nothing in the body. */
export function ApiNone(description = 'Done') {
  return ApiNoContentResponse({ description });
}

/** A text/csv answer (downloads). */
export function ApiCsv(description: string) {
  return applyDecorators(
    ApiProduces('text/csv'),
    ApiResponse({
      status: 200,
      description,
      content: { 'text/csv': { schema: { type: 'string' } } },
    }),
  );
}

type Download = 'csv' | 'xlsx';
const DOWNLOAD_CONTENT: Record<Download, [string, Record<string, string>]> = {
  csv: ['text/csv', { type: 'string' }],
  xlsx: [XLSX_CONTENT_TYPE, { type: 'string', format: 'binary' }],
};

/**
 * A 200 that is JSON (`json`, a view class) by default and, with `?format=`, a CSV or XLSX
 * download: each content type with its own schema, so a generated client parses only JSON.
 */
export function ApiJsonOrDownload(
  json: Type<unknown> | undefined,
  downloads: Download[],
  description = 'Success',
  headers?: Record<string, { description: string; schema: Record<string, string> }>,
) {
  const content: Record<string, { schema: Record<string, string> }> = {};
  if (json) content['application/json'] = { schema: { $ref: getSchemaPath(json) } };
  for (const d of downloads) content[DOWNLOAD_CONTENT[d][0]] = { schema: DOWNLOAD_CONTENT[d][1] };
  return applyDecorators(
    ...(json ? [ApiExtraModels(json)] : []),
    ApiProduces(...Object.keys(content)),
    ApiResponse({ status: 200, description, content, ...(headers ? { headers } : {}) }),
  );
}

/** Errors this operation can answer beyond those every route shares. */
export function ApiProblems(...statuses: number[]) {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, ...problemResponse(status) })),
  );
}
