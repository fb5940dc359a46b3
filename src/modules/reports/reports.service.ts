// The ministry's door: target-vs-actual, national and time-series reports, read from the
// precomputed progress tables. Partner scoping comes from the Actor (a partner sees its own
// programs only, a coordinator its partners); a filter naming what the caller may not see
// answers 404. No report carries personal data: only counts.
import { Inject, Injectable } from '@nestjs/common';
import { type Actor, partnerScope } from '../../core/auth/actor';
import { byPartnerId, findVisibleOr404 } from '../../core/auth/find-visible';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { addDays, CLOCK, type Clock, daysBetween } from '../../core/clock/clock';
import { expectedByNow, RECENT_DAYS } from './pace';
import { buildTargetRows, type GroupBy, type KeyedCounts, type ScopeProgram } from './report-rows';
import type {
  NationalReportView,
  TargetsQuery,
  TargetsReportView,
  TimeseriesQuery,
  TimeseriesView,
} from './reports.dto';
import { type Cell, type CellDimension, ReportsRepository } from './reports.repository';
import { TtlCache } from '../../core/cache/ttl-cache';

interface Scope {
  /** Partners whose figures the report covers (null = every partner). */
  partnerIds: string[] | null;
  programId: string | null;
}

/** Which precomputed dimension holds a groupBy's rows (province rows are the total's split). */
const DIMENSION: Record<GroupBy, CellDimension> = {
  program: 'total',
  partner: 'total',
  province: 'total',
  gender: 'gender',
  track: 'track',
  cohort: 'cohort',
  month: 'month',
};

@Injectable()
export class ReportsService {
  private readonly cache: TtlCache<unknown>;

  constructor(
    private readonly reports: ReportsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cache = new TtlCache(config.reportCacheMs);
  }

  async targets(actor: Actor, query: TargetsQuery): Promise<TargetsReportView> {
    const groupBy = query.groupBy ?? 'program';
    const province = query.province ?? null;
    const today = this.clock.today();
    const cacheKey = JSON.stringify([
      'targets',
      partnerScope(actor),
      groupBy,
      query.partner,
      query.program,
      province,
      today,
    ]);
    return this.cached(cacheKey, async () => {
      const scope = await this.resolveScope(actor, query.partner, query.program);
      const programs = await this.reports.scopePrograms(scope.partnerIds, scope.programId);
      const programIds = programs.map((p) => p.id);
      const partnerIds = [...new Set(programs.map((p) => p.partnerId))];
      const [counts, recent, partners, cohorts, asOf] = await Promise.all([
        this.counts(groupBy, scope, programs, province),
        this.recent(groupBy, programs, province, today),
        groupBy === 'partner' ? this.reports.scopePartners(partnerIds) : Promise.resolve([]),
        groupBy === 'cohort' ? this.reports.cohortsOf(programIds) : Promise.resolve([]),
        this.reports.lastRecomputedAt(programIds, partnerIds),
      ]);
      const rows = buildTargetRows({
        groupBy,
        province,
        today,
        programs,
        partners,
        cohorts,
        counts,
        recent,
      });
      return { asOf: asOf?.toISOString() ?? null, groupBy, rows };
    });
  }

  /**
   * Unique trainees across partners beside the per-partner sums. A coordinator limited to
   * some partners gets the same figures over its partners only (computed on request).
   */
  async national(actor: Actor): Promise<NationalReportView> {
    const scope = partnerScope(actor);
    return this.cached(JSON.stringify(['national', scope]), async () => {
      if (scope !== null) {
        const live = await this.reports.liveNationalCounts(scope);
        return {
          asOf: new Date().toISOString(),
          unique: live.unique,
          sumOverPartners: live.sums,
          sharedTrainees: live.sharedTrainees,
        };
      }
      const [n, sums] = await Promise.all([
        this.reports.national(),
        this.reports.partnerSums(null),
      ]);
      return {
        asOf: n?.recomputedAt.toISOString() ?? null,
        unique: {
          enrolled: n?.enrolled ?? 0,
          completed: n?.completed ?? 0,
          certified: n?.certified ?? 0,
          female: n?.female ?? 0,
        },
        sumOverPartners: sums,
        sharedTrainees: n?.sharedTrainees ?? 0,
      };
    });
  }

  /** Cumulative value per day from the program's start to today (or its end). */
  async timeseries(actor: Actor, query: TimeseriesQuery): Promise<TimeseriesView> {
    const metric = query.metric ?? 'completed';
    const today = this.clock.today();
    const key = JSON.stringify(['timeseries', partnerScope(actor), query.program, metric, today]);
    return this.cached(key, async () => {
      const { programId } = await this.resolveScope(actor, undefined, query.program);
      const [program] = await this.reports.scopePrograms(null, programId);
      const last = today < program.endsOn ? today : program.endsOn;
      const points: TimeseriesView['points'] = [];
      if (last < program.startsOn) return { program: program.code, metric, points };
      const daily = await this.reports.daily(program.id, last);
      let i = 0;
      let value = 0;
      const days = daysBetween(program.startsOn, last);
      for (let d = 0; d <= days; d++) {
        const date = addDays(program.startsOn, d);
        while (i < daily.length && daily[i].day <= date) value = daily[i++][metric];
        points.push({ date, value, target: expectedByNow(program.targetTrainees, program, date) });
      }
      return { program: program.code, metric, points };
    });
  }

  private async cached<T>(key: string, compute: () => Promise<T>): Promise<T> {
    return (await this.cache.getOrCompute(key, compute)) as T;
  }

  /** The partners and program a report covers, from the actor and its filters. */
  private async resolveScope(
    actor: Actor,
    partnerCode: string | undefined,
    programCode: string | undefined,
  ): Promise<Scope> {
    let partnerIds = partnerScope(actor);
    if (partnerCode !== undefined) {
      const found = this.reports.findPartnerIdByCode(partnerCode);
      partnerIds = [await findVisibleOr404(actor, 'Partner', found, (id) => id)];
    }
    if (programCode === undefined) return { partnerIds, programId: null };
    // partnerIds is the actor's scope, or a partner filter within it.
    const found = this.reports.findProgramByCode(programCode);
    const program = await findVisibleOr404(partnerIds, 'Program', found, byPartnerId);
    return { partnerIds: [program.partnerId], programId: program.id };
  }

  /**
   * Counts attributed to row keys. Rows spanning programs of one partner come from partner
   * cells (distinct trainees within a partner, summed over partners); program and cohort rows,
   * and any report filtered to one program, from program cells.
   */
  private async counts(
    groupBy: GroupBy,
    scope: Scope,
    programs: ScopeProgram[],
    province: string | null,
  ): Promise<KeyedCounts[]> {
    const dimension = DIMENSION[groupBy];
    const partnerOf = new Map(programs.map((p) => [p.id, p.partnerId]));
    const fromPrograms = groupBy === 'program' || groupBy === 'cohort' || scope.programId !== null;
    let cells: Cell[];
    if (fromPrograms) {
      cells = await this.reports.programCells(
        programs.map((p) => p.id),
        dimension,
        province,
      );
    } else {
      if (programs.length === 0) return [];
      cells = await this.reports.partnerCells(
        scope.partnerIds,
        dimension as Exclude<CellDimension, 'cohort'>,
        province,
      );
    }
    return cells.map((c) => {
      let rowKey = c.key;
      if (groupBy === 'program') rowKey = c.scopeId;
      else if (groupBy === 'partner')
        rowKey = fromPrograms ? (partnerOf.get(c.scopeId) ?? '') : c.scopeId;
      else if (groupBy === 'province') rowKey = c.province;
      return { ...c, rowKey };
    });
  }

  /** Completions in the 30 days up to today, per program and row key (for projectedAtEnd). */
  private async recent(
    groupBy: GroupBy,
    programs: ScopeProgram[],
    province: string | null,
    today: string,
  ) {
    if (groupBy === 'month' || programs.length === 0) return [];
    const partnerOf = new Map(programs.map((p) => [p.id, p.partnerId]));
    const cells = await this.reports.recentCompletions(
      programs.map((p) => p.id),
      DIMENSION[groupBy] as Exclude<CellDimension, 'month'>,
      addDays(today, -(RECENT_DAYS - 1)),
      today,
      province,
    );
    return cells.map((c) => {
      let rowKey = c.key;
      if (groupBy === 'program') rowKey = c.programId;
      else if (groupBy === 'partner') rowKey = partnerOf.get(c.programId) ?? '';
      else if (groupBy === 'province') rowKey = c.province;
      return { programId: c.programId, rowKey, completed: c.completed };
    });
  }
}
