import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import type { ApiKey, CreatedApiKey, Page, Partner } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { ErrorBox, Loading } from '../../components/ErrorBox';
import { SecretOnce } from '../../components/SecretOnce';
import { useSubmit } from '../../components/useSubmit';
import { formatDateTime } from '../../lib/format';

export function ApiKeys({ partner }: { partner: Partner }) {
  const queries = useQueryClient();
  const path = `/partners/${encodeURIComponent(partner.code)}/api-keys`;
  const keys = useQuery({
    queryKey: [path],
    queryFn: ({ signal }) => api<ApiKey[] | Page<ApiKey>>(path, { signal }),
  });
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const submit = useSubmit();
  const create = async () => {
    const key = await submit.run(() => api<CreatedApiKey>(path, { method: 'POST' }));
    if (key) {
      setCreated(key);
      void queries.invalidateQueries({ queryKey: [path] });
    }
  };
  const revoke = async (k: ApiKey) => {
    if (
      !window.confirm(
        `Revoke the key ${k.prefix}… of ${partner.name}? Scripts using it stop working at once.`,
      )
    )
      return;
    await submit.run(() => api<void>(`/api-keys/${k.id}`, { method: 'DELETE' }));
    void queries.invalidateQueries({ queryKey: [path] });
  };
  const items = Array.isArray(keys.data) ? keys.data : (keys.data?.items ?? []);
  return (
    <section className="card" aria-labelledby="keys-title">
      <div className="section-head">
        <h3 id="keys-title">API keys of {partner.name}</h3>
        <button
          type="button"
          className="button button-primary"
          onClick={() => void create()}
          disabled={submit.busy}
        >
          Create API key
        </button>
      </div>
      <ErrorBox error={submit.error} />
      {created && <SecretOnce key={created.id} what="key" value={created.key} />}
      {keys.error ? (
        <ErrorBox error={keys.error} />
      ) : !keys.data ? (
        <Loading what="keys" />
      ) : (
        <DataTable
          caption={`API keys of ${partner.code}`}
          captionHidden
          rows={items}
          rowKey={(k) => k.id}
          empty="No key yet."
          columns={[
            { header: 'Key', cell: (k: ApiKey) => <code>{k.prefix}…</code> },
            { header: 'Created', cell: (k) => formatDateTime(k.createdAt) },
            { header: 'Last used', cell: (k) => formatDateTime(k.lastUsedAt) },
            {
              header: 'State',
              cell: (k) =>
                k.revokedAt ? (
                  `Revoked ${formatDateTime(k.revokedAt)}`
                ) : (
                  <button type="button" className="button" onClick={() => void revoke(k)}>
                    Revoke
                  </button>
                ),
            },
          ]}
        />
      )}
    </section>
  );
}
