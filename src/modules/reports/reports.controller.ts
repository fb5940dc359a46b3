import { Controller, Get, Inject, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../../core/auth/actor';
import { CurrentActor, Roles } from '../../core/auth/decorators';
import { CLOCK, type Clock, dayOf } from '../../core/clock/clock';
import { DashboardQuery, DashboardView } from './dashboard.dto';
import { DashboardService } from './dashboard.service';
import { DataQualityQuery, DataQualityReportView } from './data-quality.dto';
import { DataQualityService } from './data-quality.service';
import { dashboardFileName, dashboardXlsx } from './exporters/dashboard.exporter';
import { dataQualityCsv, dataQualityXlsx } from './exporters/data-quality.exporter';
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
import { ApiJsonOrDownload, ApiSummary } from '../../core/http/api-docs';

/** The day (by the one clock rule, UTC) the figures of a download were computed. */
function asOfDay(asOf: string | null): string {
  return asOf === null ? 'never' : dayOf(new Date(asOf));
}

@ApiTags('reports')
@ApiSecurity('bearer')
@Controller('api/v1/reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly dataQuality: DataQualityService,
    private readonly dashboards: DashboardService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @ApiSummary('Everything the dashboard shows, in one answer (ETag: 304 when unchanged), or xlsx')
  @ApiNotFoundResponse({ description: 'No such program or partner (or not yours to read)' })
  @ApiResponse({
    status: 304,
    description: 'Not Modified: the figures are those of the ETag sent in If-None-Match',
  })
  @Get('dashboard')
  @Roles('admin', 'coordinator', 'ministry', 'partner')
  @ApiJsonOrDownload(
    DashboardView,
    ['xlsx'],
    'The dashboard (format=xlsx: the whole view as one workbook)',
    {
      'X-Report-As-Of': {
        description: 'xlsx: when the figures were last recomputed (asOf)',
        schema: { type: 'string', format: 'date-time' },
      },
    },
  )
  async dashboard(
    @CurrentActor() actor: Actor,
    @Query() query: DashboardQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DashboardView | StreamableFile> {
    const view = await this.dashboards.dashboard(actor, query);
    if (query.format === 'xlsx') {
      const now = new Date();
      const filters = { partner: query.partner, program: query.program, province: query.province };
      const by =
        actor.kind === 'user'
          ? actor.email
          : (actor.user?.email ?? `API key of ${actor.partnerCode}`);
      if (view.asOf) res.setHeader('X-Report-As-Of', view.asOf);
      return new StreamableFile(dashboardXlsx(view, filters, by, now), {
        type: XLSX_CONTENT_TYPE,
        disposition: `attachment; filename="${dashboardFileName(filters, this.clock.today())}"`,
      });
    }
    // Express tags the JSON with an ETag and answers a matching If-None-Match with 304; this
    // makes every browser ask again (revalidate) instead of reusing its copy unasked.
    res.setHeader('Cache-Control', 'private, no-cache');
    return view;
  }

  @ApiSummary('Targets against actuals, grouped (json, csv or xlsx)')
  @ApiNotFoundResponse({ description: 'No such program or partner (or not yours to read)' })
  @Get('targets')
  @Roles('admin', 'coordinator', 'ministry', 'partner')
  @ApiJsonOrDownload(
    TargetsReportView,
    ['csv', 'xlsx'],
    'The report (format=csv or xlsx: a file)',
    {
      'X-Report-As-Of': {
        description: 'csv and xlsx: when the figures were last recomputed (asOf)',
        schema: { type: 'string', format: 'date-time' },
      },
    },
  )
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
    const name = `targets-${report.groupBy}-${asOfDay(report.asOf)}`;
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
  @ApiNotFoundResponse({ description: 'No such program (or not yours to read)' })
  @Get('timeseries')
  @Roles('admin', 'coordinator', 'ministry', 'partner')
  @ApiOkResponse({ type: TimeseriesView })
  timeseries(
    @CurrentActor() actor: Actor,
    @Query() query: TimeseriesQuery,
  ): Promise<TimeseriesView> {
    return this.reports.timeseries(actor, query);
  }

  @ApiSummary('How fresh and how clean each partner’s data is (json, csv or xlsx)')
  @ApiNotFoundResponse({ description: 'No such partner (or not yours to read)' })
  @Get('data-quality')
  @Roles('admin', 'coordinator', 'ministry', 'partner')
  @ApiJsonOrDownload(
    DataQualityReportView,
    ['csv', 'xlsx'],
    'The report (format=csv or xlsx: a file)',
    {
      'X-Report-As-Of': {
        description: 'csv and xlsx: when the figures were last recomputed (asOf)',
        schema: { type: 'string', format: 'date-time' },
      },
    },
  )
  async dataQualityReport(
    @CurrentActor() actor: Actor,
    @Query() query: DataQualityQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DataQualityReportView | StreamableFile> {
    const report = await this.dataQuality.report(actor, query.partner);
    const format = query.format ?? 'json';
    if (format === 'json') return report;
    if (report.asOf) res.setHeader('X-Report-As-Of', report.asOf);
    const name = `data-quality-${asOfDay(report.asOf)}`;
    if (format === 'csv') {
      return new StreamableFile(dataQualityCsv(report.items), {
        type: 'text/csv; charset=utf-8',
        disposition: `attachment; filename="${name}.csv"`,
      });
    }
    return new StreamableFile(dataQualityXlsx(report.items), {
      type: XLSX_CONTENT_TYPE,
      disposition: `attachment; filename="${name}.xlsx"`,
    });
  }
}
