import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api } from '../api/client';
import type { Cohort, Enrollment } from '../api/types';
import { DataTable } from '../components/DataTable';
import { ErrorBox, Loading } from '../components/ErrorBox';
import { Pager } from '../components/Pager';
import { useList } from '../components/useList';
import { formatCount, formatDate } from '../lib/format';

export default function CohortPage() {
  const { code = '' } = useParams();
  const cohort = useQuery({
    queryKey: [`/cohorts/${code}`],
    queryFn: ({ signal }) => api<Cohort>(`/cohorts/${encodeURIComponent(code)}`, { signal }),
  });
  const enrollments = useList<Enrollment>('/enrollments', { cohortCode: code }, 50);
  if (cohort.error) return <ErrorBox error={cohort.error} onRetry={() => void cohort.refetch()} />;
  if (!cohort.data) return <Loading what="the cohort" />;
  const c = cohort.data;
  return (
    <div className="page">
      <p>
        <Link to={`/programs/${encodeURIComponent(c.programCode)}`}>← {c.programCode}</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>
            <span dir="auto">{c.name}</span>
          </h1>
          <p className="muted">{c.code}</p>
        </div>
        <Link className="button" to={`/cohorts/${encodeURIComponent(c.code)}/edit`}>
          Edit cohort
        </Link>
      </div>
      <section className="card" aria-label="Cohort details">
        <dl className="facts">
          <div>
            <dt>Track</dt>
            <dd>{c.track}</dd>
          </div>
          <div>
            <dt>Training centre</dt>
            <dd>
              <span dir="auto">{c.trainingCentre ?? '–'}</span>
            </dd>
          </div>
          <div>
            <dt>City</dt>
            <dd>
              <span dir="auto">{c.city ?? '–'}</span>
            </dd>
          </div>
          <div>
            <dt>Province</dt>
            <dd>{c.province ?? '–'}</dd>
          </div>
          <div>
            <dt>Mode</dt>
            <dd>{c.mode}</dd>
          </div>
          <div>
            <dt>Runs</dt>
            <dd>
              {formatDate(c.startsOn)} – {formatDate(c.endsOn)}
            </dd>
          </div>
          <div>
            <dt>Enrolled / capacity</dt>
            <dd>
              {formatCount(c.enrolledCount)} / {formatCount(c.capacity)}
            </dd>
          </div>
        </dl>
      </section>
      <section className="block" aria-labelledby="enrollments-title">
        <h2 id="enrollments-title">Enrollments</h2>
        {enrollments.query.error ? (
          <ErrorBox
            error={enrollments.query.error}
            onRetry={() => void enrollments.query.refetch()}
          />
        ) : !enrollments.query.data ? (
          <Loading what="enrollments" />
        ) : (
          <DataTable
            caption={`Enrollments in ${c.code}`}
            captionHidden
            rows={enrollments.query.data.items}
            rowKey={(e) => e.id}
            empty="Nobody is enrolled in this cohort yet."
            columns={[
              {
                header: 'Trainee',
                cell: (e: Enrollment) => <Link to={`/trainees/${e.traineeId}`}>Open trainee</Link>,
              },
              { header: 'External id', cell: (e) => e.externalId ?? '–' },
              { header: 'Status', cell: (e) => e.status },
              { header: 'Progress', numeric: true, cell: (e) => `${e.progressPct} %` },
              { header: 'Enrolled on', cell: (e) => formatDate(e.enrolledOn) },
              { header: 'Completed on', cell: (e) => formatDate(e.completedOn) },
            ]}
          />
        )}
        <Pager {...enrollments} />
      </section>
    </div>
  );
}
