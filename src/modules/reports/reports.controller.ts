import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../../core/auth/actor';
import { CurrentActor, Roles } from '../../core/auth/decorators';
import { targetsCsv } from './exporters/csv.exporter';
import { targetsXlsx, XLSX_CONTENT_TYPE } from './exporters/xlsx.exporter';
import {
  NationalReportView,
  TargetsQuery,
  TargetsReportView,
  TimeseriesQuery,
  TimeseriesView,
} from './reports.dto';
import { ReportsService } from './reports.service';
import { ApiSummary } from '../../core/http/api-docs';

@ApiTags('reports')
@ApiSecurity('bearer')
@Controller('api/v1/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @ApiSummary('Targets against actuals, grouped (json, csv or xlsx)')
  @Get('targets')
  @Roles('admin', 'coordinator', 'ministry', 'partner')
  @ApiProduces('application/json', 'text/csv', XLSX_CONTENT_TYPE)
  @ApiOkResponse({ type: TargetsReportView })
  async targets(
    @CurrentActor() actor: Actor,
    @Query() query: TargetsQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TargetsReportView | StreamableFile> {
    const report = await this.reports.targets(actor, query);
    const format = query.format ?? 'json';
    if (format === 'json') return report;
    // The file carries the rows only; when they were computed travels in a header.
    if (report.asOf) res.setHeader('X-Report-As-Of', report.asOf);
    const name = `targets-${report.groupBy}-${(report.asOf ?? 'never').slice(0, 10)}`;
    if (format === 'csv') {
      return new StreamableFile(targetsCsv(report.groupBy, report.rows), {
        type: 'text/csv; charset=utf-8',
        disposition: `attachment; filename="${name}.csv"`,
      });
    }
    return new StreamableFile(targetsXlsx(report.groupBy, report.rows), {
      type: XLSX_CONTENT_TYPE,
      disposition: `attachment; filename="${name}.xlsx"`,
    });
  }

  @ApiSummary('National totals: unique trainees beside per-partner sums')
  @Get('national')
  @Roles('admin', 'coordinator', 'ministry')
  @ApiOkResponse({ type: NationalReportView })
  national(@CurrentActor() actor: Actor): Promise<NationalReportView> {
    return this.reports.national(actor);
  }

  @ApiSummary('Daily cumulative figures of a program against its target line')
  @Get('timeseries')
  @Roles('admin', 'coordinator', 'ministry', 'partner')
  @ApiOkResponse({ type: TimeseriesView })
  timeseries(
    @CurrentActor() actor: Actor,
    @Query() query: TimeseriesQuery,
  ): Promise<TimeseriesView> {
    return this.reports.timeseries(actor, query);
  }
}
