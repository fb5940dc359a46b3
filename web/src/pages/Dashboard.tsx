import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, download } from '../api/client';
import type {
  NationalReport,
  Page,
  Partner,
  Program,
  TargetRow,
  TargetsReport,
} from '../api/types';
import { useSession } from '../auth/useSession';
import { Chart } from '../components/Chart';
import { CodeOptions } from '../components/CodeOptions';
import { type Column, DataTable } from '../components/DataTable';
import { ErrorBox, Loading } from '../components/ErrorBox';
import { PaceBadge, TargetMeter } from '../components/Meter';
import { ProgramSeries } from '../components/ProgramSeries';
import { breakdownOption, monthOption, unknownLast } from '../lib/charts';
import { type DashboardFilters, filtersFromSearch, toQuery, withFilter } from '../lib/filters';
import { formatCount, formatPct, formatTime, share } from '../lib/format';
import { PROVINCES } from '../lib/provinces';

/** Figures follow imports within seconds; the dashboard asks again this often. */
export const REFRESH_MS = 5_000;

function useTargets(groupBy: string, filters: DashboardFilters, enabled = true) {
  const path = `/reports/targets${toQuery({ groupBy, ...filters })}`;
  return useQuery({
    queryKey: [path],
    queryFn: ({ signal }) => api<TargetsReport>(path, { signal }),
    refetchInterval: REFRESH_MS,
    enabled,
  });
}

const progressColumns = (first: string): Column<TargetRow>[] => [
  { header: first, cell: (r) => <span dir="auto">{r.label}</span> },
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
  },
  { header: 'Enrolled', numeric: true, cell: (r) => formatCount(r.enrolled) },
  { header: 'Completed', numeric: true, cell: (r) => formatCount(r.completed) },
  { header: 'Target', numeric: true, cell: (r) => formatCount(r.target) },
  { header: 'Completed %', numeric: true, cell: (r) => formatPct(r.completionPct) },
  {
    header: 'Expected by today',
    numeric: true,
    cell: (r) => formatCount(r.expectedCompletedByNow),
  },
  { header: 'Pace', cell: (r) => <PaceBadge pace={r.pace} /> },
  { header: 'Projected at end', numeric: true, cell: (r) => formatCount(r.projectedAtEnd) },
];

const breakdownColumns = (first: string): Column<TargetRow>[] => [
  { header: first, cell: (r) => r.label },
  { header: 'Enrolled', numeric: true, cell: (r) => formatCount(r.enrolled) },
  { header: 'Completed', numeric: true, cell: (r) => formatCount(r.completed) },
  { header: 'Certified', numeric: true, cell: (r) => formatCount(r.certified) },
  { header: 'Women', numeric: true, cell: (r) => formatCount(r.female) },
  { header: 'Target', numeric: true, cell: (r) => formatCount(r.target) },
  { header: 'Completed %', numeric: true, cell: (r) => formatPct(r.completionPct) },
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

function NationalTiles({ report, filtered }: { report: NationalReport; filtered: boolean }) {
  const u = report.unique;
  const s = report.sumOverPartners;
  return (
    <section aria-labelledby="tiles-title" className="block">
      <h2 id="tiles-title" className={filtered ? 'subtle-title' : 'visually-hidden'}>
        National totals{filtered ? ' (the filters apply to the tables and charts below)' : ''}
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
          A person is counted once in the national totals, whichever partners trained them. Each
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
  groupBy,
  filters,
  ready,
}: {
  title: string;
  groupBy: string;
  filters: DashboardFilters;
  ready: boolean;
}) {
  const q = useTargets(groupBy, filters, ready);
  const rows = useMemo(() => unknownLast(q.data?.rows ?? []), [q.data]);
  const option = useMemo(() => breakdownOption(rows), [rows]);
  return (
    <section className="panel" aria-labelledby={`bd-${groupBy}`}>
      <h2 id={`bd-${groupBy}`}>{title}</h2>
      {q.error ? (
        <ErrorBox error={q.error} onRetry={() => void q.refetch()} />
      ) : !q.data ? (
        <Loading what={title.toLowerCase()} />
      ) : (
        <>
          <Chart
            option={option}
            label={`${title}: enrolled and completed against target`}
            height={240}
          />
          <TableToggle>
            <DataTable
              caption={title}
              columns={breakdownColumns(title.replace(/^By /, ''))}
              rows={rows}
              rowKey={(r) => r.key}
            />
          </TableToggle>
        </>
      )}
    </section>
  );
}

function Filters({ filters, showPartner }: { filters: DashboardFilters; showPartner: boolean }) {
  const [search, setSearch] = useSearchParams();
  const partners = useQuery({
    queryKey: ['/partners?limit=500'],
    queryFn: ({ signal }) => api<Page<Partner>>('/partners?limit=500', { signal }),
    enabled: showPartner,
  });
  const programsPath = `/programs${toQuery({ limit: 500, partnerCode: filters.partner })}`;
  const programs = useQuery({
    queryKey: [programsPath],
    queryFn: ({ signal }) => api<Page<Program>>(programsPath, { signal }),
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
          <CodeOptions items={programs.data?.items} none="All programs" />
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

export default function Dashboard() {
  const session = useSession();
  const [search] = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(search), [search]);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const partnerUser = session?.user.role === 'partner';
  const national = useQuery({
    queryKey: ['/reports/national'],
    queryFn: ({ signal }) => api<NationalReport>('/reports/national', { signal }),
    refetchInterval: REFRESH_MS,
    enabled: session?.user.role !== 'partner',
  });
  const partners = useTargets('partner', filters);
  const programs = useTargets('program', filters);
  // The breakdowns below the fold ask once the headline figures are in, so those come first.
  const ready = programs.data !== undefined || programs.error !== null;
  // Without a program filter, the time series shows the program with the largest target.
  const seriesProgram =
    filters.program ??
    [...(programs.data?.rows ?? [])].sort((a, b) => (b.target ?? 0) - (a.target ?? 0))[0]?.key;
  const asOf = programs.data?.asOf ?? national.data?.asOf;

  const exportAs = (format: 'csv' | 'xlsx') => {
    setDownloadError(null);
    download(
      `/reports/targets${toQuery({ groupBy: 'program', ...filters, format })}`,
      `targets.${format}`,
    ).catch(setDownloadError);
  };

  return (
    <div className="page dashboard">
      <div className="page-head">
        <div>
          {/* A partner user sees its own programs only: the title says so. */}
          <h1>{partnerUser ? 'Progress of your programs' : 'National progress'}</h1>
          <p className="muted" aria-live="polite">
            {asOf
              ? `Figures as of ${formatTime(asOf)}, refreshed every few seconds`
              : 'Figures are being computed'}
          </p>
        </div>
        <div className="actions no-print">
          <button type="button" className="button" onClick={() => exportAs('csv')}>
            Download CSV
          </button>
          <button type="button" className="button" onClick={() => exportAs('xlsx')}>
            Download XLSX
          </button>
          <button type="button" className="button button-quiet" onClick={() => window.print()}>
            Print
          </button>
        </div>
      </div>
      <Filters filters={filters} showPartner={!partnerUser} />
      <ErrorBox error={downloadError} />
      {national.error ? (
        <ErrorBox error={national.error} onRetry={() => void national.refetch()} />
      ) : (
        national.data && (
          <NationalTiles report={national.data} filtered={Object.keys(filters).length > 0} />
        )
      )}

      <section className="block" aria-labelledby="partners-title">
        <h2 id="partners-title">Partners against their commitments</h2>
        {partners.error ? (
          <ErrorBox error={partners.error} onRetry={() => void partners.refetch()} />
        ) : !partners.data ? (
          <Loading what="partners" />
        ) : (
          <DataTable
            caption="Completed trainees per partner against the partner's target; the mark is the number expected by today"
            captionHidden
            columns={progressColumns('Partner')}
            rows={partners.data.rows}
            rowKey={(r) => r.key}
          />
        )}
      </section>

      <section className="block" aria-labelledby="programs-title">
        <h2 id="programs-title">Programs against target</h2>
        {programs.error ? (
          <ErrorBox error={programs.error} onRetry={() => void programs.refetch()} />
        ) : !programs.data ? (
          <Loading what="programs" />
        ) : (
          <DataTable
            caption="Completed trainees per program against its target; the mark is the number expected by today"
            captionHidden
            columns={[
              ...progressColumns('Program')
                .slice(0, 1)
                .map((c) => ({
                  ...c,
                  cell: (r: TargetRow) =>
                    session?.user.role === 'admin' || session?.user.role === 'coordinator' ? (
                      <Link to={`/programs/${encodeURIComponent(r.key)}`} dir="auto">
                        {r.label}
                      </Link>
                    ) : (
                      <span dir="auto">{r.label}</span>
                    ),
                })),
              ...progressColumns('Program').slice(1),
            ]}
            rows={programs.data.rows}
            rowKey={(r) => r.key}
          />
        )}
      </section>

      <div className="panels">
        {seriesProgram && (
          <ProgramSeries
            program={seriesProgram}
            row={programs.data?.rows.find((r) => r.key === seriesProgram)}
          />
        )}
        <Breakdown title="By province" groupBy="province" filters={filters} ready={ready} />
        <Breakdown title="By gender" groupBy="gender" filters={filters} ready={ready} />
        <Breakdown title="By track" groupBy="track" filters={filters} ready={ready} />
        <MonthView filters={filters} ready={ready} />
      </div>
    </div>
  );
}

function MonthView({ filters, ready }: { filters: DashboardFilters; ready: boolean }) {
  const q = useTargets('month', filters, ready);
  const option = useMemo(() => monthOption(q.data?.rows ?? []), [q.data]);
  return (
    <section className="panel" aria-labelledby="bd-month">
      <h2 id="bd-month">By month</h2>
      {q.error ? (
        <ErrorBox error={q.error} onRetry={() => void q.refetch()} />
      ) : !q.data ? (
        <Loading what="months" />
      ) : (
        <>
          <Chart option={option} label="Enrollments and completions in each month" height={240} />
          <TableToggle>
            <DataTable
              caption="Enrollments and completions per month"
              columns={[
                { header: 'Month', cell: (r) => r.key },
                { header: 'Enrolled', numeric: true, cell: (r) => formatCount(r.enrolled) },
                { header: 'Completed', numeric: true, cell: (r) => formatCount(r.completed) },
              ]}
              rows={q.data.rows}
              rowKey={(r) => r.key}
            />
          </TableToggle>
        </>
      )}
    </section>
  );
}
