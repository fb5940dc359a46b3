// Admins only: a partner's webhooks and, for each, its recent deliveries (newest first, paged,
// re-read while open since deliveries follow an import on their own). Registering and deleting
// a webhook is done in Administration, beside the partner's API keys.
import { useEffect, useRef } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import type { Delivery, Webhook } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { ErrorBox, Loading } from '../../components/ErrorBox';
import { Pager } from '../../components/Pager';
import { CodeOptions, partnerLabel } from '../../components/CodeOptions';
import { useImport } from '../../features/imports/api';
import { usePartners } from '../../features/partners/api';
import { useDeliveries, useWebhooks } from '../../features/webhooks/api';
import { formatCount, formatDateTime } from '../../lib/format';

function Deliveries({ hook, onOpen }: { hook: Webhook; onOpen: (importId: string) => void }) {
  const list = useDeliveries(hook.id);
  return (
    <div className="webhook">
      <h3 className="subtle-title">
        Deliveries to <code className="url">{hook.url}</code>
      </h3>
      {list.query.error ? (
        <ErrorBox error={list.query.error} onRetry={() => void list.query.refetch()} />
      ) : !list.query.data ? (
        <Loading what="deliveries" />
      ) : (
        <DataTable
          caption={`Deliveries to ${hook.url}, newest first`}
          captionHidden
          rows={list.query.data.items}
          rowKey={(d) => d.id}
          empty="Nothing delivered yet: a delivery is sent when an import of this partner ends."
          columns={[
            { header: 'Time', cell: (d: Delivery) => formatDateTime(d.attemptedAt) },
            { header: 'Event', cell: (d) => d.event },
            {
              header: 'Import',
              // A test ping tells of no import.
              cell: (d) => {
                const importId = d.importId;
                return importId === null ? (
                  '–'
                ) : (
                  <button type="button" className="linklike" onClick={() => onOpen(importId)}>
                    <span className="visually-hidden">Open import </span>
                    <code>{importId.slice(0, 8)}</code>
                  </button>
                );
              },
            },
            { header: 'Attempt', numeric: true, cell: (d) => formatCount(d.attempt) },
            {
              header: 'Result',
              cell: (d) => (d.succeeded ? '✓ Delivered' : '✗ Not delivered'),
            },
            { header: 'Status code', numeric: true, cell: (d) => d.statusCode ?? '–' },
            { header: 'Duration', numeric: true, cell: (d) => `${formatCount(d.durationMs)} ms` },
            { header: 'Error', cell: (d) => d.error ?? '–' },
          ]}
        />
      )}
      <Pager {...list} />
    </div>
  );
}

/** The partner of the import open on the page, when one is (the cache of its status query). */
function useImportPartner(importId: string | null): string | undefined {
  return useImport(importId).data?.partnerCode;
}

export function AdminWebhooks({
  currentImport,
  onOpen,
}: {
  currentImport: string | null;
  onOpen: (importId: string) => void;
}) {
  const [params, setParams] = useSearchParams();
  const importPartner = useImportPartner(currentImport);
  const partner = params.get('partner') || importPartner || '';
  const partners = usePartners();
  const hooks = useWebhooks(partner || null);
  const section = useRef<HTMLElement>(null);
  const { hash } = useLocation();
  useEffect(() => {
    if (hash === '#webhooks') section.current?.scrollIntoView();
  }, [hash]);
  const choose = (code: string) => {
    const next = new URLSearchParams(params);
    if (code) next.set('partner', code);
    else next.delete('partner');
    setParams(next, { replace: true });
  };
  return (
    <section className="block" id="webhooks" ref={section} aria-labelledby="webhooks-title">
      <div className="section-head">
        <h2 id="webhooks-title">Webhook deliveries</h2>
        <Link to={`/admin${partner ? `?partner=${encodeURIComponent(partner)}` : ''}`}>
          Register or delete webhooks in Administration
        </Link>
      </div>
      <form className="filters" aria-label="Webhooks of" onSubmit={(e) => e.preventDefault()}>
        <label>
          Partner
          <select value={partner} onChange={(e) => choose(e.target.value)}>
            <CodeOptions
              items={partners.data?.items}
              none="Choose a partner"
              label={partnerLabel}
            />
          </select>
        </label>
      </form>
      {!partner ? (
        <p className="muted">Choose a partner to see what its webhooks were sent.</p>
      ) : hooks.error ? (
        <ErrorBox error={hooks.error} onRetry={() => void hooks.refetch()} />
      ) : !hooks.data ? (
        <Loading what="webhooks" />
      ) : hooks.data.items.length === 0 ? (
        <p className="muted">{partner} has no webhook.</p>
      ) : (
        hooks.data.items.map((h) => <Deliveries key={h.id} hook={h} onOpen={onOpen} />)
      )}
    </section>
  );
}
