// The dashboard in one answer: every breakdown of the targets report under the same filters,
// the national totals over the caller's scope, the data-quality rows and one program's
// completions over time. Each part goes through its own report (and its answer cache), so the
// figures and the scoping are exactly the single reports'; only the round trips are saved.
import { Injectable } from '@nestjs/common';
import { type Actor, partnerScope } from '../../core/auth/actor';
import type { DashboardQuery, DashboardView } from './dashboard.dto';
import { DataQualityService } from './data-quality.service';
import type { GroupBy } from './report-rows';
import type { TargetsReportView } from './reports.dto';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

const BREAKDOWNS = ['partner', 'program', 'province', 'gender', 'track', 'month'] as const;

@Injectable()
export class DashboardService {
  constructor(
    private readonly reports: ReportsService,
    private readonly dataQuality: DataQualityService,
    private readonly repository: ReportsRepository,
  ) {}

  async dashboard(actor: Actor, query: DashboardQuery): Promise<DashboardView> {
    const filters = { partner: query.partner, program: query.program, province: query.province };
    const [breakdowns, national, quality, scopePartners, programList] = await Promise.all([
      Promise.all(
        BREAKDOWNS.map((groupBy: GroupBy) => this.reports.targets(actor, { ...filters, groupBy })),
      ),
      actor.kind === 'partner' ? Promise.resolve(null) : this.reports.national(actor),
      this.dataQuality.report(actor, query.partner),
      this.scopePartners(actor),
      this.programList(actor),
    ]);
    const [partners, programs, province, gender, track, month] = breakdowns;
    const seriesCode =
      query.series ??
      query.program ??
      [...programs.rows].sort((a, b) => (b.target ?? 0) - (a.target ?? 0))[0]?.key;
    const series = seriesCode ? await this.series(actor, seriesCode) : null;
    return {
      asOf: latest(breakdowns.map((b) => b.asOf)),
      scopePartners,
      national,
      partners: partners.rows,
      programs: programs.rows,
      province: province.rows,
      gender: gender.rows,
      track: track.rows,
      month: month.rows,
      dataQuality: quality.items,
      programList: programList.filter((p) => programs.rows.some((r) => r.key === p.code)),
      series,
    };
  }

  /** The timeseries report (scoped: another partner's program is a 404) with its program. */
  private async series(actor: Actor, code: string): Promise<DashboardView['series']> {
    const ts = await this.reports.timeseries(actor, { program: code, metric: 'completed' });
    const found = await this.repository.findProgramByCode(ts.program);
    const [program] = found ? await this.repository.scopePrograms(null, found.id) : [];
    if (!program) return null;
    return {
      program: program.code,
      name: program.name,
      startsOn: program.startsOn,
      endsOn: program.endsOn,
      target: program.targetTrainees,
      points: ts.points,
    };
  }

  private async programList(actor: Actor): Promise<DashboardView['programList']> {
    const programs = await this.repository.scopePrograms(partnerScope(actor), null);
    const partners = await this.repository.scopePartners([
      ...new Set(programs.map((p) => p.partnerId)),
    ]);
    const codeOf = new Map(partners.map((p) => [p.id, p.code]));
    return programs
      .map((p) => ({
        code: p.code,
        name: p.name,
        partnerCode: codeOf.get(p.partnerId) ?? '',
        target: p.targetTrainees,
        startsOn: p.startsOn,
        endsOn: p.endsOn,
      }))
      .sort((a, b) => a.code.localeCompare(b.code));
  }

  private async scopePartners(actor: Actor): Promise<DashboardView['scopePartners']> {
    const ids = partnerScope(actor);
    if (ids === null) return null;
    const partners = await this.repository.scopePartners(ids);
    return partners
      .map((p) => ({ code: p.code, name: p.name }))
      .sort((a, b) => a.code.localeCompare(b.code));
  }
}

function latest(values: TargetsReportView['asOf'][]): string | null {
  const present = values.filter((v): v is string => v !== null);
  return present.length === 0 ? null : present.reduce((a, b) => (a > b ? a : b));
}
