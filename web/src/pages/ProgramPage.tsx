import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api } from '../api/client';
import type { Cohort, TargetsReport } from '../api/types';
import { DataTable } from '../components/DataTable';
import { ErrorBox, Loading } from '../components/ErrorBox';
import { PaceBadge } from '../components/Meter';
import { Pager } from '../components/Pager';
import { ProgramSeries } from '../components/ProgramSeries';
import { useCohorts } from '../features/cohorts/api';
import { useProgram } from '../features/programs/api';
import { REFRESH_MS } from '../features/query';
import { toQuery } from '../lib/filters';
import { formatCount, formatDate, formatPct } from '../lib/format';
import { label, targetKeyLabel } from '../lib/labels';

export default function ProgramPage() {
  const { code = '' } = useParams();
  const program = useProgram(code);
  const reportPath = `/reports/targets${toQuery({ groupBy: 'program', program: code })}`;
  const report = useQuery({
    queryKey: ['reports', reportPath],
    queryFn: ({ signal }) => api<TargetsReport>(reportPath, { signal }),
    refetchInterval: REFRESH_MS,
  });
  const cohorts = useCohorts(code);
  if (program.error)
    return (
      <div className="page">
        <h1>Program {code}</h1>
        <ErrorBox error={program.error} onRetry={() => void program.refetch()} />
      </div>
    );
  if (!program.data) return <Loading what="the program" />;
  const p = program.data;
  const row = report.data?.rows[0];
  return (
    <div className="page">
      <p>
        <Link to="/programs">← Programs</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>
            <span dir="auto">{p.name}</span>
          </h1>
          <p className="muted">
            {p.code} · {p.partnerCode} · {label('program', p.status)}
          </p>
        </div>
        <div className="actions">
          <Link className="button" to={`/programs/${encodeURIComponent(p.code)}/edit`}>
            Edit program
          </Link>
          <Link
            className="button button-primary"
            to={`/programs/${encodeURIComponent(p.code)}/cohorts/new`}
          >
            New cohort
          </Link>
        </div>
      </div>
      <section className="card" aria-labelledby="facts-title">
        <h2 id="facts-title">Target and progress</h2>
        <dl className="facts">
          <div>
            <dt>Target</dt>
            <dd className="num-left">{formatCount(p.targetTrainees)} trainees</dd>
          </div>
          <div>
            <dt>Runs</dt>
            <dd>
              {formatDate(p.startsOn)} – {formatDate(p.endsOn)}
            </dd>
          </div>
          <div>
            <dt>Tracks</dt>
            <dd>{p.tracks.join(', ') || '–'}</dd>
          </div>
          <div>
            <dt>Enrolled</dt>
            <dd>{formatCount(row?.enrolled)}</dd>
          </div>
          <div>
            <dt>Completed</dt>
            <dd>
              {formatCount(row?.completed)} ({formatPct(row?.completionPct)})
            </dd>
          </div>
          <div>
            <dt>Certified</dt>
            <dd>{formatCount(row?.certified)}</dd>
          </div>
          <div>
            <dt>Pace</dt>
            <dd>
              <PaceBadge pace={row?.pace} />
            </dd>
          </div>
          <div>
            <dt>Projected at end</dt>
            <dd>{formatCount(row?.projectedAtEnd)}</dd>
          </div>
        </dl>
        {report.error ? <ErrorBox error={report.error} /> : null}
      </section>
      {p.targets.length > 0 && (
        <section className="block" aria-labelledby="subtargets-title">
          <h2 id="subtargets-title">Sub-targets</h2>
          <DataTable
            caption="Sub-targets"
            captionHidden
            rows={p.targets}
            rowKey={(t) => `${t.dimension}-${t.key}`}
            columns={[
              { header: 'Dimension', cell: (t) => label('dimension', t.dimension) },
              { header: 'Group', cell: (t) => targetKeyLabel(t.dimension, t.key) },
              { header: 'Target', numeric: true, cell: (t) => formatCount(t.target) },
            ]}
          />
        </section>
      )}
      <div className="panels">
        <ProgramSeries program={p.code} row={row} />
      </div>
      <section className="block" aria-labelledby="cohorts-title">
        <h2 id="cohorts-title">Cohorts</h2>
        {cohorts.query.error ? (
          <ErrorBox error={cohorts.query.error} onRetry={() => void cohorts.query.refetch()} />
        ) : !cohorts.query.data ? (
          <Loading what="cohorts" />
        ) : (
          <DataTable
            caption={`Cohorts of ${p.code}`}
            captionHidden
            rows={cohorts.query.data.items}
            rowKey={(c) => c.id}
            empty="No cohort yet."
            columns={[
              {
                header: 'Code',
                cell: (c: Cohort) => (
                  <Link to={`/cohorts/${encodeURIComponent(c.code)}`}>{c.code}</Link>
                ),
              },
              { header: 'Name', auto: true, cell: (c) => c.name },
              { header: 'Track', cell: (c) => c.track },
              { header: 'City', auto: true, cell: (c) => c.city ?? '–' },
              { header: 'Mode', cell: (c) => label('mode', c.mode) },
              { header: 'Starts', cell: (c) => formatDate(c.startsOn) },
              { header: 'Enrolled', numeric: true, cell: (c) => formatCount(c.enrolledCount) },
              { header: 'Capacity', numeric: true, cell: (c) => formatCount(c.capacity) },
            ]}
          />
        )}
        <Pager {...cohorts} />
      </section>
    </div>
  );
}
