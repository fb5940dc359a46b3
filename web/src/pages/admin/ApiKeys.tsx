import { type FormEvent, useState } from 'react';
import type { ApiKey, CreatedApiKey, Partner } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { ErrorBox, Loading } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { SecretOnce } from '../../components/SecretOnce';
import { useSubmit } from '../../components/useSubmit';
import {
  useApiKeys,
  useCreateApiKeyMutation,
  useRevokeApiKeyMutation,
} from '../../features/partners/api';
import { formatDateTime } from '../../lib/format';

/** What a key is for ("Huawei LMS sync"), when its creator said. */
const keyLabel = (k: ApiKey): string | null => k.label;

export function ApiKeys({ partner }: { partner: Partner }) {
  const keys = useApiKeys(partner.code);
  const createKey = useCreateApiKeyMutation(partner.code);
  const revokeKey = useRevokeApiKeyMutation(partner.code);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [newLabel, setNewLabel] = useState('');
  const submit = useSubmit();
  const create = async (e: FormEvent) => {
    e.preventDefault();
    const key = await submit.run(() => createKey.mutateAsync(newLabel));
    if (key) {
      setCreated(key);
      setNewLabel('');
    }
  };
  const revoke = async (k: ApiKey) => {
    const name = keyLabel(k) ? `“${keyLabel(k)}” (${k.prefix}…)` : `${k.prefix}…`;
    if (
      !window.confirm(
        `Revoke the key ${name} of ${partner.name}? Scripts using it stop working at once.`,
      )
    )
      return;
    await submit.run(() => revokeKey.mutateAsync(k.id));
  };
  return (
    <section className="card" aria-labelledby="keys-title">
      <h3 id="keys-title">API keys of {partner.name}</h3>
      <form className="inline-form" onSubmit={(e) => void create(e)} noValidate>
        <Field label="Label of a new key" help="What the key is for, e.g. LMS nightly sync.">
          <input
            value={newLabel}
            onChange={(e) => setNewLabel(e.target.value)}
            maxLength={100}
            autoComplete="off"
          />
        </Field>
        <button type="submit" className="button button-primary" disabled={submit.busy}>
          Create API key
        </button>
      </form>
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
          rows={keys.data}
          rowKey={(k) => k.id}
          empty="No key yet."
          columns={[
            { header: 'Label', cell: (k: ApiKey) => keyLabel(k) ?? '–' },
            { header: 'Key', cell: (k) => <code>{k.prefix}…</code> },
            { header: 'Created', cell: (k) => formatDateTime(k.createdAt) },
            { header: 'Last used', cell: (k) => formatDateTime(k.lastUsedAt) },
            {
              header: 'State',
              cell: (k) => (k.revokedAt ? `Revoked ${formatDateTime(k.revokedAt)}` : 'Active'),
            },
            {
              header: 'Actions',
              cell: (k) =>
                k.revokedAt ? (
                  '–'
                ) : (
                  <button type="button" className="button" onClick={() => void revoke(k)}>
                    Revoke<span className="visually-hidden"> {keyLabel(k) ?? k.prefix}</span>
                  </button>
                ),
            },
          ]}
        />
      )}
    </section>
  );
}
