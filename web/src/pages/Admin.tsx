import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import type {
  ApiKey,
  CreatedApiKey,
  CreatePartner,
  CreateUser,
  Page,
  Partner,
  User,
} from '../api/types';
import { DataTable } from '../components/DataTable';
import { ErrorBox, Loading } from '../components/ErrorBox';
import { Field } from '../components/Field';
import { FormProblem } from '../components/FormProblem';
import { Pager } from '../components/Pager';
import { useList } from '../components/useList';
import { useSubmit } from '../components/useSubmit';
import { formatDateTime } from '../lib/format';

type UserRole = 'admin' | 'coordinator' | 'ministry' | 'partner';

function NewUser({ partners, onSaved }: { partners: Partner[]; onSaved: () => void }) {
  const submit = useSubmit();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<UserRole>('coordinator');
  const [codes, setCodes] = useState<string[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    const body: CreateUser = { email, password, role, partnerCodes: codes };
    const saved = await submit.run(() => api<User>('/users', { method: 'POST', body }));
    if (saved) {
      setDone(`${saved.email} can now sign in as ${saved.role}.`);
      setEmail('');
      setPassword('');
      setCodes([]);
      onSaved();
    }
  };
  const toggle = (code: string) =>
    setCodes(
      role === 'partner'
        ? [code]
        : codes.includes(code)
          ? codes.filter((c) => c !== code)
          : [...codes, code],
    );
  return (
    <form
      className="card form"
      onSubmit={(e) => void onSubmit(e)}
      noValidate
      aria-labelledby="new-user-title"
    >
      <h3 id="new-user-title">New user</h3>
      {done && (
        <p className="alert alert-success" role="status">
          {done}
        </p>
      )}
      <FormProblem error={submit.error} fields={['email', 'password', 'role', 'partnerCodes']} />
      <div className="form-grid">
        <Field label="Email" error={submit.fieldError('email')}>
          <input
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            autoComplete="off"
          />
        </Field>
        <Field
          label="Password"
          help="At least 12 characters."
          error={submit.fieldError('password')}
        >
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="new-password"
          />
        </Field>
        <Field label="Role" error={submit.fieldError('role')}>
          <select
            value={role}
            onChange={(e) => {
              setRole(e.target.value as UserRole);
              setCodes([]);
            }}
          >
            <option value="coordinator">Coordinator</option>
            <option value="ministry">Ministry</option>
            <option value="partner">Partner user</option>
            <option value="admin">Administrator</option>
          </select>
        </Field>
      </div>
      {(role === 'coordinator' || role === 'partner') && (
        <fieldset className="checks">
          <legend>
            {role === 'partner' ? 'Partner (exactly one)' : 'Partners (none chosen: every partner)'}
          </legend>
          {partners.map((p) => (
            <label key={p.code}>
              <input
                type={role === 'partner' ? 'radio' : 'checkbox'}
                name="partnerCodes"
                checked={codes.includes(p.code)}
                onChange={() => toggle(p.code)}
              />{' '}
              {p.name} ({p.code})
            </label>
          ))}
          {submit.fieldError('partnerCodes') && (
            <p className="field-error">{submit.fieldError('partnerCodes')}</p>
          )}
        </fieldset>
      )}
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={submit.busy}>
          Create user
        </button>
      </div>
    </form>
  );
}

function Users({ partners }: { partners: Partner[] }) {
  const list = useList<User>('/users', {});
  return (
    <section className="block" aria-labelledby="users-title">
      <h2 id="users-title">Users</h2>
      {list.query.error ? (
        <ErrorBox error={list.query.error} onRetry={() => void list.query.refetch()} />
      ) : !list.query.data ? (
        <Loading what="users" />
      ) : (
        <DataTable
          caption="Users"
          captionHidden
          rows={list.query.data.items}
          rowKey={(u) => u.id}
          columns={[
            { header: 'Email', cell: (u: User) => u.email },
            { header: 'Role', cell: (u) => u.role },
            {
              header: 'Partners',
              cell: (u) => (u.partnerCodes.length ? u.partnerCodes.join(', ') : 'all'),
            },
            { header: 'State', cell: (u) => (u.disabledAt ? 'Disabled' : 'Active') },
          ]}
        />
      )}
      <Pager {...list} />
      <NewUser partners={partners} onSaved={() => void list.query.refetch()} />
    </section>
  );
}

function ApiKeys({ partner }: { partner: Partner }) {
  const queries = useQueryClient();
  const path = `/partners/${encodeURIComponent(partner.code)}/api-keys`;
  const keys = useQuery({
    queryKey: [path],
    queryFn: ({ signal }) => api<ApiKey[] | Page<ApiKey>>(path, { signal }),
  });
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [copied, setCopied] = useState(false);
  const submit = useSubmit();
  const create = async () => {
    setCopied(false);
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
      {created && (
        <div className="alert alert-success" role="status">
          <p>
            <strong>Copy this key now.</strong> It is shown once and cannot be read again.
          </p>
          <p className="key-once">{created.key}</p>
          <button
            type="button"
            className="button"
            onClick={() => {
              void navigator.clipboard?.writeText(created.key).then(() => setCopied(true));
            }}
          >
            {copied ? 'Copied' : 'Copy key'}
          </button>
        </div>
      )}
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

function NewPartner({ onSaved }: { onSaved: () => void }) {
  const submit = useSubmit();
  const [draft, setDraft] = useState<CreatePartner>({ code: '', name: '', kind: 'industry' });
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const saved = await submit.run(() =>
      api<Partner>('/partners', { method: 'POST', body: draft }),
    );
    if (saved) {
      setDraft({ code: '', name: '', kind: 'industry' });
      onSaved();
    }
  };
  return (
    <form
      className="card form"
      onSubmit={(e) => void onSubmit(e)}
      noValidate
      aria-labelledby="new-partner-title"
    >
      <h3 id="new-partner-title">New partner</h3>
      <FormProblem error={submit.error} fields={['code', 'name', 'kind']} />
      <div className="form-grid">
        <Field
          label="Code"
          help="2–32 capitals, digits, - or _; e.g. HUAWEI."
          error={submit.fieldError('code')}
        >
          <input
            value={draft.code}
            onChange={(e) => setDraft({ ...draft, code: e.target.value })}
            autoComplete="off"
          />
        </Field>
        <Field label="Name" error={submit.fieldError('name')}>
          <input
            value={draft.name}
            onChange={(e) => setDraft({ ...draft, name: e.target.value })}
            dir="auto"
          />
        </Field>
        <Field label="Kind" error={submit.fieldError('kind')}>
          <select
            value={draft.kind}
            onChange={(e) => setDraft({ ...draft, kind: e.target.value as CreatePartner['kind'] })}
          >
            <option value="industry">Industry</option>
            <option value="government">Government</option>
            <option value="academic">Academic</option>
            <option value="donor">Donor</option>
          </select>
        </Field>
      </div>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={submit.busy}>
          Create partner
        </button>
      </div>
    </form>
  );
}

export default function Admin() {
  const partners = useQuery({
    queryKey: ['/partners?limit=500'],
    queryFn: ({ signal }) => api<Page<Partner>>('/partners?limit=500', { signal }),
  });
  const [selected, setSelected] = useState<string | null>(null);
  const partner = partners.data?.items.find((p) => p.code === selected);
  return (
    <div className="page">
      <h1>Administration</h1>
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
              { header: 'Kind', cell: (p) => p.kind },
              {
                header: 'API keys',
                cell: (p) => (
                  <button type="button" className="linklike" onClick={() => setSelected(p.code)}>
                    Manage keys<span className="visually-hidden"> of {p.name}</span>
                  </button>
                ),
              },
            ]}
          />
        )}
        {partner && <ApiKeys key={partner.code} partner={partner} />}
        <NewPartner onSaved={() => void partners.refetch()} />
      </section>
      <Users partners={partners.data?.items ?? []} />
    </div>
  );
}
