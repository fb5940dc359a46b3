// The data-quality report: how fresh and how clean each partner's data is, read from the
// figures the worker precomputed (data_quality_partners) plus the open identity conflicts.
// Scoping comes from the Actor: a partner sees its own row, a coordinator its partners'; a
// `partner` filter naming a partner the caller may not see answers 404.
import { Inject, Injectable } from '@nestjs/common';
import { type Actor, partnerScope } from '../../core/auth/actor';
import { findVisibleOr404 } from '../../core/auth/find-visible';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { TtlCache } from '../../core/cache/ttl-cache';
import { CLOCK, type Clock, dayOf, daysBetween } from '../../core/clock/clock';
import type { DataQualityItemView, DataQualityReportView } from './data-quality.dto';
import { type DataQualityRow, ReportsRepository } from './reports.repository';

/** part / whole × 100 to one decimal; null without a whole. */
export function pct(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : null;
}

/** One row of the answer, judged against `today` (the clock's day) and the stale limit. */
export function dataQualityItem(
  row: DataQualityRow,
  openConflicts: number,
  today: string,
  staleAfterDays: number,
): DataQualityItemView {
  const last = row.lastImportAt ? new Date(row.lastImportAt) : null;
  // Both days by the same rule (core/clock: the UTC day).
  const days = last === null ? null : Math.max(0, daysBetween(dayOf(last), today));
  return {
    partnerCode: row.partnerCode,
    lastImportAt: last?.toISOString() ?? null,
    daysSinceLastImport: days,
    stale: days === null || days > staleAfterDays,
    imports30d: row.imports30d,
    rows30d: row.rows30d,
    rejectedPct30d: pct(row.rejected30d, row.rows30d),
    warningsPct30d: pct(row.warnedRows30d, row.rows30d),
    topProblems: row.topProblems.map((p) => ({ code: p.code, count: Number(p.count) })),
    openIdentityConflicts: openConflicts,
    missing: {
      dateOfBirth: row.missingDateOfBirth,
      province: row.missingProvince,
      district: row.missingDistrict,
      phone: row.missingPhone,
    },
    sharedTrainees: row.sharedTrainees,
  };
}

@Injectable()
export class DataQualityService {
  private readonly cache: TtlCache<DataQualityReportView>;
  private readonly staleAfterDays: number;

  constructor(
    private readonly reports: ReportsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cache = new TtlCache(config.reportCacheMs);
    this.staleAfterDays = config.staleAfterDays;
  }

  async report(actor: Actor, partnerCode?: string): Promise<DataQualityReportView> {
    let partnerIds = partnerScope(actor);
    if (partnerCode !== undefined) {
      const found = this.reports.findPartnerIdByCode(partnerCode);
      partnerIds = [await findVisibleOr404(actor, 'Partner', found, (id) => id)];
    }
    const today = this.clock.today();
    const key = JSON.stringify(['data-quality', partnerIds, today]);
    return this.cache.getOrCompute(key, async () => {
      const [rows, conflicts] = await Promise.all([
        this.reports.dataQuality(partnerIds),
        this.reports.openIdentityConflicts(partnerIds),
      ]);
      // The oldest figures shown: every row is at least this fresh. A partner with no row yet
      // has had no import and no enrollment since the last full recompute: its zeros hold.
      const computed = rows.flatMap((r) => (r.recomputedAt ? [new Date(r.recomputedAt)] : []));
      const asOf =
        computed.length === 0 ? null : new Date(Math.min(...computed.map((at) => at.getTime())));
      return {
        asOf: asOf?.toISOString() ?? null,
        items: rows.map((r) =>
          dataQualityItem(r, conflicts.get(r.partnerId) ?? 0, today, this.staleAfterDays),
        ),
      };
    });
  }
}
