import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, download } from '../api/client';
import type { Page, Partner } from '../api/types';
import { useSession } from '../auth/useSession';
import { Chart } from '../components/Chart';
import { type Column, countColumn, DataTable, pctColumn } from '../components/DataTable';
import { ErrorBox, Loading } from '../components/ErrorBox';
import { PaceBadge, TargetMeter } from '../components/Meter';
import {
  type Dashboard as DashboardData,
  type DashboardRow,
  type DashboardSeries,
  type DataQualityItem,
  useDashboard,
} from '../features/reports/api';
import {
  breakdownOption,
  monthOption,
  monthlySample,
  subTargetOption,
  timeseriesOption,
  unknownLast,
} from '../lib/charts';
import {
  filterWords,
  freshness,
  neededPerWeek,
  pctOfTarget,
  rosterAge,
  shortfall,
} from '../lib/dashboard';
import { type DashboardFilters, filtersFromSearch, toQuery, withFilter } from '../lib/filters';
import { formatCount, formatDate, formatDateTime, formatPct, share } from '../lib/format';
import { todayUtc } from '../lib/dates';
import { PROVINCES } from '../lib/provinces';

/** Rows of each table that fit, with the charts, on one printed A4 landscape page. */
const PRINT_ROWS = 5;

/** Under a province filter a row without a target has no province sub-target: say so. */
function targetCell(r: DashboardRow, province: string | undefined) {
  if (r.target !== null) return formatCount(r.target);
  return province ? <span className="muted">no province sub-target</span> : '–';
}

function progressColumns(
  first: string,
  opts: {
    province?: string;
    endsOn: (r: DashboardRow) => string | undefined;
    name?: (r: DashboardRow) => React.ReactNode;
    lastRoster?: Map<string, DataQualityItem>;
  },
): Column<DashboardRow>[] {
  const today = todayUtc();
  const dash = (v: string) => (opts.province ? <span className="muted">{v}</span> : v);
  const columns: Column<DashboardRow>[] = [
    {
      header: first,
      cell: (r) => (opts.name ? opts.name(r) : <span dir="auto">{r.label}</span>),
      sortValue: (r) => r.label,
    },
    {
      header: 'Completed against target',
      cell: (r) => (
        <TargetMeter
          value={r.completed}
          target={r.target}
          expected={r.expectedCompletedByNow}
          label={r.label}
        />
      ),
      sortValue: (r) => r.completionPct,
    },
    countColumn('Enrolled', (r) => r.enrolled),
    countColumn('Completed', (r) => r.completed),
    {
      header: 'Target',
      numeric: true,
      cell: (r) => targetCell(r, opts.province),
      sortValue: (r) => r.target,
    },
    pctColumn('Completed %', (r) => r.completionPct),
    {
      header: 'Expected by today',
      numeric: true,
      cell: (r) =>
        r.expectedCompletedByNow === null ? dash('–') : formatCount(r.expectedCompletedByNow),
      sortValue: (r) => r.expectedCompletedByNow,
    },
    {
      header: 'Shortfall',
      numeric: true,
      cell: (r) => {
        const s = shortfall(r);
        return s === null ? dash('–') : s <= 0 ? `none (${formatCount(-s)} ahead)` : formatCount(s);
      },
      sortValue: (r) => shortfall(r),
    },
    {
      header: 'Needed per week',
      numeric: true,
      cell: (r) => formatCount(neededPerWeek(r, opts.endsOn(r), today)),
      sortValue: (r) => neededPerWeek(r, opts.endsOn(r), today),
    },
    {
      header: 'Pace',
      cell: (r) => <PaceBadge pace={r.pace} />,
      sortValue: (r) => r.pace,
    },
    countColumn('Projected at end', (r) => r.projectedAtEnd),
  ];
  const roster = opts.lastRoster;
  if (roster) {
    columns.push({
      header: 'Last roster',
      cell: (r) => <LastRoster item={roster.get(r.key)} />,
      sortValue: (r) => roster.get(r.key)?.daysSinceLastImport ?? null,
    });
  }
  return columns;
}

function LastRoster({ item }: { item: DataQualityItem | undefined }) {
  if (!item) return <span className="muted">–</span>;
  return (
    <span className={item.stale ? 'stale' : undefined}>
      {item.lastImportAt ? formatDate(item.lastImportAt) : 'no roster'}
      {item.lastImportAt && <span className="muted"> · {rosterAge(item.daysSinceLastImport)}</span>}
      {item.stale && (
        <strong>
          {' '}
          <span aria-hidden="true">⚠</span> stale
        </strong>
      )}
    </span>
  );
}

const breakdownColumns = (first: string): Column<DashboardRow>[] => [
  { header: first, cell: (r) => r.label, sortValue: (r) => r.label },
  countColumn('Enrolled', (r) => r.enrolled),
  countColumn('Completed', (r) => r.completed),
  countColumn('Certified', (r) => r.certified),
  countColumn('Women', (r) => r.female),
  countColumn('Sub-target', (r) => r.target),
  {
    header: 'Enrolled % of sub-target',
    numeric: true,
    cell: (r) => formatPct(pctOfTarget(r.enrolled, r.target)),
    sortValue: (r) => pctOfTarget(r.enrolled, r.target),
  },
  pctColumn('Completed % of sub-target', (r) => r.completionPct),
];

function Tile({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <div className="tile">
      <div className="tile-label">{label}</div>
      <div className="tile-value">{value}</div>
      {note && <div className="tile-note">{note}</div>}
    </div>
  );
}

function NationalTiles({
  report,
  filtered,
  scopeName,
}: {
  report: NonNullable<DashboardData['national']>;
  filtered: boolean;
  scopeName: string | null;
}) {
  const u = report.unique;
  const s = report.sumOverPartners;
  const title = scopeName ? `Totals: ${scopeName}` : 'National totals';
  return (
    <section aria-labelledby="tiles-title" className="block">
      <h2 id="tiles-title" className="subtle-title">
        {title}
        {filtered ? ': these totals do not follow the filters; the tables and charts below do' : ''}
      </h2>
      <div className="tiles">
        <Tile label="Enrolled (unique trainees)" value={formatCount(u.enrolled)} />
        <Tile label="Completed" value={formatCount(u.completed)} />
        <Tile label="Certified" value={formatCount(u.certified)} />
        <Tile
          label="Women"
          value={formatPct(share(u.female, u.enrolled))}
          note={`${formatCount(u.female)} women enrolled`}
        />
      </div>
      <details className="explain">
        <summary>
          {formatCount(s.enrolled)} summed over partners; {formatCount(report.sharedTrainees)}{' '}
          trainees enrolled with more than one partner
        </summary>
        <p>
          Unique: a person is counted once, whichever partners trained them. Summed: each
          partner&rsquo;s own figures count the trainees it enrolled, so the partners&rsquo; figures
          added together ({formatCount(s.enrolled)} enrolled, {formatCount(s.completed)} completed,{' '}
          {formatCount(s.certified)} certified) are higher by the trainees shared between partners.
          &ldquo;Completed&rdquo; counts trainees with a completed enrollment;
          &ldquo;certified&rdquo; those holding a certificate that was not revoked.
        </p>
      </details>
    </section>
  );
}

function TableToggle({ children }: { children: React.ReactNode }) {
  return (
    <details className="as-table">
      <summary>Show as table</summary>
      {children}
    </details>
  );
}

function Breakdown({
  title,
  id,
  rows,
  againstSubTarget,
}: {
  title: string;
  id: string;
  rows: DashboardRow[];
  againstSubTarget: boolean;
}) {
  const ordered = useMemo(() => unknownLast(rows), [rows]);
  const hasTargets = againstSubTarget && ordered.some((r) => r.target !== null);
  const option = useMemo(
    () => (hasTargets ? subTargetOption(ordered) : breakdownOption(ordered)),
    [ordered, hasTargets],
  );
  return (
    <section className="panel" aria-labelledby={`bd-${id}`}>
      <h2 id={`bd-${id}`}>{title}</h2>
      {hasTargets && (
        <p className="muted">
          Enrolled and completed as a percentage of each sub-target; keys without one are in the
          table.
        </p>
      )}
      <Chart
        option={option}
        label={
          hasTargets
            ? `${title}: enrolled and completed as a percentage of each sub-target`
            : `${title}: enrolled and completed`
        }
        height={240}
      />
      <TableToggle>
        <DataTable
          caption={title}
          columns={breakdownColumns(title.replace(/^By /, ''))}
          rows={ordered}
          rowKey={(r) => r.key}
        />
      </TableToggle>
    </section>
  );
}

function SeriesPanel({
  series,
  programs,
  chosen,
  onChoose,
  row,
}: {
  series: DashboardSeries | null;
  programs: DashboardData['programList'];
  chosen: string | undefined;
  onChoose: (code: string) => void;
  row: DashboardRow | undefined;
}) {
  const option = useMemo(
    () =>
      series
        ? timeseriesOption(
            { program: series.program, metric: 'completed', points: series.points },
            { endsOn: series.endsOn, projectedAtEnd: row?.projectedAtEnd ?? null },
            { endsOn: series.endsOn, target: series.target },
          )
        : null,
    [series, row?.projectedAtEnd],
  );
  const empty = series !== null && series.points.every((p) => p.value === 0);
  return (
    <section className="panel panel-wide" aria-labelledby="series-title">
      <h2 id="series-title">
        Completions over time: {series ? `${series.name} (${series.program})` : 'no program'}
      </h2>
      <div className="no-print inline-edit">
        <label htmlFor="series-program">Program shown</label>
        <select
          id="series-program"
          value={chosen ?? series?.program ?? ''}
          onChange={(e) => onChoose(e.target.value)}
        >
          {programs.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name} ({p.code})
            </option>
          ))}
        </select>
      </div>
      {!series || !option ? (
        <p className="muted">No program to show.</p>
      ) : (
        <>
          <p className="muted">
            {formatDate(series.startsOn)} to {formatDate(series.endsOn)}, target{' '}
            {formatCount(series.target)} · dashed: the target line to the end · dotted: projected at
            the recent pace
          </p>
          {empty && (
            <p className="empty-series">
              No completions recorded for {series.name} yet: the line stays at zero until the first
              trainee completes.
            </p>
          )}
          <Chart
            option={option}
            label={`Cumulative completions of ${series.name} with its target line to ${formatDate(series.endsOn)}`}
          />
          <TableToggle>
            <DataTable
              caption={`Completions of ${series.name}, cumulative (first of each month)`}
              columns={[
                { header: 'Date', cell: (p) => formatDate(p.date), sortValue: (p) => p.date },
                {
                  header: 'Completed (cumulative)',
                  numeric: true,
                  cell: (p) => formatCount(p.value),
                  sortValue: (p) => p.value,
                },
                {
                  header: 'Target line',
                  numeric: true,
                  cell: (p) => formatCount(p.target),
                  sortValue: (p) => p.target,
                },
              ]}
              rows={monthlySample(series.points)}
              rowKey={(p) => p.date}
            />
          </TableToggle>
        </>
      )}
    </section>
  );
}

function DataQualityPanel({
  items,
  mayReconcile,
}: {
  items: DataQualityItem[];
  mayReconcile: boolean;
}) {
  const columns: Column<DataQualityItem>[] = [
    {
      header: 'Partner',
      cell: (d) => (
        <Link to={`/imports?partner=${encodeURIComponent(d.partnerCode)}`}>
          {d.partnerCode}
          <span className="visually-hidden">: its imports</span>
        </Link>
      ),
      sortValue: (d) => d.partnerCode,
    },
    {
      header: 'Last roster',
      cell: (d) => <LastRoster item={d} />,
      sortValue: (d) => d.daysSinceLastImport,
    },
    countColumn('Imports (30 days)', (d) => d.imports30d),
    countColumn('Rows (30 days)', (d) => d.rows30d),
    pctColumn('Rejected %', (d) => d.rejectedPct30d),
    pctColumn('Warnings %', (d) => d.warningsPct30d),
    {
      header: 'Top problems',
      cell: (d) =>
        d.topProblems.length === 0 ? (
          <span className="muted">none</span>
        ) : (
          d.topProblems.map((p) => `${p.code} ${formatCount(p.count)}`).join(', ')
        ),
      sortValue: (d) => d.topProblems[0]?.count ?? 0,
    },
    {
      header: 'Open identity conflicts',
      numeric: true,
      cell: (d) =>
        mayReconcile && d.openIdentityConflicts > 0 ? (
          <Link to={`/identity-conflicts?partner=${encodeURIComponent(d.partnerCode)}`}>
            {formatCount(d.openIdentityConflicts)}
            <span className="visually-hidden"> open conflicts of {d.partnerCode}</span>
          </Link>
        ) : (
          formatCount(d.openIdentityConflicts)
        ),
      sortValue: (d) => d.openIdentityConflicts,
    },
    countColumn('No birth date', (d) => d.missing.dateOfBirth),
    countColumn('No province', (d) => d.missing.province),
    countColumn('No district', (d) => d.missing.district),
    countColumn('No phone', (d) => d.missing.phone),
    countColumn('Shared trainees', (d) => d.sharedTrainees),
  ];
  return (
    <section className="block" aria-labelledby="quality-title">
      <h2 id="quality-title">Data quality</h2>
      <p className="muted">
        How fresh and how clean each partner&rsquo;s data is, so a figure can be trusted before it
        is quoted: rosters older than 14 days are stale; rates cover the last 30 days of imports;
        &ldquo;No …&rdquo; counts the partner&rsquo;s trainees lacking that field.
      </p>
      <DataTable
        caption="Data quality per partner"
        captionHidden
        columns={columns}
        rows={items}
        rowKey={(d) => d.partnerCode}
        defaultSort={{ column: 'Last roster', descending: true }}
        printRows={PRINT_ROWS}
        rowsNoun="partners"
      />
    </section>
  );
}

function Filters({
  filters,
  showPartner,
  programs,
}: {
  filters: DashboardFilters;
  showPartner: boolean;
  programs: DashboardData['programList'];
}) {
  const [search, setSearch] = useSearchParams();
  const partners = useQuery({
    queryKey: ['/partners?limit=500'],
    queryFn: ({ signal }) => api<Page<Partner>>('/partners?limit=500', { signal }),
    enabled: showPartner,
    staleTime: 60_000,
  });
  const set = (key: keyof DashboardFilters) => (e: React.ChangeEvent<HTMLSelectElement>) =>
    setSearch(withFilter(search, key, e.target.value), { replace: true });
  return (
    <form className="filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
      {showPartner && (
        <label>
          Partner
          <select value={filters.partner ?? ''} onChange={set('partner')}>
            <option value="">All partners</option>
            {partners.data?.items.map((p) => (
              <option key={p.code} value={p.code}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        Program
        <select value={filters.program ?? ''} onChange={set('program')}>
          <option value="">All programs</option>
          {programs.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Province
        <select value={filters.province ?? ''} onChange={set('province')}>
          <option value="">All provinces</option>
          {PROVINCES.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name}
            </option>
          ))}
          <option value="unknown">Not given</option>
        </select>
      </label>
    </form>
  );
}

/** Ticks every 30 s so "13 minutes ago" stays true while the page is open. */
function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** The file name carries the filters: `national-progress-sindh-2026-12-03.xlsx`. */
export function exportName(filters: DashboardFilters, format: string, today: string): string {
  const province = PROVINCES.find((p) => p.code === filters.province)?.name ?? filters.province;
  const parts = ['national-progress', filters.partner, filters.program, province, today]
    .filter((p): p is string => Boolean(p))
    .map((p) => p.toLowerCase().replace(/[^a-z0-9]+/g, '-'));
  return `${parts.join('-')}.${format}`;
}

export default function Dashboard() {
  const session = useSession();
  const [search, setSearch] = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(search), [search]);
  const chosenSeries = search.get('series') ?? undefined;
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const now = useNow();
  const partnerUser = session?.user.role === 'partner';
  const q = useDashboard(filters, chosenSeries);
  const data = q.data;
  const scopeName = data?.scopePartners?.map((p) => p.code).join(', ') ?? null;
  // A coordinator may be limited to some partners, which only the answer says: until it comes,
  // the title claims no scope rather than flashing "National progress" first.
  const title = partnerUser
    ? 'Progress of your programs'
    : scopeName
      ? `Progress: ${scopeName}`
      : session?.user.role === 'coordinator' && !data
        ? 'Progress'
        : 'National progress';
  const quality = useMemo(
    () => new Map((data?.dataQuality ?? []).map((d) => [d.partnerCode, d])),
    [data?.dataQuality],
  );
  const endsOf = useMemo(() => {
    const program = new Map((data?.programList ?? []).map((p) => [p.code, p.endsOn]));
    const partner = new Map<string, string>();
    for (const p of data?.programList ?? []) {
      const current = partner.get(p.partnerCode);
      if (!current || p.endsOn > current) partner.set(p.partnerCode, p.endsOn);
    }
    return { program, partner };
  }, [data?.programList]);
  const refreshFailed = q.isError && data !== undefined;

  // CSV: the programs table; XLSX: the whole view, one sheet per breakdown.
  const exportAs = (format: 'csv' | 'xlsx') => {
    setDownloadError(null);
    const path =
      format === 'xlsx'
        ? `/reports/dashboard${toQuery({ ...filters, series: chosenSeries, format })}`
        : `/reports/targets${toQuery({ groupBy: 'program', ...filters, format })}`;
    download(path, exportName(filters, format, todayUtc())).catch(setDownloadError);
  };
  const chooseSeries = (code: string) => {
    const next = new URLSearchParams(search);
    next.set('series', code);
    setSearch(next, { replace: true });
  };

  return (
    <div className="page dashboard">
      <div className="print-header print-only">
        <strong>{title}</strong> · filters: {filterWords(filters)}
        {data?.asOf ? ` · figures as of ${formatDateTime(data.asOf)}` : ''} · printed{' '}
        {formatDateTime(now.toISOString())} by {session?.user.email ?? 'unknown'}
      </div>
      <div className="page-head">
        <div>
          <h1>{title}</h1>
          <p className="muted freshness" aria-live="polite">
            {data?.asOf ? `Figures ${freshness(data.asOf, now)}` : 'Figures are being computed'}
            <span className="no-print">
              {data?.asOf && !refreshFailed ? ' · refreshed every few seconds' : ''}
            </span>
          </p>
        </div>
        <div className="actions no-print">
          <button type="button" className="button" onClick={() => exportAs('csv')}>
            Download programs (CSV)
          </button>
          <button type="button" className="button" onClick={() => exportAs('xlsx')}>
            Download the whole view (XLSX)
          </button>
          <button type="button" className="button button-quiet" onClick={() => window.print()}>
            Print
          </button>
        </div>
      </div>
      <Filters filters={filters} showPartner={!partnerUser} programs={data?.programList ?? []} />
      <ErrorBox error={downloadError} />
      {refreshFailed && (
        <div className="alert alert-error no-print" role="alert">
          <p>
            <strong>The figures could not be refreshed.</strong> Showing the last figures received
            {data?.asOf ? ` (${freshness(data.asOf, now)})` : ''}, greyed out; the page keeps
            trying.{' '}
            <button type="button" className="button button-quiet" onClick={() => void q.refetch()}>
              Try now
            </button>
          </p>
        </div>
      )}
      {!data ? (
        q.error ? (
          <ErrorBox error={q.error} onRetry={() => void q.refetch()} />
        ) : (
          <Loading what="the figures" />
        )
      ) : (
        <div className={refreshFailed ? 'figures figures-stale' : 'figures'}>
          {data.national && (
            <NationalTiles
              report={data.national}
              filtered={Object.keys(filters).length > 0}
              scopeName={scopeName}
            />
          )}

          <section className="block" aria-labelledby="partners-title">
            <h2 id="partners-title">Partners against their commitments</h2>
            <p className="muted">
              Furthest behind first. Shortfall: completions expected by today minus those made;
              needed per week: completions each week from today to land on target by the end of the
              partner&rsquo;s last program. Every column sorts.
            </p>
            {filters.province && data.partners.some((r) => r.target === null) && (
              <p className="muted">
                Where a partner has no province sub-target for this province, target, expected by
                today, shortfall and pace are not given (&ldquo;no province sub-target&rdquo;).
              </p>
            )}
            <DataTable
              caption="Completed trainees per partner against the partner's target; the mark is the number expected by today"
              captionHidden
              columns={progressColumns('Partner', {
                province: filters.province,
                endsOn: (r) => endsOf.partner.get(r.key),
                lastRoster: quality,
              })}
              rows={data.partners}
              rowKey={(r) => r.key}
              defaultSort={{ column: 'Shortfall', descending: true }}
              printRows={PRINT_ROWS}
              rowsNoun="partners"
            />
          </section>

          {data.dataQuality.length > 0 && (
            <DataQualityPanel
              items={data.dataQuality}
              mayReconcile={session?.user.role === 'admin' || session?.user.role === 'coordinator'}
            />
          )}

          <section className="block" aria-labelledby="programs-title">
            <h2 id="programs-title">Programs against target</h2>
            <DataTable
              caption="Completed trainees per program against its target; the mark is the number expected by today"
              captionHidden
              columns={progressColumns('Program', {
                province: filters.province,
                endsOn: (r) => endsOf.program.get(r.key),
                name: (r) =>
                  session?.user.role === 'admin' || session?.user.role === 'coordinator' ? (
                    <Link to={`/programs/${encodeURIComponent(r.key)}`} dir="auto">
                      {r.label}
                    </Link>
                  ) : (
                    <span dir="auto">{r.label}</span>
                  ),
              })}
              rows={data.programs}
              rowKey={(r) => r.key}
              defaultSort={{ column: 'Shortfall', descending: true }}
              printRows={PRINT_ROWS}
              rowsNoun="programs"
            />
          </section>

          <div className="panels">
            <SeriesPanel
              series={data.series}
              programs={data.programList}
              chosen={chosenSeries}
              onChoose={chooseSeries}
              row={data.programs.find((r) => r.key === data.series?.program)}
            />
            <Breakdown title="By province" id="province" rows={data.province} againstSubTarget />
            <Breakdown title="By gender" id="gender" rows={data.gender} againstSubTarget />
            <Breakdown title="By track" id="track" rows={data.track} againstSubTarget />
            <MonthView rows={data.month} />
          </div>
        </div>
      )}
    </div>
  );
}

function MonthView({ rows }: { rows: DashboardRow[] }) {
  const option = useMemo(() => monthOption(rows), [rows]);
  return (
    <section className="panel" aria-labelledby="bd-month">
      <h2 id="bd-month">By month</h2>
      <Chart option={option} label="Enrollments and completions in each month" height={240} />
      <TableToggle>
        <DataTable
          caption="Enrollments and completions per month"
          columns={[
            { header: 'Month', cell: (r) => r.key, sortValue: (r) => r.key },
            {
              header: 'Enrolled',
              numeric: true,
              cell: (r) => formatCount(r.enrolled),
              sortValue: (r) => r.enrolled,
            },
            {
              header: 'Completed',
              numeric: true,
              cell: (r) => formatCount(r.completed),
              sortValue: (r) => r.completed,
            },
          ]}
          rows={rows}
          rowKey={(r) => r.key}
        />
      </TableToggle>
    </section>
  );
}
