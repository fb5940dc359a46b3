import { Link, useSearchParams } from 'react-router';
import type { Program } from '../api/types';
import { DataTable } from '../components/DataTable';
import { ErrorBox, Loading } from '../components/ErrorBox';
import { Pager } from '../components/Pager';
import { usePartners } from '../features/partners/api';
import { usePrograms } from '../features/programs/api';
import { formatCount, formatDate } from '../lib/format';
import { label } from '../lib/labels';

export default function Programs() {
  const [search, setSearch] = useSearchParams();
  const partnerCode = search.get('partner') ?? undefined;
  const status = search.get('status') ?? undefined;
  const list = usePrograms({ partnerCode, status });
  const partners = usePartners();
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    setSearch(next, { replace: true });
  };
  return (
    <div className="page">
      <div className="page-head">
        <h1>Programs</h1>
        <Link className="button button-primary" to="/programs/new">
          New program
        </Link>
      </div>
      <form className="filters" aria-label="Filter programs" onSubmit={(e) => e.preventDefault()}>
        <label>
          Partner
          <select value={partnerCode ?? ''} onChange={(e) => set('partner', e.target.value)}>
            <option value="">All partners</option>
            {partners.data?.items.map((p) => (
              <option key={p.code} value={p.code}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={status ?? ''} onChange={(e) => set('status', e.target.value)}>
            <option value="">Any status</option>
            <option value="draft">Draft</option>
            <option value="active">Active</option>
            <option value="closed">Closed</option>
          </select>
        </label>
      </form>
      {list.query.error ? (
        <ErrorBox error={list.query.error} onRetry={() => void list.query.refetch()} />
      ) : !list.query.data ? (
        <Loading what="programs" />
      ) : (
        <DataTable
          caption="Programs"
          captionHidden
          rows={list.query.data.items}
          rowKey={(p) => p.id}
          empty="No program matches these filters."
          columns={[
            {
              header: 'Code',
              cell: (p: Program) => (
                <Link to={`/programs/${encodeURIComponent(p.code)}`}>{p.code}</Link>
              ),
            },
            { header: 'Name', auto: true, cell: (p) => p.name },
            { header: 'Partner', cell: (p) => p.partnerCode },
            { header: 'Target', numeric: true, cell: (p) => formatCount(p.targetTrainees) },
            { header: 'Starts', cell: (p) => formatDate(p.startsOn) },
            { header: 'Ends', cell: (p) => formatDate(p.endsOn) },
            { header: 'Status', cell: (p) => label('program', p.status) },
          ]}
        />
      )}
      <Pager {...list} />
    </div>
  );
}
