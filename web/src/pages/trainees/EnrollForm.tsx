// "Enroll in a cohort" on the trainee page (coordinators within their partners, admins): a
// program, then one of its cohorts; POST /enrollments. The API's refusals (already enrolled in
// that program, a cohort outside the coordinator's partners) are shown as it words them.
import { type FormEvent, useState } from 'react';
import type { CreateEnrollment, EnrollmentStatus } from '../../api/types';
import { CodeOptions } from '../../components/CodeOptions';
import { DateInput } from '../../components/DateInput';
import { Field } from '../../components/Field';
import { FormProblem } from '../../components/FormProblem';
import { useSubmit } from '../../components/useSubmit';
import { useCohortOptions } from '../../features/cohorts/api';
import { useEnrollMutation } from '../../features/enrollments/api';
import { useProgramOptions } from '../../features/programs/api';
import { dateBody } from '../../lib/dates';
import { label } from '../../lib/labels';
import { cohortWarnings } from '../../lib/cohorts';
import { FormCard } from '../../components/FormCard';

export const STATUSES: EnrollmentStatus[] = ['enrolled', 'active', 'completed', 'dropped'];
const FIELDS = ['cohortCode', 'externalId', 'status', 'enrolledOn'];
const EMPTY = { program: '', cohortCode: '', externalId: '', status: 'enrolled', enrolledOn: '' };

export function EnrollForm({ traineeId, onSaved }: { traineeId: string; onSaved: () => void }) {
  const submit = useSubmit();
  const [draft, setDraft] = useState(EMPTY);
  const [done, setDone] = useState<string | null>(null);
  const programs = useProgramOptions();
  const cohorts = useCohortOptions(draft.program);
  const enroll = useEnrollMutation();
  const cohort = cohorts.data?.items.find((c) => c.code === draft.cohortCode);
  const warnings = cohort ? cohortWarnings(cohort, dateBody(draft.enrolledOn)) : [];
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
      ...(draft.enrolledOn.trim() ? { enrolledOn: dateBody(draft.enrolledOn) ?? '' } : {}),
    };
    const saved = await submit.run(() => enroll.mutateAsync(body));
    if (saved) {
      setDone(`Enrolled in ${saved.cohortCode} (${saved.programCode}).`);
      setDraft(EMPTY);
      onSaved();
    }
  };

  return (
    <FormCard
      title="Enroll in a cohort"
      onSubmit={onSubmit}
      disabled={submit.busy}
      submitLabel="Enroll"
    >
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
              <option key={s} value={s}>
                {label('enrollment', s)}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label="Enrolled on"
          help="Day, month, year: 10 Jan 2027. Leave empty for today."
          error={submit.fieldError('enrolledOn')}
        >
          <DateInput
            value={draft.enrolledOn}
            onValue={(enrolledOn) => setDraft({ ...draft, enrolledOn })}
          />
        </Field>
      </div>
      {cohort && warnings.length > 0 && (
        <ul className="alert alert-warning" aria-label={`Before enrolling in ${cohort.code}`}>
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </FormCard>
  );
}
