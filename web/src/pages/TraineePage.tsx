import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { api } from '../api/client';
import type {
  Certification,
  CreateCertification,
  Enrollment,
  EnrollmentStatus,
  Page,
  Trainee,
  UpdateEnrollment,
  UpdateTrainee,
} from '../api/types';
import { useSession } from '../auth/useSession';
import { DataTable } from '../components/DataTable';
import { ErrorBox, Loading } from '../components/ErrorBox';
import { Field } from '../components/Field';
import { FormProblem } from '../components/FormProblem';
import { useSubmit } from '../components/useSubmit';
import { formatCnic } from '../lib/cnic';
import { formatDate } from '../lib/format';
import { mayEditRecords } from '../lib/nav';
import { EnrollForm, STATUSES } from './trainees/EnrollForm';
import type { CreatedState } from './trainees/NewTrainee';
import { TRAINEE_FIELDS, TraineeFields, traineeBody, traineeDraft } from './trainees/TraineeFields';

function TraineeForm({ trainee, onSaved }: { trainee: Trainee; onSaved: () => void }) {
  const submit = useSubmit();
  const [draft, setDraft] = useState(() => traineeDraft(trainee));
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const body = traineeBody(draft) as UpdateTrainee;
    const saved = await submit.run(() =>
      api<Trainee>(`/trainees/${trainee.id}`, { method: 'PATCH', body }),
    );
    if (saved) onSaved();
  };
  return (
    <form
      className="card form"
      onSubmit={(e) => void onSubmit(e)}
      noValidate
      aria-labelledby="edit-title"
    >
      <h2 id="edit-title">Edit trainee</h2>
      <FormProblem error={submit.error} fields={TRAINEE_FIELDS} />
      <div className="form-grid">
        <TraineeFields draft={draft} onChange={setDraft} fieldError={submit.fieldError} />
      </div>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={submit.busy}>
          Save trainee
        </button>
      </div>
    </form>
  );
}

function StatusChange({ enrollment, onSaved }: { enrollment: Enrollment; onSaved: () => void }) {
  const [status, setStatus] = useState<EnrollmentStatus>(enrollment.status);
  const submit = useSubmit();
  useEffect(() => setStatus(enrollment.status), [enrollment.status]);
  const save = async () => {
    if (enrollment.status === 'completed' && status !== 'completed') {
      const ok = window.confirm(
        `Move ${enrollment.programCode} back from completed to ${status}? The trainee will no longer count as completed in the reports.`,
      );
      if (!ok) return;
    }
    const body: UpdateEnrollment = { status };
    const saved = await submit.run(() =>
      api<Enrollment>(`/enrollments/${enrollment.id}`, { method: 'PATCH', body }),
    );
    if (saved) onSaved();
  };
  return (
    <div className="inline-edit">
      <select
        aria-label={`Status of the enrollment in ${enrollment.cohortCode}`}
        value={status}
        onChange={(e) => setStatus(e.target.value as EnrollmentStatus)}
      >
        {STATUSES.map((s) => (
          <option key={s}>{s}</option>
        ))}
      </select>
      <button
        type="button"
        className="button"
        disabled={status === enrollment.status || submit.busy}
        onClick={() => void save()}
      >
        Change status
      </button>
      {submit.error ? <ErrorBox error={submit.error} /> : null}
    </div>
  );
}

function RecordCertification({
  trainee,
  programs,
  onSaved,
}: {
  trainee: Trainee;
  programs: string[];
  onSaved: () => void;
}) {
  const submit = useSubmit();
  const [draft, setDraft] = useState({
    programCode: programs[0] ?? '',
    name: '',
    certificateNumber: '',
    issuedOn: '',
    expiresOn: '',
  });
  const set =
    (key: keyof typeof draft) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
      setDraft({ ...draft, [key]: e.target.value });
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const body: CreateCertification = {
      traineeId: trainee.id,
      programCode: draft.programCode,
      name: draft.name,
      certificateNumber: draft.certificateNumber,
      issuedOn: draft.issuedOn,
      expiresOn: draft.expiresOn || null,
    };
    const saved = await submit.run(() =>
      api<Certification>('/certifications', { method: 'POST', body }),
    );
    if (saved) {
      setDraft({ ...draft, name: '', certificateNumber: '', issuedOn: '', expiresOn: '' });
      onSaved();
    }
  };
  return (
    <form
      className="card form"
      onSubmit={(e) => void onSubmit(e)}
      noValidate
      aria-labelledby="record-title"
    >
      <h3 id="record-title">Record a certification</h3>
      <FormProblem error={submit.error} fields={Object.keys(draft)} />
      <div className="form-grid">
        <Field label="Program" error={submit.fieldError('programCode')}>
          <select value={draft.programCode} onChange={set('programCode')}>
            {programs.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </Field>
        <Field label="Certification" help="e.g. HCIA-AI" error={submit.fieldError('name')}>
          <input value={draft.name} onChange={set('name')} />
        </Field>
        <Field
          label="Certificate number"
          help="Unique within the partner."
          error={submit.fieldError('certificateNumber')}
        >
          <input value={draft.certificateNumber} onChange={set('certificateNumber')} />
        </Field>
        <Field label="Issued on" error={submit.fieldError('issuedOn')}>
          <input type="date" value={draft.issuedOn} onChange={set('issuedOn')} />
        </Field>
        <Field
          label="Expires on"
          help="Leave empty if it does not expire."
          error={submit.fieldError('expiresOn')}
        >
          <input type="date" value={draft.expiresOn} onChange={set('expiresOn')} />
        </Field>
      </div>
      <div className="actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={submit.busy || programs.length === 0}
        >
          Record certification
        </button>
      </div>
    </form>
  );
}

export default function TraineePage() {
  const { id = '' } = useParams();
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const created = (location.state as Partial<CreatedState> | null)?.created;
  const queries = useQueryClient();
  const editor = session ? mayEditRecords(session.user.role) : false;
  const [revokeError, setRevokeError] = useState<unknown>(null);
  const trainee = useQuery({
    queryKey: [`/trainees/${id}`],
    queryFn: ({ signal }) => api<Trainee>(`/trainees/${encodeURIComponent(id)}`, { signal }),
  });
  const enrollments = useQuery({
    queryKey: [`/enrollments?traineeId=${id}`],
    queryFn: ({ signal }) =>
      api<Page<Enrollment>>(`/enrollments?limit=100&traineeId=${encodeURIComponent(id)}`, {
        signal,
      }),
  });
  const certifications = useQuery({
    queryKey: [`/certifications?traineeId=${id}`],
    queryFn: ({ signal }) =>
      api<Page<Certification>>(`/certifications?limit=100&traineeId=${encodeURIComponent(id)}`, {
        signal,
      }),
  });
  const refresh = () => void queries.invalidateQueries();
  if (trainee.error)
    return <ErrorBox error={trainee.error} onRetry={() => void trainee.refetch()} />;
  if (!trainee.data) return <Loading what="the trainee" />;
  const t = trainee.data;
  const revoke = (c: Certification) => {
    if (
      !window.confirm(
        `Revoke ${c.name} (${c.certificateNumber})? A revocation is final: the certificate check will say it is revoked.`,
      )
    )
      return;
    setRevokeError(null);
    api<Certification>(`/certifications/${c.id}/revoke`, { method: 'POST' }).then(
      refresh,
      setRevokeError,
    );
  };
  const programs = [...new Set((enrollments.data?.items ?? []).map((e) => e.programCode))];
  return (
    <div className="page">
      <p>
        <Link to="/trainees">← Trainees</Link>
      </p>
      <h1>
        <span dir="auto">{t.fullName}</span>
      </h1>
      {created && (
        <div className="alert alert-success" role="status">
          <p>The trainee is added: enroll it in a cohort below.</p>
          {created.warnings.length > 0 && (
            <ul>
              {created.warnings.map((w) => (
                <li key={w.field + w.message}>{w.message}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <section className="card" aria-label="Trainee details">
        <dl className="facts">
          <div>
            <dt>CNIC</dt>
            <dd>{formatCnic(t.cnic)}</dd>
          </div>
          <div>
            <dt>Gender</dt>
            <dd>{t.gender}</dd>
          </div>
          <div>
            <dt>Date of birth</dt>
            <dd>{formatDate(t.dateOfBirth)}</dd>
          </div>
          <div>
            <dt>Province</dt>
            <dd>{t.province ?? '–'}</dd>
          </div>
          <div>
            <dt>District</dt>
            <dd>
              <span dir="auto">{t.district ?? '–'}</span>
            </dd>
          </div>
          <div>
            <dt>Email</dt>
            <dd>{t.email ?? '–'}</dd>
          </div>
          <div>
            <dt>Phone</dt>
            <dd>{t.phone ?? '–'}</dd>
          </div>
          <div>
            <dt>Category</dt>
            <dd>{t.category.replace('_', ' ')}</dd>
          </div>
        </dl>
      </section>
      <section className="block" aria-labelledby="enr-title">
        <h2 id="enr-title">Enrollments</h2>
        {enrollments.error ? (
          <ErrorBox error={enrollments.error} />
        ) : !enrollments.data ? (
          <Loading what="enrollments" />
        ) : (
          <DataTable
            caption="Enrollments"
            captionHidden
            rows={enrollments.data.items}
            rowKey={(e) => e.id}
            empty="Not enrolled in any cohort you may see."
            columns={[
              { header: 'Program', cell: (e: Enrollment) => e.programCode },
              {
                header: 'Cohort',
                cell: (e) => (
                  <Link to={`/cohorts/${encodeURIComponent(e.cohortCode)}`}>{e.cohortCode}</Link>
                ),
              },
              { header: 'Partner', cell: (e) => e.partnerCode },
              { header: 'Progress', numeric: true, cell: (e) => `${e.progressPct} %` },
              { header: 'Enrolled on', cell: (e) => formatDate(e.enrolledOn) },
              { header: 'Completed on', cell: (e) => formatDate(e.completedOn) },
              {
                header: 'Status',
                cell: (e) =>
                  editor ? <StatusChange enrollment={e} onSaved={refresh} /> : e.status,
              },
            ]}
          />
        )}
        {editor && (
          <EnrollForm
            traineeId={t.id}
            onSaved={() => {
              refresh();
              // "The trainee is added: enroll it" has been acted on.
              if (created) void navigate(location.pathname, { replace: true, state: null });
            }}
          />
        )}
      </section>
      <section className="block" aria-labelledby="cert-title">
        <h2 id="cert-title">Certifications</h2>
        <ErrorBox error={revokeError} />
        {certifications.error ? (
          <ErrorBox error={certifications.error} />
        ) : !certifications.data ? (
          <Loading what="certifications" />
        ) : (
          <DataTable
            caption="Certifications"
            captionHidden
            rows={certifications.data.items}
            rowKey={(c) => c.id}
            empty="No certification recorded."
            columns={[
              { header: 'Certification', cell: (c: Certification) => c.name },
              { header: 'Number', cell: (c) => c.certificateNumber },
              { header: 'Program', cell: (c) => c.programCode },
              { header: 'Issued', cell: (c) => formatDate(c.issuedOn) },
              { header: 'Expires', cell: (c) => formatDate(c.expiresOn) },
              {
                header: 'Check',
                cell: (c) => (
                  <Link to={`/verify/${encodeURIComponent(c.verificationCode)}`}>Public check</Link>
                ),
              },
              {
                header: 'State',
                cell: (c) =>
                  c.revokedAt ? (
                    `Revoked ${formatDate(c.revokedAt)}`
                  ) : editor ? (
                    <button type="button" className="button" onClick={() => revoke(c)}>
                      Revoke
                    </button>
                  ) : (
                    'Valid'
                  ),
              },
            ]}
          />
        )}
        {editor && enrollments.data && (
          <RecordCertification trainee={t} programs={programs} onSaved={refresh} />
        )}
      </section>
      {editor && <TraineeForm key={`${t.id}`} trainee={t} onSaved={refresh} />}
    </div>
  );
}
