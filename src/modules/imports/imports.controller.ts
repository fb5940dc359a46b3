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
import { ApiConsumes, ApiHeader, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Readable } from 'node:stream';
import type { Actor } from '../../core/auth/actor';
import { CurrentActor, Public, Roles } from '../../core/auth/decorators';
import { ParseIdPipe } from '../../core/http/id-param.pipe';
import { ImportView, ListImportsQuery, UploadQueryDto } from './imports.dto';
import { ImportsService } from './imports.service';
import { mediaType, openUploadBody, unsupportedMediaType } from './upload/upload-body';
import { ApiCsv, ApiList, ApiOne, ApiProblems, ApiSummary } from '../../core/http/api-docs';
import { ApiRosterUpload } from './imports.openapi';

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
  ) {
    const type = mediaType(req.headers);
    const contentLength = req.headers['content-length']
      ? Number(req.headers['content-length'])
      : null;
    const request = { query, idempotencyKey, contentLength };
    try {
      if (!UPLOAD_TYPES.includes(type)) throw unsupportedMediaType(type);
      this.imports.precheck(request);
      const partner = await this.imports.resolvePartner(actor, query.partner);
      const replay = await this.imports.findReplay(partner.id, idempotencyKey);
      if (replay) {
        req.resume();
        res.setHeader('Location', `/api/v1/imports/${replay.id}`);
        return replay;
      }
      const { view } = await this.imports.store(actor, partner.id, request, () =>
        openUploadBody(req),
      );
      res.setHeader('Location', `/api/v1/imports/${view.id}`);
      return view;
    } catch (err) {
      // The body may be unread: close the connection after answering instead of draining it.
      if (!req.complete) res.setHeader('Connection', 'close');
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
    const lines = await this.imports.problemsCsv(actor, id);
    res.setHeader('Content-Disposition', `attachment; filename="import-${id}-problems.csv"`);
    return new StreamableFile(Readable.from(lines), { type: 'text/csv; charset=utf-8' });
  }

  @ApiSummary('Cancel a queued or processing import (applied batches stay)')
  @ApiOne(ImportView)
  @Post(':id/cancel')
  @Roles('partner', 'admin', 'coordinator')
  @HttpCode(200)
  cancel(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string) {
    return this.imports.cancel(actor, id);
  }
}
