import {
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiConsumes,
  ApiHeader,
  ApiNotFoundResponse,
  ApiResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError } from '../../core/http/domain-error';
import { Readable } from 'node:stream';
import type { Actor } from '../../core/auth/actor';
import { CurrentActor, Public, Roles } from '../../core/auth/decorators';
import { ParseIdPipe } from '../../core/http/id-param.pipe';
import { drainUnreadBody } from '../../core/http/unread-body';
import { ImportView, ListImportsQuery, UploadQueryDto } from './imports.dto';
import { ImportsService } from './imports.service';
import { mediaType, openUploadBody, unsupportedMediaType } from './upload/upload-body';
import { ApiCsv, ApiList, ApiOne, ApiProblems, ApiSummary } from '../../core/http/api-docs';
import { ApiRosterUpload } from './imports.openapi';

/** An attachment named after the upload; non-ASCII names go in filename* (RFC 6266). */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

const UPLOAD_TYPES = [
  'multipart/form-data',
  'text/csv',
  'application/csv',
  'text/comma-separated-values',
  'application/json',
];

@ApiTags('imports')
@ApiSecurity('apiKey')
@Controller('api/v1/imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @ApiRosterUpload()
  @ApiProblems(408, 413, 415, 429)
  @ApiNotFoundResponse({ description: 'No such partner (?partner=), or one outside your scope' })
  @Post()
  @Roles('partner', 'admin', 'coordinator')
  @HttpCode(202)
  @ApiConsumes('multipart/form-data', 'text/csv', 'application/json')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async upload(
    @CurrentActor() actor: Actor,
    @Query() query: UploadQueryDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportView> {
    const type = mediaType(req.headers);
    const declared = req.headers['content-length'];
    let bodyOpened = false;
    const openBody = () => {
      bodyOpened = true;
      return openUploadBody(req);
    };
    try {
      if (!UPLOAD_TYPES.includes(type)) throw unsupportedMediaType(type);
      const request = { query, idempotencyKey, contentLength: declared ? Number(declared) : null };
      const view = await this.imports.accept(actor, request, openBody);
      // A replay answers from the earlier import without reading this body: let it flow away.
      if (!bodyOpened) req.resume();
      res.setHeader('Location', `/api/v1/imports/${view.id}`);
      return view;
    } catch (err) {
      // The body may be unread: drain what is left (bounded) so the client can read the answer.
      drainUnreadBody(req, res, err);
      // The client hung up before the end of its upload: nothing was stored, and the request
      // was incomplete (400), not a failure of ours (it was a 500 in logs and metrics).
      if (req.destroyed && !req.complete && !(err instanceof DomainError)) {
        throw DomainError.validation('file', 'the upload was cut off before its end');
      }
      throw err;
    }
  }

  @ApiSummary('Download the roster template (header and one example row)')
  @ApiCsv('The template')
  @Get('template.csv')
  @Public()
  template(@Res({ passthrough: true }) res: Response): string {
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="roster-template.csv"');
    return this.imports.template();
  }

  @ApiSummary("List the caller's imports, newest first")
  @ApiList(ImportView)
  @Get()
  @Roles('partner', 'admin', 'coordinator', 'ministry')
  list(@CurrentActor() actor: Actor, @Query() query: ListImportsQuery) {
    return this.imports.list(actor, query);
  }

  @ApiSummary("Get an import's status and counts")
  @ApiOne(ImportView)
  @Get(':id')
  @Roles('partner', 'admin', 'coordinator', 'ministry')
  get(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string) {
    return this.imports.get(actor, id);
  }

  @ApiSummary("Download an import's problems as CSV (line,column,code,severity,message)")
  @ApiCsv('Every rejected row and warning, in line order')
  @Get(':id/errors')
  @Roles('partner', 'admin', 'coordinator', 'ministry')
  async errors(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { lines, filename } = await this.imports.problemsCsv(actor, id);
    res.setHeader('Content-Disposition', contentDisposition(filename));
    return new StreamableFile(Readable.from(lines), { type: 'text/csv; charset=utf-8' });
  }

  @ApiSummary(
    'Download the rejected rows as sent, with a last column `problem` (fix them and upload the file again)',
    'CSV uploads: the original header and each rejected record with its cells as sent, plus `problem`; a roster ignores the `problem` column without a warning. JSON uploads: the rejected rows under the roster CSV column names. Available while the upload is kept (IMPORT_UPLOAD_KEEP_DAYS, 30 days; a preview IMPORT_PREVIEW_KEEP_HOURS, 24 hours), then 410.',
  )
  @ApiCsv('The header and every rejected record, in line order, each with its problem')
  @ApiProblems(410)
  @Get(':id/rejected.csv')
  // Not the ministry: the rows carry personal data (CNIC, phone, …), unlike the problems CSV.
  @Roles('partner', 'admin', 'coordinator')
  async rejected(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<StreamableFile> {
    const { rows, filename } = await this.imports.rejectedCsv(actor, id);
    return new StreamableFile(Readable.from(rows), {
      type: 'text/csv; charset=utf-8',
      disposition: contentDisposition(filename),
    });
  }

  @ApiSummary(
    'Apply a completed preview (dry run) as a new import, from the file it stored',
    'No second upload. 202 with the new import and its Location. 409 when it is not a completed dry run, when this preview was already applied (appliedAs names that import), or when it is older than IMPORT_PREVIEW_KEEP_HOURS (24 hours).',
  )
  @ApiResponse({
    status: 202,
    type: ImportView,
    description: 'Accepted: the new import, queued',
    headers: {
      Location: {
        description: '/api/v1/imports/{id} of the new import',
        schema: { type: 'string' },
      },
    },
  })
  @ApiProblems(409)
  @Post(':id/apply')
  @Roles('partner', 'admin', 'coordinator')
  @HttpCode(202)
  async apply(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportView> {
    const view = await this.imports.apply(actor, id);
    res.setHeader('Location', `/api/v1/imports/${view.id}`);
    return view;
  }

  @ApiSummary('Cancel a queued or processing import (applied batches stay)')
  @ApiOne(ImportView)
  @ApiConflictResponse({ description: 'The import has already finished' })
  @Post(':id/cancel')
  @Roles('partner', 'admin', 'coordinator')
  @HttpCode(200)
  cancel(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string) {
    return this.imports.cancel(actor, id);
  }
}
