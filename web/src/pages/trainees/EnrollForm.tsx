// "Enroll in a cohort" on the trainee page (coordinators within their partners, admins): a
// program, then one of its cohorts; POST /enrollments. The API's refusals (already enrolled in
// that program, a cohort outside the coordinator's partners) are shown as it words them.
import { type FormEvent, useState } from 'react';
import { api } from '../../api/client';
import type {
  Cohort,
  CreateEnrollment,
  Enrollment,
  EnrollmentStatus,
  Program,
} from '../../api/types';
import { CodeOptions } from '../../components/CodeOptions';
import { Field } from '../../components/Field';
import { FormProblem } from '../../components/FormProblem';
import { usePage } from '../../components/usePage';
import { useSubmit } from '../../components/useSubmit';
import { toQuery } from '../../lib/filters';

export const STATUSES: EnrollmentStatus[] = ['enrolled', 'active', 'completed', 'dropped'];
const FIELDS = ['cohortCode', 'externalId', 'status', 'enrolledOn'];
const EMPTY = { program: '', cohortCode: '', externalId: '', status: 'enrolled', enrolledOn: '' };

export function EnrollForm({ traineeId, onSaved }: { traineeId: string; onSaved: () => void }) {
  const submit = useSubmit();
  const [draft, setDraft] = useState(EMPTY);
  const [done, setDone] = useState<string | null>(null);
  const programs = usePage<Program>('/programs?limit=500');
  const cohorts = usePage<Cohort>(
    `/cohorts${toQuery({ limit: 500, programCode: draft.program })}`,
    draft.program !== '',
  );
  const set =
    (key: keyof typeof EMPTY) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
      setDraft({
        ...draft,
        [key]: e.target.value,
        // Another program's cohorts are not this one's.
        ...(key === 'program' ? { cohortCode: '' } : {}),
      });

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    const body: CreateEnrollment = {
      traineeId,
      cohortCode: draft.cohortCode,
      externalId: draft.externalId.trim() || null,
      status: draft.status as EnrollmentStatus,
      ...(draft.enrolledOn ? { enrolledOn: draft.enrolledOn } : {}),
    };
    const saved = await submit.run(() => api<Enrollment>('/enrollments', { method: 'POST', body }));
    if (saved) {
      setDone(`Enrolled in ${saved.cohortCode} (${saved.programCode}).`);
      setDraft(EMPTY);
      onSaved();
    }
  };

  return (
    <form
      className="card form"
      onSubmit={(e) => void onSubmit(e)}
      noValidate
      aria-labelledby="enroll-title"
    >
      <h3 id="enroll-title">Enroll in a cohort</h3>
      {done && (
        <p className="alert alert-success" role="status">
          {done}
        </p>
      )}
      <FormProblem error={submit.error} fields={FIELDS} />
      <div className="form-grid">
        <Field label="Program" help="One enrollment per program.">
          <select value={draft.program} onChange={set('program')}>
            <CodeOptions
              items={programs.data?.items}
              none="Choose a program"
              label={(p) => `${p.name} (${p.code})`}
            />
          </select>
        </Field>
        <Field label="Cohort" error={submit.fieldError('cohortCode')}>
          <select
            value={draft.cohortCode}
            onChange={set('cohortCode')}
            disabled={draft.program === ''}
          >
            <CodeOptions
              items={cohorts.data?.items}
              none={draft.program ? 'Choose a cohort' : 'Choose a program first'}
              label={(c) => `${c.code}: ${c.name}`}
            />
          </select>
        </Field>
        <Field
          label="External id"
          help="The partner's own id for this enrollment; may stay empty."
          error={submit.fieldError('externalId')}
        >
          <input value={draft.externalId} onChange={set('externalId')} autoComplete="off" />
        </Field>
        <Field label="Status" error={submit.fieldError('status')}>
          <select value={draft.status} onChange={set('status')}>
            {STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </Field>
        <Field
          label="Enrolled on"
          help="Leave empty for today."
          error={submit.fieldError('enrolledOn')}
        >
          <input type="date" value={draft.enrolledOn} onChange={set('enrolledOn')} />
        </Field>
      </div>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={submit.busy}>
          Enroll
        </button>
      </div>
    </form>
  );
}
