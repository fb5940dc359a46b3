// A partner's webhooks, registered and removed here beside its API keys: both are how the
// partner's own systems are connected, set up once with its IT team, each with a secret shown
// once. What was delivered is followed on the Imports page, where the imports are.
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import type { CreatedWebhook, CreateWebhook, Partner, Webhook } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { ErrorBox, Loading } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { FormProblem } from '../../components/FormProblem';
import { SecretOnce } from '../../components/SecretOnce';
import { useSubmit } from '../../components/useSubmit';
import {
  useCreateWebhookMutation,
  useDeleteWebhookMutation,
  useWebhooks,
} from '../../features/webhooks/api';
import { formatDateTime } from '../../lib/format';
import { FormCard } from '../../components/FormCard';

export function PartnerWebhooks({ partner }: { partner: Partner }) {
  const hooks = useWebhooks(partner.code);
  const createHook = useCreateWebhookMutation(partner.code);
  const deleteHook = useDeleteWebhookMutation(partner.code);
  const [url, setUrl] = useState('');
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  const submit = useSubmit();
  const removal = useSubmit();

  const register = async (e: FormEvent) => {
    e.preventDefault();
    const body: CreateWebhook = { url, events: ['import.finished'] };
    const hook = await submit.run(() => createHook.mutateAsync(body));
    if (hook) {
      setCreated(hook);
      setUrl('');
    }
  };
  const remove = async (h: Webhook) => {
    if (!window.confirm(`Delete the webhook to ${h.url}? Nothing more is delivered to it.`)) return;
    setCreated(null);
    await removal.run(() => deleteHook.mutateAsync(h.id));
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
        When an import of {partner.code} ends, its system receives the result as a POST signed as
        Standard Webhooks says (<code>webhook-signature</code>).
      </p>
      {created && (
        <SecretOnce
          key={created.id}
          what="secret"
          value={created.secret}
          note={`The partner's system checks webhook-signature of each delivery to ${created.url} with it (any Standard Webhooks library).`}
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
      <FormCard
        title="Register a webhook"
        heading="h4"
        className="form form-below"
        onSubmit={register}
        disabled={submit.busy}
        submitLabel="Register webhook"
      >
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
      </FormCard>
    </section>
  );
}
