// Administration (admins only): partners with their API keys and webhooks, and the user
// accounts. The pieces live in ./admin/.
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { Partner } from '../api/types';
import { DataTable } from '../components/DataTable';
import { ErrorBox, Loading } from '../components/ErrorBox';
import { usePartners } from '../features/partners/api';
import { label } from '../lib/labels';
import { AdminTabs } from './admin/AdminTabs';
import { ApiKeys } from './admin/ApiKeys';
import { NewPartner } from './admin/NewPartner';
import { PartnerWebhooks } from './admin/PartnerWebhooks';
import { Users } from './admin/Users';

export default function Admin() {
  const partners = usePartners();
  // `?partner=CODE` (the Imports page's link) opens that partner's keys and webhooks.
  const [search] = useSearchParams();
  const [selected, setSelected] = useState<string | null>(search.get('partner'));
  const partner = partners.data?.items.find((p) => p.code === selected);
  return (
    <div className="page">
      <h1>Administration</h1>
      <AdminTabs />
      <section className="block" aria-labelledby="partners-admin-title">
        <h2 id="partners-admin-title">Partners</h2>
        {partners.error ? (
          <ErrorBox error={partners.error} onRetry={() => void partners.refetch()} />
        ) : !partners.data ? (
          <Loading what="partners" />
        ) : (
          <DataTable
            caption="Partners"
            captionHidden
            rows={partners.data.items}
            rowKey={(p) => p.id}
            columns={[
              { header: 'Code', cell: (p: Partner) => p.code },
              { header: 'Name', auto: true, cell: (p) => p.name },
              { header: 'Kind', cell: (p) => label('kind', p.kind) },
              {
                header: 'Connections',
                cell: (p) => (
                  <button type="button" className="linklike" onClick={() => setSelected(p.code)}>
                    Keys and webhooks<span className="visually-hidden"> of {p.name}</span>
                  </button>
                ),
              },
            ]}
          />
        )}
        {partner && (
          <>
            <ApiKeys key={`keys-${partner.code}`} partner={partner} />
            <PartnerWebhooks key={`hooks-${partner.code}`} partner={partner} />
          </>
        )}
        <NewPartner />
      </section>
      <Users partners={partners.data?.items ?? []} />
    </div>
  );
}
