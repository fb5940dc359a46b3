import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiJsonOrDownload } from '../../core/http/api-docs';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { Roles } from '../../core/auth/decorators';
import { AuditPage, AuditQueryDto } from './audit.dto';
import { AuditService } from './audit.service';

@ApiTags('audit')
@Controller('api/v1/audit')
@Roles('admin')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'Who changed what, newest first (format=csv for every match)' })
  @ApiJsonOrDownload(AuditPage, ['csv'], 'One page (format=csv: every match as a file)')
  @ApiBadRequestResponse({ description: 'a bad filter or cursor' })
  @ApiForbiddenResponse({ description: 'admins only' })
  async list(
    @Query() query: AuditQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AuditPage | StreamableFile> {
    if (query.format !== 'csv') return this.audit.list(query);
    const lines = this.audit.csv(query);
    res.setHeader('Content-Disposition', 'attachment; filename="audit.csv"');
    return new StreamableFile(Readable.from(lines), { type: 'text/csv; charset=utf-8' });
  }
}
