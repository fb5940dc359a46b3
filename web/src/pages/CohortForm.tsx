import { type FormEvent, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { Cohort, CreateCohort, UpdateCohort } from '../api/types';
import { ProvinceOptions } from '../components/CodeOptions';
import { DateInput } from '../components/DateInput';
import { ErrorBox, Loading } from '../components/ErrorBox';
import { Field } from '../components/Field';
import { FormProblem } from '../components/FormProblem';
import { refuseIfAny, useSubmit } from '../components/useSubmit';
import { useCohort, useSaveCohortMutation } from '../features/cohorts/api';
import { useProgram } from '../features/programs/api';
import { checkDraft, wholeNumber } from '../lib/checks';
import { DATE_HELP, dateBody, dateText } from '../lib/dates';
import { PROVINCES } from '../lib/provinces';

type Mode = 'onsite' | 'online' | 'hybrid';
type Province = (typeof PROVINCES)[number]['code'];

interface Draft {
  code: string;
  name: string;
  track: string;
  trainingCentre: string;
  city: string;
  province: string;
  mode: Mode;
  startsOn: string;
  endsOn: string;
  capacity: string;
}

const FIELDS = [
  'code',
  'name',
  'track',
  'trainingCentre',
  'city',
  'province',
  'mode',
  'startsOn',
  'endsOn',
  'capacity',
];

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

function fromCohort(c: Cohort): Draft {
  return {
    code: c.code,
    name: c.name,
    track: c.track,
    trainingCentre: c.trainingCentre ?? '',
    city: c.city ?? '',
    province: c.province ?? '',
    mode: c.mode,
    startsOn: dateText(c.startsOn),
    endsOn: dateText(c.endsOn),
    capacity: c.capacity === null ? '' : String(c.capacity),
  };
}

/** New: /programs/:code/cohorts/new (code = the program); edit: /cohorts/:code/edit. */
export default function CohortForm({ edit = false }: { edit?: boolean }) {
  const params = useParams();
  const editing = edit;
  const cohortCode = editing ? params.code : undefined;
  const navigate = useNavigate();
  const submit = useSubmit();
  const existing = useCohort(cohortCode);
  const programCode = editing ? existing.data?.programCode : params.code;
  const program = useProgram(programCode);
  const save = useSaveCohortMutation(cohortCode);
  const [draft, setDraft] = useState<Draft>({
    code: '',
    name: '',
    track: '',
    trainingCentre: '',
    city: '',
    province: '',
    mode: 'onsite',
    startsOn: '',
    endsOn: '',
    capacity: '',
  });
  useEffect(() => {
    if (existing.data) setDraft(fromCohort(existing.data));
  }, [existing.data]);

  if (existing.error)
    return (
      <div className="page">
        <ErrorBox error={existing.error} />
      </div>
    );
  if (editing && !existing.data) return <Loading what="the cohort" />;

  const set = (key: keyof Draft) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setDraft({ ...draft, [key]: e.target.value });
  const setDate = (key: 'startsOn' | 'endsOn') => (text: string) =>
    setDraft({ ...draft, [key]: text });
  const tracks = program.data?.tracks ?? [];

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const problems = checkDraft(
      { ...draft },
      {
        required: { ...(editing ? {} : { code: 'Code' }), name: 'Name', track: 'Track' },
        numbers: { capacity: { label: 'Capacity', min: 1 } },
        dates: ['startsOn', 'endsOn'],
        range: ['startsOn', 'endsOn'],
      },
    );
    const common = {
      name: draft.name,
      track: draft.track,
      trainingCentre: orNull(draft.trainingCentre),
      city: orNull(draft.city),
      province: (orNull(draft.province) as Province | null) ?? null,
      mode: draft.mode,
      startsOn: dateBody(draft.startsOn),
      endsOn: dateBody(draft.endsOn),
      capacity: wholeNumber(draft.capacity),
    };
    const saved = await submit.run(() => {
      refuseIfAny(problems);
      const body: CreateCohort | UpdateCohort = editing
        ? common
        : { ...common, code: draft.code, programCode: programCode! };
      return save.mutateAsync(body);
    });
    if (saved) {
      void navigate(`/cohorts/${encodeURIComponent(saved.code)}`);
    }
  };

  return (
    <div className="page">
      <p>
        <Link
          to={
            editing
              ? `/cohorts/${encodeURIComponent(cohortCode!)}`
              : `/programs/${encodeURIComponent(programCode ?? '')}`
          }
        >
          ← Back
        </Link>
      </p>
      <h1>{editing ? `Edit cohort ${cohortCode}` : `New cohort in ${programCode}`}</h1>
      <FormProblem error={submit.error} fields={FIELDS} />
      <form className="card form" onSubmit={(e) => void onSubmit(e)} noValidate>
        <div className="form-grid">
          {!editing && (
            <Field
              label="Code"
              help="Unique in the whole system, e.g. HW-LHR-2026-01."
              error={submit.fieldError('code')}
            >
              <input value={draft.code} onChange={set('code')} required autoComplete="off" />
            </Field>
          )}
          <Field label="Name" error={submit.fieldError('name')}>
            <input value={draft.name} onChange={set('name')} required dir="auto" />
          </Field>
          <Field
            label="Track"
            help={tracks.length ? undefined : 'This program lists no tracks: any name will do.'}
            error={submit.fieldError('track')}
          >
            {tracks.length ? (
              <select value={draft.track} onChange={set('track')} required>
                <option value="">Choose a track</option>
                {tracks.map((t) => (
                  <option key={t}>{t}</option>
                ))}
              </select>
            ) : (
              <input value={draft.track} onChange={set('track')} required />
            )}
          </Field>
          <Field label="Training centre" error={submit.fieldError('trainingCentre')}>
            <input value={draft.trainingCentre} onChange={set('trainingCentre')} dir="auto" />
          </Field>
          <Field label="City" error={submit.fieldError('city')}>
            <input value={draft.city} onChange={set('city')} dir="auto" />
          </Field>
          <Field label="Province" error={submit.fieldError('province')}>
            <select value={draft.province} onChange={set('province')}>
              <ProvinceOptions none="Not given" />
            </select>
          </Field>
          <Field label="Mode" error={submit.fieldError('mode')}>
            <select value={draft.mode} onChange={set('mode')}>
              <option value="onsite">On site</option>
              <option value="online">Online</option>
              <option value="hybrid">Hybrid</option>
            </select>
          </Field>
          <Field label="Starts on" help={DATE_HELP} error={submit.fieldError('startsOn')}>
            <DateInput value={draft.startsOn} onValue={setDate('startsOn')} />
          </Field>
          <Field
            label="Ends on"
            help="On or after the start date: 30 Jun 2027."
            error={submit.fieldError('endsOn')}
          >
            <DateInput value={draft.endsOn} onValue={setDate('endsOn')} />
          </Field>
          <Field
            label="Capacity"
            help="Seats in the cohort, a whole number from 1, in digits."
            error={submit.fieldError('capacity')}
          >
            <input value={draft.capacity} onChange={set('capacity')} inputMode="numeric" />
          </Field>
        </div>
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={submit.busy}>
            {editing ? 'Save changes' : 'Create cohort'}
          </button>
        </div>
      </form>
    </div>
  );
}
