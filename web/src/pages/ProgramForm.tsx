import { type FormEvent, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { CreateProgram, Program, UpdateProgram } from '../api/types';
import { DateInput } from '../components/DateInput';
import { ErrorBox, Loading } from '../components/ErrorBox';
import { Field } from '../components/Field';
import { FormProblem } from '../components/FormProblem';
import { refuseIfAny, useSubmit } from '../components/useSubmit';
import { usePartners } from '../features/partners/api';
import { useProgram, useSaveProgramMutation } from '../features/programs/api';
import { checkDraft, wholeNumber } from '../lib/checks';
import { DATE_HELP, dateBody, dateText } from '../lib/dates';

interface Draft {
  code: string;
  name: string;
  partnerCode: string;
  targetTrainees: string;
  tracks: string;
  startsOn: string;
  endsOn: string;
  status: 'draft' | 'active' | 'closed';
}

const EMPTY: Draft = {
  code: '',
  name: '',
  partnerCode: '',
  targetTrainees: '',
  tracks: '',
  startsOn: '',
  endsOn: '',
  status: 'draft',
};

const FIELDS = [
  'code',
  'name',
  'partnerCode',
  'targetTrainees',
  'tracks',
  'startsOn',
  'endsOn',
  'status',
];

function fromProgram(p: Program): Draft {
  return {
    code: p.code,
    name: p.name,
    partnerCode: p.partnerCode,
    targetTrainees: String(p.targetTrainees),
    tracks: p.tracks.join(', '),
    startsOn: dateText(p.startsOn),
    endsOn: dateText(p.endsOn),
    status: p.status,
  };
}

export default function ProgramForm() {
  const { code } = useParams();
  const editing = code !== undefined;
  const navigate = useNavigate();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const submit = useSubmit();
  const existing = useProgram(code);
  const partners = usePartners(!editing);
  const save = useSaveProgramMutation(code);
  useEffect(() => {
    if (existing.data) setDraft(fromProgram(existing.data));
  }, [existing.data]);

  if (editing && existing.error)
    return (
      <div className="page">
        <ErrorBox error={existing.error} />
      </div>
    );
  if (editing && !existing.data) return <Loading what="the program" />;

  const set = (key: keyof Draft) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setDraft({ ...draft, [key]: e.target.value });
  const tracks = draft.tracks
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const problems = checkDraft(
      { ...draft },
      {
        required: {
          ...(editing ? {} : { code: 'Code', partnerCode: 'Partner' }),
          name: 'Name',
          targetTrainees: 'Target',
          startsOn: 'Start date',
          endsOn: 'End date',
        },
        numbers: { targetTrainees: { label: 'Target', min: 1 } },
        dates: ['startsOn', 'endsOn'],
        range: ['startsOn', 'endsOn'],
      },
    );
    const common = {
      name: draft.name,
      targetTrainees: wholeNumber(draft.targetTrainees) ?? 0,
      tracks,
      startsOn: dateBody(draft.startsOn) ?? '',
      endsOn: dateBody(draft.endsOn) ?? '',
      status: draft.status,
    };
    const saved = await submit.run(() => {
      refuseIfAny(problems);
      const body: CreateProgram | UpdateProgram = editing
        ? common
        : { ...common, code: draft.code, partnerCode: draft.partnerCode };
      return save.mutateAsync(body);
    });
    if (saved) {
      void navigate(`/programs/${encodeURIComponent(saved.code)}`);
    }
  };

  const title = editing ? `Edit ${code}` : 'New program';
  return (
    <div className="page">
      <p>
        <Link to={editing ? `/programs/${encodeURIComponent(code!)}` : '/programs'}>← Back</Link>
      </p>
      <h1>{title}</h1>
      <FormProblem error={submit.error} fields={FIELDS} />
      <form className="card form" onSubmit={(e) => void onSubmit(e)} noValidate>
        <div className="form-grid">
          {!editing && (
            <Field
              label="Code"
              help="Capitals, digits, - or _; e.g. HW-ICT-2026. It cannot change later."
              error={submit.fieldError('code')}
            >
              <input value={draft.code} onChange={set('code')} required autoComplete="off" />
            </Field>
          )}
          <Field label="Name" error={submit.fieldError('name')}>
            <input value={draft.name} onChange={set('name')} required dir="auto" />
          </Field>
          {!editing && (
            <Field label="Partner" error={submit.fieldError('partnerCode')}>
              <select value={draft.partnerCode} onChange={set('partnerCode')} required>
                <option value="">Choose a partner</option>
                {partners.data?.items.map((p) => (
                  <option key={p.code} value={p.code}>
                    {p.name} ({p.code})
                  </option>
                ))}
              </select>
            </Field>
          )}
          <Field
            label="Target (trainees)"
            help="A whole number above zero, e.g. 300,000."
            error={submit.fieldError('targetTrainees')}
          >
            <input
              value={draft.targetTrainees}
              onChange={set('targetTrainees')}
              inputMode="numeric"
              required
            />
          </Field>
          <Field
            label="Tracks"
            help="Separated by commas, e.g. AI, Cloud, Cybersecurity."
            error={submit.fieldError('tracks')}
          >
            <input value={draft.tracks} onChange={set('tracks')} />
          </Field>
          <Field label="Starts on" help={DATE_HELP} error={submit.fieldError('startsOn')}>
            <DateInput
              value={draft.startsOn}
              onValue={(startsOn) => setDraft({ ...draft, startsOn })}
            />
          </Field>
          <Field
            label="Ends on"
            help="After the start date: 31 Dec 2027."
            error={submit.fieldError('endsOn')}
          >
            <DateInput value={draft.endsOn} onValue={(endsOn) => setDraft({ ...draft, endsOn })} />
          </Field>
          <Field label="Status" error={submit.fieldError('status')}>
            <select value={draft.status} onChange={set('status')}>
              <option value="draft">Draft</option>
              <option value="active">Active</option>
              <option value="closed">Closed</option>
            </select>
          </Field>
        </div>
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={submit.busy}>
            {editing ? 'Save changes' : 'Create program'}
          </button>
        </div>
      </form>
    </div>
  );
}
