// A cohort and its roster (the coordinator's day): who is in it, how far each has come, counts
// and completion by status, and a bulk "mark selected completed on <date>" or "dropped" in one
// request (PATCH /cohorts/{code}/enrollments), with the refusals listed by trainee.
import { type FormEvent, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { Enrollment } from '../api/types';
import { useSession } from '../auth/useSession';
import { DataTable } from '../components/DataTable';
import { DateInput } from '../components/DateInput';
import { ErrorBox, Loading } from '../components/ErrorBox';
import { Field } from '../components/Field';
import { Pager } from '../components/Pager';
import { refuseIfAny, useSubmit } from '../components/useSubmit';
import { useCohortCertifications } from '../features/certifications/api';
import {
  type BulkStatusAnswer,
  type BulkStatusChange,
  useBulkStatusMutation,
  useCohort,
  useCohortFigures,
} from '../features/cohorts/api';
import { useCohortEnrollments } from '../features/enrollments/api';
import { useCohortTrainees } from '../features/trainees/api';
import { overCapacity, todayIso } from '../lib/cohorts';
import { formatCnic, maskCnic } from '../lib/cnic';
import { DATE_HELP, dateText, parseDate } from '../lib/dates';
import { formatCount, formatDate, formatPct, formatTime, share } from '../lib/format';
import { label } from '../lib/labels';
import { mayEditRecords } from '../lib/nav';

const STATUSES = ['enrolled', 'active', 'completed', 'dropped'] as const;

/** The trainee an enrollment names, for callers who may see it. */
const traineeOf = (e: Enrollment) => e.trainee ?? null;

function Figures({ programCode, code }: { programCode: string; code: string }) {
  const figures = useCohortFigures(programCode, code);
  const row = figures.data?.row;
  if (figures.error) return <ErrorBox error={figures.error} />;
  if (!figures.data) return <Loading what="the counts" />;
  if (!row) return <p className="muted">No enrollment counted yet.</p>;
  return (
    <div>
      <dl className="counts" aria-label="Enrollments by status">
        <div>
          <dt>In training</dt>
          <dd>{formatCount(row.active)}</dd>
        </div>
        <div>
          <dt>Completed</dt>
          <dd>
            {formatCount(row.completed)} ({formatPct(share(row.completed, row.enrolled))})
          </dd>
        </div>
        <div>
          <dt>Dropped</dt>
          <dd>{formatCount(row.dropped)}</dd>
        </div>
        <div>
          <dt>Certified</dt>
          <dd>{formatCount(row.certified)}</dd>
        </div>
        <div>
          <dt>All enrolled</dt>
          <dd>{formatCount(row.enrolled)}</dd>
        </div>
      </dl>
      <p className="help">
        In training: enrolled or active. Completion: completed out of everyone ever enrolled.
        Figures as of {formatTime(figures.data.asOf)}; they follow a change within seconds.
      </p>
    </div>
  );
}

function BulkActions(props: {
  code: string;
  selected: Enrollment[];
  onDone: (answer: BulkStatusAnswer, body: BulkStatusChange) => void;
}) {
  const submit = useSubmit();
  const bulk = useBulkStatusMutation(props.code);
  const [completedOn, setCompletedOn] = useState(() => dateText(todayIso()));
  const n = props.selected.length;
  const send = async (status: 'completed' | 'dropped', e?: FormEvent) => {
    e?.preventDefault();
    const parsed = parseDate(completedOn);
    if (
      status === 'dropped' &&
      !window.confirm(`Mark ${n} ${n === 1 ? 'trainee' : 'trainees'} dropped from ${props.code}?`)
    )
      return;
    const body: BulkStatusChange = {
      ids: props.selected.map((s) => s.id),
      status,
      ...(status === 'completed' && parsed.ok && parsed.iso ? { completedOn: parsed.iso } : {}),
    };
    const answer = await submit.run(() => {
      refuseIfAny(
        status === 'completed' && !parsed.ok
          ? [{ field: 'completedOn', message: parsed.message }]
          : [],
      );
      return bulk.mutateAsync(body);
    });
    if (answer) props.onDone(answer, body);
  };
  return (
    <form
      className="card bulk"
      aria-labelledby="bulk-title"
      onSubmit={(e) => void send('completed', e)}
      noValidate
    >
      <h3 id="bulk-title" className="subtle-title">
        {n === 0 ? 'Select trainees to change them together' : `${n} selected`}
      </h3>
      <div className="inline-form">
        <Field label="Completed on" help={DATE_HELP} error={submit.fieldError('completedOn')}>
          <DateInput value={completedOn} onValue={setCompletedOn} />
        </Field>
        <button type="submit" className="button button-primary" disabled={n === 0 || submit.busy}>
          Mark selected completed
        </button>
        <button
          type="button"
          className="button"
          disabled={n === 0 || submit.busy}
          onClick={() => void send('dropped')}
        >
          Mark selected dropped
        </button>
      </div>
      {submit.error && !submit.fieldError('completedOn') ? <ErrorBox error={submit.error} /> : null}
    </form>
  );
}

export default function CohortPage() {
  const { code = '' } = useParams();
  const session = useSession();
  const wholeCnic = session ? mayEditRecords(session.user.role) : false;
  const [search, setSearch] = useSearchParams();
  const status = search.get('status') || undefined;
  const cohort = useCohort(code);
  const enrollments = useCohortEnrollments(code, { status });
  const trainees = useCohortTrainees(code);
  const certificates = useCohortCertifications(code);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [result, setResult] = useState<{ answer: BulkStatusAnswer; status: string } | null>(null);
  if (cohort.error)
    return (
      <div className="page">
        <h1>Cohort {code}</h1>
        <ErrorBox error={cohort.error} onRetry={() => void cohort.refetch()} />
      </div>
    );
  if (!cohort.data) return <Loading what="the cohort" />;
  const c = cohort.data;
  const rows = enrollments.query.data?.items ?? [];
  const names = new Map(rows.map((e) => [e.id, traineeOf(e)?.fullName ?? 'A trainee']));
  const over = overCapacity(c);
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };
  const allShown = rows.length > 0 && rows.every((e) => selected.has(e.id));
  const certificateOf = (traineeId: string) =>
    certificates.data?.filter((x) => x.traineeId === traineeId && !x.revokedAt) ?? [];
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
          <p className="muted">
            {c.code} · <span dir="auto">{c.city ?? 'No city'}</span> · {c.track} ·{' '}
            {c.startsOn || c.endsOn
              ? `${formatDate(c.startsOn)} – ${formatDate(c.endsOn)}`
              : 'dates not set'}
          </p>
        </div>
        <Link className="button" to={`/cohorts/${encodeURIComponent(c.code)}/edit`}>
          Edit cohort
        </Link>
      </div>
      <section className="card" aria-label="Cohort details">
        <dl className="facts">
          <div>
            <dt>Training centre</dt>
            <dd>
              <span dir="auto">{c.trainingCentre ?? '–'}</span>
            </dd>
          </div>
          <div>
            <dt>Province</dt>
            <dd>{label('province', c.province)}</dd>
          </div>
          <div>
            <dt>Mode</dt>
            <dd>{label('mode', c.mode)}</dd>
          </div>
          <div>
            <dt>Seats</dt>
            <dd>
              {formatCount(c.enrolledCount)} / {formatCount(c.capacity)}
              {over && (
                <strong className="warning-mark">
                  {' '}
                  <span aria-hidden="true">⚠</span> {over}
                </strong>
              )}
            </dd>
          </div>
        </dl>
        <Figures programCode={c.programCode} code={c.code} />
      </section>
      <section className="block" aria-labelledby="roster-title">
        <div className="section-head">
          <h2 id="roster-title">Roster</h2>
          <form
            className="filters"
            aria-label="Filter the roster"
            onSubmit={(e) => e.preventDefault()}
          >
            <label>
              Status
              <select
                value={status ?? ''}
                onChange={(e) => {
                  const next = new URLSearchParams(search);
                  if (e.target.value) next.set('status', e.target.value);
                  else next.delete('status');
                  setSearch(next, { replace: true });
                  setSelected(new Set());
                }}
              >
                <option value="">Any status</option>
                {STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {label('enrollment', s)}
                  </option>
                ))}
              </select>
            </label>
          </form>
        </div>
        <BulkActions
          code={c.code}
          selected={rows.filter((e) => selected.has(e.id))}
          onDone={(answer, body) => {
            setResult({ answer, status: body.status });
            setSelected(new Set(answer.refused.map((r) => r.id)));
          }}
        />
        {result && (
          <div
            className={`alert ${result.answer.refused.length ? 'alert-warning' : 'alert-success'}`}
            role="status"
          >
            <p>
              {formatCount(result.answer.updated)} marked{' '}
              {label('enrollment', result.status).toLowerCase()}
              {result.answer.unchanged > 0 &&
                `, ${formatCount(result.answer.unchanged)} already so`}
              {result.answer.refused.length > 0 &&
                `; ${formatCount(result.answer.refused.length)} refused (still selected):`}
            </p>
            {result.answer.refused.length > 0 && (
              <ul>
                {result.answer.refused.map((r) => (
                  <li key={r.id}>
                    <span dir="auto">{names.get(r.id) ?? 'A trainee'}</span>: {r.reason}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        {enrollments.query.error ? (
          <ErrorBox
            error={enrollments.query.error}
            onRetry={() => void enrollments.query.refetch()}
          />
        ) : !enrollments.query.data ? (
          <Loading what="the roster" />
        ) : (
          <>
            <label className="check-all">
              <input
                type="checkbox"
                checked={allShown}
                onChange={() => setSelected(allShown ? new Set() : new Set(rows.map((e) => e.id)))}
              />{' '}
              Select everyone shown
            </label>
            <DataTable
              caption={`Roster of ${c.code}`}
              captionHidden
              rows={rows}
              rowKey={(e) => e.id}
              empty={
                status
                  ? 'Nobody in this cohort has this status.'
                  : 'Nobody is enrolled in this cohort yet.'
              }
              columns={[
                {
                  header: 'Select',
                  cell: (e: Enrollment) => (
                    <input
                      type="checkbox"
                      checked={selected.has(e.id)}
                      onChange={() => toggle(e.id)}
                      aria-label={`Select ${traineeOf(e)?.fullName ?? 'this trainee'}`}
                    />
                  ),
                },
                {
                  header: 'Name',
                  auto: true,
                  cell: (e) => (
                    <Link to={`/trainees/${e.traineeId}`}>
                      {traineeOf(e)?.fullName ?? 'Open trainee'}
                    </Link>
                  ),
                },
                {
                  header: 'CNIC',
                  cell: (e) => {
                    const cnic = trainees.data?.get(e.traineeId)?.cnic;
                    return wholeCnic ? formatCnic(cnic) : maskCnic(cnic);
                  },
                },
                { header: 'Status', cell: (e) => label('enrollment', e.status) },
                { header: 'Progress', numeric: true, cell: (e) => `${e.progressPct} %` },
                { header: 'Completed on', cell: (e) => formatDate(e.completedOn) },
                {
                  header: 'Certificate',
                  cell: (e) =>
                    certificateOf(e.traineeId)
                      .map((x) => `${x.name} ✓`)
                      .join(', ') || '–',
                },
              ]}
            />
          </>
        )}
        <Pager {...enrollments} />
      </section>
    </div>
  );
}
