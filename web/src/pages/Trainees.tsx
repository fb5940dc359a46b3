import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Trainee } from '../api/types';
import { DataTable } from '../components/DataTable';
import { ErrorBox, Loading } from '../components/ErrorBox';
import { Field } from '../components/Field';
import { Pager } from '../components/Pager';
import { useList } from '../components/useList';
import { formatCnic, normalizeCnicQuery } from '../lib/cnic';

export default function Trainees() {
  const [search, setSearch] = useSearchParams();
  const cnic = search.get('cnic') ?? undefined;
  const [text, setText] = useState(cnic ? formatCnic(cnic) : '');
  const [invalid, setInvalid] = useState<string | undefined>();
  const list = useList<Trainee>('/trainees', { cnic });

  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim() === '') {
      setInvalid(undefined);
      setSearch({}, { replace: true });
      return;
    }
    const digits = normalizeCnicQuery(text);
    if (!digits) {
      setInvalid('Type the 13 digits, with or without dashes: 35202-1234567-1 or 3520212345671.');
      return;
    }
    setInvalid(undefined);
    setSearch({ cnic: digits }, { replace: true });
  };

  return (
    <div className="page">
      <h1>Trainees</h1>
      <form className="card search-form" role="search" onSubmit={onSearch}>
        <Field
          label="CNIC"
          help="13 digits, written 35202-1234567-1 or 3520212345671."
          error={invalid}
        >
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
                setSearch({}, { replace: true });
              }}
            >
              Show all
            </button>
          )}
        </div>
      </form>
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
          empty={cnic ? 'No trainee you may see has this CNIC.' : 'No trainee yet.'}
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
