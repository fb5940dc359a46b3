import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../api/client';
import type { CreateProgram, Page, Partner, Program, UpdateProgram } from '../api/types';
import { ErrorBox, Loading } from '../components/ErrorBox';
import { Field } from '../components/Field';
import { FormProblem } from '../components/FormProblem';
import { useSubmit } from '../components/useSubmit';

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
    startsOn: p.startsOn,
    endsOn: p.endsOn,
    status: p.status,
  };
}

/** Numbers typed by people: "300,000" is 300000; anything else goes to the API to judge. */
function toNumber(text: string): number {
  const n = Number(text.replace(/[,\s]/g, ''));
  return Number.isFinite(n) && text.trim() !== '' ? n : Number.NaN;
}

export default function ProgramForm() {
  const { code } = useParams();
  const editing = code !== undefined;
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const submit = useSubmit();
  const existing = useQuery({
    queryKey: [`/programs/${code}`],
    queryFn: ({ signal }) => api<Program>(`/programs/${encodeURIComponent(code!)}`, { signal }),
    enabled: editing,
  });
  const partners = useQuery({
    queryKey: ['/partners?limit=500'],
    queryFn: ({ signal }) => api<Page<Partner>>('/partners?limit=500', { signal }),
    enabled: !editing,
  });
  useEffect(() => {
    if (existing.data) setDraft(fromProgram(existing.data));
  }, [existing.data]);

  if (editing && existing.error) return <ErrorBox error={existing.error} />;
  if (editing && !existing.data) return <Loading what="the program" />;

  const set = (key: keyof Draft) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setDraft({ ...draft, [key]: e.target.value });
  const tracks = draft.tracks
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const saved = await submit.run(() => {
      if (editing) {
        const body: UpdateProgram = {
          name: draft.name,
          targetTrainees: toNumber(draft.targetTrainees),
          tracks,
          startsOn: draft.startsOn,
          endsOn: draft.endsOn,
          status: draft.status,
        };
        return api<Program>(`/programs/${encodeURIComponent(code!)}`, { method: 'PATCH', body });
      }
      const body: CreateProgram = {
        code: draft.code,
        name: draft.name,
        partnerCode: draft.partnerCode,
        targetTrainees: toNumber(draft.targetTrainees),
        tracks,
        startsOn: draft.startsOn,
        endsOn: draft.endsOn,
        status: draft.status,
      };
      return api<Program>('/programs', { method: 'POST', body });
    });
    if (saved) {
      await queries.invalidateQueries();
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
          <Field label="Starts on" error={submit.fieldError('startsOn')}>
            <input type="date" value={draft.startsOn} onChange={set('startsOn')} required />
          </Field>
          <Field label="Ends on" help="After the start date." error={submit.fieldError('endsOn')}>
            <input type="date" value={draft.endsOn} onChange={set('endsOn')} required />
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
