import { useSearchParams } from 'react-router';
import { ErrorBox, Loading } from '../components/ErrorBox';
import {
  type IdentityConflict,
  useOpenConflicts,
  useResolveConflict,
} from '../features/reports/conflicts';
import { formatDate } from '../lib/format';

const FIELDS: Record<string, { label: string; key: keyof IdentityConflict['record'] }> = {
  full_name: { label: 'Full name', key: 'fullName' },
  gender: { label: 'Gender', key: 'gender' },
  date_of_birth: { label: 'Date of birth', key: 'dateOfBirth' },
  province: { label: 'Province', key: 'province' },
  district: { label: 'District', key: 'district' },
  category: { label: 'Category', key: 'category' },
};

/** A column as the API names it (camelCase, or the roster's snake_case) with its label. */
function field(column: string) {
  return (
    Object.values(FIELDS).find((f) => f.key === column) ??
    FIELDS[column] ?? { label: column, key: column as keyof IdentityConflict['record'] }
  );
}

function Conflict({ c }: { c: IdentityConflict }) {
  const resolve = useResolveConflict();
  return (
    <section className="card" aria-labelledby={`conflict-${c.id}`}>
      <h2 id={`conflict-${c.id}`}>
        <span dir="auto">{c.record.fullName}</span> · {c.partnerCode}
      </h2>
      <p className="muted">
        Supplied {formatDate(c.at)}
        {c.line !== null ? `, roster line ${c.line}` : ''}
      </p>
      <div
        className="table-wrap"
        role="region"
        aria-label={`Record and supplied values for ${c.record.fullName}`}
        tabIndex={0}
      >
        <table>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Record</th>
              <th scope="col">Supplied by {c.partnerCode}</th>
            </tr>
          </thead>
          <tbody>
            {c.columns.map((column) => {
              const f = field(column);
              return (
                <tr key={column}>
                  <th scope="row">{f.label}</th>
                  <td dir="auto">{String(c.record[f.key] ?? '–')}</td>
                  <td dir="auto">{String(c.supplied[f.key] ?? '–')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <ErrorBox error={resolve.error} />
      <div className="actions">
        <button
          type="button"
          className="button"
          disabled={resolve.isPending}
          onClick={() => resolve.mutate({ id: c.id, keep: 'record' })}
        >
          Keep record
        </button>
        <button
          type="button"
          className="button button-quiet"
          disabled={resolve.isPending}
          onClick={() => resolve.mutate({ id: c.id, keep: 'supplied' })}
        >
          Use supplied
        </button>
      </div>
    </section>
  );
}

/** Open identity conflicts side by side, so coordinators resolve them instead of piling up. */
export default function IdentityConflicts() {
  const [search] = useSearchParams();
  const partner = search.get('partner') ?? undefined;
  const q = useOpenConflicts(partner);
  return (
    <div className="page">
      <h1>Identity conflicts{partner ? `: ${partner}` : ''}</h1>
      <p className="muted">
        A partner sent identity values that differ from the national record of a trainee another
        partner also enrolled. Keep the record, or use what was supplied (written to the record,
        audited).
      </p>
      {q.error ? (
        <ErrorBox error={q.error} onRetry={() => void q.refetch()} />
      ) : !q.data ? (
        <Loading what="the conflicts" />
      ) : q.data.items.length === 0 ? (
        <p>No open conflicts.</p>
      ) : (
        q.data.items.map((c) => <Conflict key={c.id} c={c} />)
      )}
    </div>
  );
}
