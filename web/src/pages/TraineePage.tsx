import { type FormEvent, useEffect, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import type {
  Certification,
  CreateCertification,
  Enrollment,
  EnrollmentStatus,
  Trainee,
  UpdateTrainee,
} from '../api/types';
import { useSession } from '../auth/useSession';
import { DataTable } from '../components/DataTable';
import { DateInput } from '../components/DateInput';
import { ErrorBox, Loading } from '../components/ErrorBox';
import { Field } from '../components/Field';
import { FormProblem } from '../components/FormProblem';
import { useSubmit } from '../components/useSubmit';
import {
  useRecordCertificationMutation,
  useRevokeCertificationMutation,
  useTraineeCertifications,
} from '../features/certifications/api';
import { useEnrollmentStatusMutation, useTraineeEnrollments } from '../features/enrollments/api';
import { useTrainee, useUpdateTraineeMutation } from '../features/trainees/api';
import { formatCnic } from '../lib/cnic';
import { DATE_HELP, dateBody } from '../lib/dates';
import { formatDate } from '../lib/format';
import { label } from '../lib/labels';
import { mayEditRecords } from '../lib/nav';
import { EnrollForm, STATUSES } from './trainees/EnrollForm';
import type { CreatedState } from './trainees/NewTrainee';
import { TRAINEE_FIELDS, TraineeFields, traineeBody, traineeDraft } from './trainees/TraineeFields';
import { FormCard } from '../components/FormCard';

function TraineeForm({ trainee }: { trainee: Trainee }) {
  const submit = useSubmit();
  const update = useUpdateTraineeMutation(trainee.id);
  const [draft, setDraft] = useState(() => traineeDraft(trainee));
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const body = traineeBody(draft) as UpdateTrainee;
    await submit.run(() => update.mutateAsync(body));
  };
  return (
    <FormCard
      title="Edit trainee"
      heading="h2"
      onSubmit={onSubmit}
      disabled={submit.busy}
      submitLabel="Save trainee"
    >
      <FormProblem error={submit.error} fields={TRAINEE_FIELDS} />
      <div className="form-grid">
        <TraineeFields draft={draft} onChange={setDraft} fieldError={submit.fieldError} />
      </div>
    </FormCard>
  );
}

function StatusChange({ enrollment }: { enrollment: Enrollment }) {
  const [status, setStatus] = useState<EnrollmentStatus>(enrollment.status);
  const submit = useSubmit();
  const change = useEnrollmentStatusMutation();
  useEffect(() => setStatus(enrollment.status), [enrollment.status]);
  const save = async () => {
    if (enrollment.status === 'completed' && status !== 'completed') {
      const ok = window.confirm(
        `Move ${enrollment.programCode} back from completed to ${label('enrollment', status)}? The trainee will no longer count as completed in the reports.`,
      );
      if (!ok) return;
    }
    await submit.run(() => change.mutateAsync({ id: enrollment.id, body: { status } }));
  };
  return (
    <div className="inline-edit">
      <select
        aria-label={`Status of the enrollment in ${enrollment.cohortCode}`}
        value={status}
        onChange={(e) => setStatus(e.target.value as EnrollmentStatus)}
      >
        {STATUSES.map((s) => (
          <option key={s} value={s}>
            {label('enrollment', s)}
          </option>
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

const NO_CERTIFICATE = { name: '', certificateNumber: '', issuedOn: '', expiresOn: '' };

/**
 * The programs offered are those the trainee is enrolled in, and they change on this page (an
 * enrollment just made). The choice is therefore kept only as the user's pick, and the program
 * sent is the pick when it is still offered, else the first offered: never a value remembered
 * from before the list changed (which sent "" while the select showed a program).
 */
function RecordCertification({ trainee, programs }: { trainee: Trainee; programs: string[] }) {
  const submit = useSubmit();
  const record = useRecordCertificationMutation();
  const [picked, setPicked] = useState('');
  const [draft, setDraft] = useState(NO_CERTIFICATE);
  const programCode = programs.includes(picked) ? picked : (programs[0] ?? '');
  const set = (key: keyof typeof draft) => (value: string) => setDraft({ ...draft, [key]: value });
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const body: CreateCertification = {
      traineeId: trainee.id,
      programCode,
      name: draft.name,
      certificateNumber: draft.certificateNumber,
      issuedOn: dateBody(draft.issuedOn) ?? '',
      expiresOn: dateBody(draft.expiresOn),
    };
    const saved = await submit.run(() => record.mutateAsync(body));
    if (saved) setDraft(NO_CERTIFICATE);
  };
  return (
    <FormCard
      title="Record a certification"
      onSubmit={onSubmit}
      disabled={submit.busy || programs.length === 0}
      submitLabel="Record certification"
    >
      <FormProblem error={submit.error} fields={['programCode', ...Object.keys(draft)]} />
      <div className="form-grid">
        <Field label="Program" error={submit.fieldError('programCode')}>
          <select value={programCode} onChange={(e) => setPicked(e.target.value)}>
            {programs.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </Field>
        <Field label="Certification" help="e.g. HCIA-AI" error={submit.fieldError('name')}>
          <input value={draft.name} onChange={(e) => set('name')(e.target.value)} />
        </Field>
        <Field
          label="Certificate number"
          help="Unique within the partner."
          error={submit.fieldError('certificateNumber')}
        >
          <input
            value={draft.certificateNumber}
            onChange={(e) => set('certificateNumber')(e.target.value)}
          />
        </Field>
        <Field label="Issued on" help={DATE_HELP} error={submit.fieldError('issuedOn')}>
          <DateInput value={draft.issuedOn} onValue={set('issuedOn')} />
        </Field>
        <Field
          label="Expires on"
          help="Leave empty if it does not expire."
          error={submit.fieldError('expiresOn')}
        >
          <DateInput value={draft.expiresOn} onValue={set('expiresOn')} />
        </Field>
      </div>
    </FormCard>
  );
}

export default function TraineePage() {
  const { id = '' } = useParams();
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const created = (location.state as Partial<CreatedState> | null)?.created;
  const editor = session ? mayEditRecords(session.user.role) : false;
  const trainee = useTrainee(id);
  const enrollments = useTraineeEnrollments(id);
  const certifications = useTraineeCertifications(id);
  const revocation = useRevokeCertificationMutation();
  if (trainee.error)
    return (
      <div className="page">
        <h1>Trainee</h1>
        <ErrorBox error={trainee.error} onRetry={() => void trainee.refetch()} />
      </div>
    );
  if (!trainee.data) return <Loading what="the trainee" />;
  const t = trainee.data;
  const revoke = (c: Certification) => {
    if (
      !window.confirm(
        `Revoke ${c.name} (${c.certificateNumber})? A revocation is final: the certificate check will say it is revoked.`,
      )
    )
      return;
    revocation.mutate(c.id);
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
            <dd>{label('gender', t.gender)}</dd>
          </div>
          <div>
            <dt>Date of birth</dt>
            <dd>{formatDate(t.dateOfBirth)}</dd>
          </div>
          <div>
            <dt>Province</dt>
            <dd>{label('province', t.province)}</dd>
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
            <dd>{label('category', t.category)}</dd>
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
                  editor ? <StatusChange enrollment={e} /> : label('enrollment', e.status),
              },
            ]}
          />
        )}
        {editor && (
          <EnrollForm
            traineeId={t.id}
            onSaved={() => {
              // "The trainee is added: enroll it" has been acted on.
              if (created) void navigate(location.pathname, { replace: true, state: null });
            }}
          />
        )}
      </section>
      <section className="block" aria-labelledby="cert-title">
        <h2 id="cert-title">Certifications</h2>
        <ErrorBox error={revocation.error} />
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
        {editor && enrollments.data && <RecordCertification trainee={t} programs={programs} />}
      </section>
      {editor && <TraineeForm key={`${t.id}`} trainee={t} />}
    </div>
  );
}
