// A partner's webhooks, registered and removed here beside its API keys: both are how the
// partner's own systems are connected, set up once with its IT team, each with a secret shown
// once. What was delivered is followed on the Imports page, where the imports are.
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client';
import type { CreatedWebhook, CreateWebhook, Partner, Webhook } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { ErrorBox, Loading } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { FormProblem } from '../../components/FormProblem';
import { SecretOnce } from '../../components/SecretOnce';
import { useSubmit } from '../../components/useSubmit';
import { useWebhooks, webhooksPath } from '../../components/useWebhooks';
import { formatDateTime } from '../../lib/format';

export function PartnerWebhooks({ partner }: { partner: Partner }) {
  const queries = useQueryClient();
  const hooks = useWebhooks(partner.code);
  const [url, setUrl] = useState('');
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  const submit = useSubmit();
  const removal = useSubmit();
  const reload = () => queries.invalidateQueries({ queryKey: [webhooksPath(partner.code)] });

  const register = async (e: FormEvent) => {
    e.preventDefault();
    const body: CreateWebhook = { url, events: ['import.finished'] };
    const hook = await submit.run(() =>
      api<CreatedWebhook>(webhooksPath(partner.code), { method: 'POST', body }),
    );
    if (hook) {
      setCreated(hook);
      setUrl('');
      void reload();
    }
  };
  const remove = async (h: Webhook) => {
    if (!window.confirm(`Delete the webhook to ${h.url}? Nothing more is delivered to it.`)) return;
    setCreated(null);
    await removal.run(() => api<void>(`/webhooks/${h.id}`, { method: 'DELETE' }));
    void reload();
  };

  return (
    <section className="card" aria-labelledby="webhooks-title">
      <div className="section-head">
        <h3 id="webhooks-title">Webhooks of {partner.name}</h3>
        <Link to={`/imports?partner=${encodeURIComponent(partner.code)}#webhooks`}>
          Deliveries on the Imports page
        </Link>
      </div>
      <p className="muted">
        When an import of {partner.code} ends, its system receives the result as a POST signed in{' '}
        <code>X-Signature</code>.
      </p>
      {created && (
        <SecretOnce
          key={created.id}
          what="secret"
          value={created.secret}
          note={`The partner's system checks X-Signature of each delivery to ${created.url} with it.`}
        />
      )}
      <ErrorBox error={removal.error} />
      {hooks.error ? (
        <ErrorBox error={hooks.error} onRetry={() => void hooks.refetch()} />
      ) : !hooks.data ? (
        <Loading what="webhooks" />
      ) : (
        <DataTable
          caption={`Webhooks of ${partner.code}`}
          captionHidden
          rows={hooks.data.items}
          rowKey={(h) => h.id}
          empty="No webhook yet."
          columns={[
            { header: 'Address', cell: (h: Webhook) => <code className="url">{h.url}</code> },
            { header: 'Events', cell: (h) => h.events.join(', ') },
            { header: 'Registered', cell: (h) => formatDateTime(h.createdAt) },
            {
              header: 'Remove',
              cell: (h) => (
                <button type="button" className="button" onClick={() => void remove(h)}>
                  Delete<span className="visually-hidden"> the webhook to {h.url}</span>
                </button>
              ),
            },
          ]}
        />
      )}
      <form
        className="form form-below"
        onSubmit={(e) => void register(e)}
        noValidate
        aria-labelledby="register-webhook-title"
      >
        <h4 id="register-webhook-title">Register a webhook</h4>
        <FormProblem error={submit.error} fields={['url']} />
        <Field
          label="Webhook address"
          help="Where the partner receives “import finished”: an https:// address (http:// only outside production)."
          error={submit.fieldError('url')}
        >
          <input
            type="url"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            placeholder="https://hooks.partner.example/sdt"
            autoComplete="off"
          />
        </Field>
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={submit.busy}>
            Register webhook
          </button>
        </div>
      </form>
    </section>
  );
}
