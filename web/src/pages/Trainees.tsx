import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Trainee } from '../api/types';
import { DataTable } from '../components/DataTable';
import { ErrorBox, Loading } from '../components/ErrorBox';
import { Field } from '../components/Field';
import { Pager } from '../components/Pager';
import { useList } from '../components/useList';
import { useSession } from '../auth/useSession';
import { CNIC_HELP, formatCnic, normalizeCnicQuery } from '../lib/cnic';
import { mayEditRecords } from '../lib/nav';
import { PROVINCES } from '../lib/provinces';
import { TraineeExport } from './trainees/TraineeExport';

// The list's filters beside the CNIC search, kept in the URL; the export takes them all.
const SELECTS = [
  {
    key: 'province',
    label: 'Province',
    any: 'All provinces',
    options: PROVINCES.map((p) => [p.code, p.name]),
  },
  {
    key: 'gender',
    label: 'Gender',
    any: 'Any gender',
    options: [
      ['female', 'Female'],
      ['male', 'Male'],
      ['transgender', 'Transgender'],
    ],
  },
  {
    key: 'category',
    label: 'Category',
    any: 'Any category',
    options: [
      ['youth', 'Youth'],
      ['government_official', 'Government official'],
      ['professional', 'Professional'],
      ['other', 'Other'],
    ],
  },
] as const;

export default function Trainees() {
  const [search, setSearch] = useSearchParams();
  const session = useSession();
  const editor = session ? mayEditRecords(session.user.role) : false;
  const cnic = search.get('cnic') ?? undefined;
  const [text, setText] = useState(cnic ? formatCnic(cnic) : '');
  const [invalid, setInvalid] = useState<string | undefined>();
  const filters: Record<string, string | undefined> = { cnic };
  for (const s of SELECTS) filters[s.key] = search.get(s.key) || undefined;
  const list = useList<Trainee>('/trainees', filters);
  /** Sets or clears one parameter, keeping the others. */
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    setSearch(next, { replace: true });
  };

  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim() === '') {
      setInvalid(undefined);
      set('cnic', undefined);
      return;
    }
    const digits = normalizeCnicQuery(text);
    if (!digits) {
      setInvalid('Type the 13 digits, with or without dashes: 35202-1234567-1 or 3520212345671.');
      return;
    }
    setInvalid(undefined);
    set('cnic', digits);
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1>Trainees</h1>
        {editor && (
          <Link className="button button-primary" to="/trainees/new">
            New trainee
          </Link>
        )}
      </div>
      <form className="card search-form" role="search" onSubmit={onSearch}>
        <Field label="CNIC" help={CNIC_HELP} error={invalid}>
          <input
            value={text}
            onChange={(e) => setText(e.target.value)}
            inputMode="numeric"
            autoComplete="off"
          />
        </Field>
        <div className="actions">
          <button type="submit" className="button button-primary">
            Search
          </button>
          {cnic && (
            <button
              type="button"
              className="button button-quiet"
              onClick={() => {
                setText('');
                set('cnic', undefined);
              }}
            >
              Show all
            </button>
          )}
        </div>
      </form>
      <form className="filters" aria-label="Filter trainees" onSubmit={(e) => e.preventDefault()}>
        {SELECTS.map((s) => (
          <label key={s.key}>
            {s.label}
            <select value={filters[s.key] ?? ''} onChange={(e) => set(s.key, e.target.value)}>
              <option value="">{s.any}</option>
              {s.options.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        ))}
      </form>
      <TraineeExport filters={filters} />
      {list.query.error ? (
        <ErrorBox error={list.query.error} onRetry={() => void list.query.refetch()} />
      ) : !list.query.data ? (
        <Loading what="trainees" />
      ) : (
        <DataTable
          caption={cnic ? `Trainees with CNIC ${formatCnic(cnic)}` : 'Trainees'}
          captionHidden
          rows={list.query.data.items}
          rowKey={(t) => t.id}
          empty={
            cnic
              ? 'No trainee you may see has this CNIC.'
              : Object.values(filters).some(Boolean)
                ? 'No trainee matches these filters.'
                : 'No trainee yet.'
          }
          columns={[
            {
              header: 'Name',
              auto: true,
              cell: (t: Trainee) => <Link to={`/trainees/${t.id}`}>{t.fullName}</Link>,
            },
            { header: 'CNIC', cell: (t) => formatCnic(t.cnic) },
            { header: 'Gender', cell: (t) => t.gender },
            { header: 'Province', cell: (t) => t.province ?? '–' },
            { header: 'District', auto: true, cell: (t) => t.district ?? '–' },
          ]}
        />
      )}
      <Pager {...list} />
    </div>
  );
}
