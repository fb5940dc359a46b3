import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Trainee } from '../api/types';
import { CodeOptions } from '../components/CodeOptions';
import { DataTable } from '../components/DataTable';
import { ErrorBox, Loading } from '../components/ErrorBox';
import { Field } from '../components/Field';
import { Pager } from '../components/Pager';
import { useSession } from '../auth/useSession';
import { useCohortOptions } from '../features/cohorts/api';
import { useProgramOptions } from '../features/programs/api';
import { useTrainees } from '../features/trainees/api';
import { formatCnic, searchTerm } from '../lib/cnic';
import { label } from '../lib/labels';
import { mayEditRecords } from '../lib/nav';
import { PROVINCES } from '../lib/provinces';
import { TraineeExport } from './trainees/TraineeExport';

// The list's filters beside the search, kept in the URL; the export takes them all.
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
  const q = search.get('q') ?? undefined;
  const [text, setText] = useState(q ?? '');
  const [invalid, setInvalid] = useState<string | undefined>();
  const programCode = search.get('programCode') || undefined;
  const cohortCode = search.get('cohortCode') || undefined;
  const filters: Record<string, string | undefined> = { q, programCode, cohortCode };
  for (const s of SELECTS) filters[s.key] = search.get(s.key) || undefined;
  const list = useTrainees(filters);
  const programs = useProgramOptions();
  const cohorts = useCohortOptions(programCode ?? '');
  /** Sets or clears one parameter, keeping the others. */
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    setSearch(next, { replace: true });
  };

  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    const term = searchTerm(text);
    if (term !== '' && term.length < 3) {
      setInvalid('Type at least 3 letters or digits.');
      return;
    }
    setInvalid(undefined);
    set('q', term || undefined);
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
        <Field
          label="Name or CNIC"
          help="Any part of a name, in any script, or the first digits of a CNIC (at least 3)."
          error={invalid}
        >
          <input
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoComplete="off"
            dir="auto"
          />
        </Field>
        <div className="actions">
          <button type="submit" className="button button-primary">
            Search
          </button>
          {q && (
            <button
              type="button"
              className="button button-quiet"
              onClick={() => {
                setText('');
                set('q', undefined);
              }}
            >
              Show all
            </button>
          )}
        </div>
      </form>
      <form className="filters" aria-label="Filter trainees" onSubmit={(e) => e.preventDefault()}>
        <label>
          Program
          <select
            value={programCode ?? ''}
            onChange={(e) => {
              const next = new URLSearchParams(search);
              if (e.target.value) next.set('programCode', e.target.value);
              else next.delete('programCode');
              next.delete('cohortCode');
              setSearch(next, { replace: true });
            }}
          >
            <CodeOptions
              items={programs.data?.items}
              none="All programs"
              label={(p) => `${p.name} (${p.code})`}
            />
          </select>
        </label>
        <label>
          Cohort
          <select
            value={cohortCode ?? ''}
            onChange={(e) => set('cohortCode', e.target.value)}
            disabled={!programCode}
          >
            <CodeOptions
              items={cohorts.data?.items}
              none={programCode ? 'All cohorts' : 'Choose a program first'}
              label={(c) => `${c.code}: ${c.name}`}
            />
          </select>
        </label>
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
          caption={q ? `Trainees matching ${q}` : 'Trainees'}
          captionHidden
          rows={list.query.data.items}
          rowKey={(t) => t.id}
          empty={
            q
              ? `No trainee you may see matches “${q}”.`
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
            { header: 'Gender', cell: (t) => label('gender', t.gender) },
            { header: 'Province', cell: (t) => label('province', t.province) },
            { header: 'District', auto: true, cell: (t) => t.district ?? '–' },
          ]}
        />
      )}
      <Pager {...list} />
    </div>
  );
}
