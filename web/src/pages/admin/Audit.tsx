// Administration → Audit log: who did what to which record and when, filtered by actor,
// action, kind of record and dates, newest first, paged by keyset, and downloadable as CSV
// with the same filters. `changes` names fields only; personal data never appears in it.
import { type FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { AuditEvent } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { DateInput } from '../../components/DateInput';
import { ErrorBox, Loading } from '../../components/ErrorBox';
import { Field } from '../../components/Field';
import { Pager } from '../../components/Pager';
import { refuseIfAny, useSubmit } from '../../components/useSubmit';
import { downloadAudit, useAudit } from '../../features/audit/api';
import { useUserOptions } from '../../features/users/api';
import { AdminTabs } from './AdminTabs';
import { checkDraft } from '../../lib/checks';
import { DATE_HELP, dateBody, dateText } from '../../lib/dates';
import { formatDateTime } from '../../lib/format';

const ENTITIES: [string, string][] = [
  ['user', 'User'],
  ['partner', 'Partner'],
  ['apiKey', 'API key'],
  ['webhook', 'Webhook'],
  ['program', 'Program'],
  ['cohort', 'Cohort'],
  ['trainee', 'Trainee'],
  ['enrollment', 'Enrollment'],
  ['certification', 'Certification'],
  ['import', 'Import'],
];
const ENTITY_WORDS = Object.fromEntries(ENTITIES);
const KEYS = ['actor', 'action', 'entity', 'from', 'to'] as const;

function actorText(e: AuditEvent): string {
  if (e.actor.type === 'system') return 'The system';
  // A key's label already names it ("HUAWEI API key").
  if (e.actor.type === 'apiKey') return e.actor.label ?? `API key ${e.actor.id ?? 'unknown'}`;
  return e.actor.label ?? e.actor.id ?? 'unknown';
}

function changesText(e: AuditEvent): string {
  return e.changes.map((c) => c.field).join(', ') || '–';
}

function AuditLog() {
  const [search, setSearch] = useSearchParams();
  const filters = Object.fromEntries(KEYS.map((k) => [k, search.get(k) || undefined]));
  const list = useAudit(filters);
  const users = useUserOptions();
  const submit = useSubmit();
  const [draft, setDraft] = useState({
    actor: filters.actor ?? '',
    action: filters.action ?? '',
    entity: filters.entity ?? '',
    from: dateText(filters.from),
    to: dateText(filters.to),
  });
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const set = (key: keyof typeof draft) => (value: string) => setDraft({ ...draft, [key]: value });

  const onlyActor = (id: string) => {
    const next = new URLSearchParams(search);
    next.set('actor', id);
    setSearch(next, { replace: true });
    setDraft({ ...draft, actor: id });
  };
  // The chosen actor when it is an API key: named as the log names it.
  const keyEvent = list.query.data?.items.find(
    (e) => e.actor.type === 'apiKey' && e.actor.id === filters.actor,
  );
  const keyLabel = keyEvent ? actorText(keyEvent) : null;

  const apply = (e: FormEvent) => {
    e.preventDefault();
    void submit.run(async () => {
      refuseIfAny(checkDraft(draft, { dates: ['from', 'to'], range: ['from', 'to'] }));
      const next = new URLSearchParams();
      const values = {
        actor: draft.actor,
        action: draft.action.trim().toLowerCase(),
        entity: draft.entity,
        from: dateBody(draft.from) ?? '',
        to: dateBody(draft.to) ?? '',
      };
      for (const [k, v] of Object.entries(values)) if (v) next.set(k, v);
      setSearch(next, { replace: true });
      return true;
    });
  };

  return (
    <section className="block" aria-labelledby="audit-title">
      <div className="section-head">
        <h2 id="audit-title">Audit log</h2>
        <button
          type="button"
          className="button"
          onClick={() => {
            setDownloadError(null);
            downloadAudit(filters).catch(setDownloadError);
          }}
        >
          Download CSV
        </button>
      </div>
      <ErrorBox error={downloadError} />
      <form className="card form" aria-label="Filter the audit log" onSubmit={apply} noValidate>
        <div className="form-grid">
          <Field label="Who">
            <select value={draft.actor} onChange={(e) => set('actor')(e.target.value)}>
              <option value="">Anyone</option>
              {draft.actor && !users.data?.items.some((u) => u.id === draft.actor) && (
                <option value={draft.actor}>{keyLabel ?? 'The chosen API key'}</option>
              )}
              {users.data?.items.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.email}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Action" help="One word, e.g. created, updated, revoked, disabled.">
            <input
              value={draft.action}
              onChange={(e) => set('action')(e.target.value)}
              autoComplete="off"
            />
          </Field>
          <Field label="Record">
            <select value={draft.entity} onChange={(e) => set('entity')(e.target.value)}>
              <option value="">Any kind</option>
              {ENTITIES.map(([value, text]) => (
                <option key={value} value={value}>
                  {text}
                </option>
              ))}
            </select>
          </Field>
          <Field label="From" help={DATE_HELP} error={submit.fieldError('from')}>
            <DateInput value={draft.from} onValue={set('from')} />
          </Field>
          <Field label="To (that day included)" help={DATE_HELP} error={submit.fieldError('to')}>
            <DateInput value={draft.to} onValue={set('to')} />
          </Field>
        </div>
        <div className="actions">
          <button type="submit" className="button button-primary">
            Show
          </button>
        </div>
      </form>
      {list.query.error ? (
        <ErrorBox error={list.query.error} onRetry={() => void list.query.refetch()} />
      ) : !list.query.data ? (
        <Loading what="the audit log" />
      ) : (
        <DataTable
          caption="Audit log, newest first"
          captionHidden
          rows={list.query.data.items}
          rowKey={(e) => `${e.at}-${e.entity}-${e.entityId ?? ''}-${e.action}`}
          empty="Nothing recorded matches these filters."
          columns={[
            { header: 'When', cell: (e: AuditEvent) => formatDateTime(e.at) },
            {
              header: 'Who',
              cell: (e) =>
                // An API key is not in the "Who" list (it holds users): its own events are one
                // click away from the row that names it.
                e.actor.type === 'apiKey' && e.actor.id && filters.actor !== e.actor.id ? (
                  <button
                    type="button"
                    className="linklike"
                    onClick={() => onlyActor(e.actor.id ?? '')}
                  >
                    {actorText(e)}
                    <span className="visually-hidden"> (show only its events)</span>
                  </button>
                ) : (
                  actorText(e)
                ),
            },
            { header: 'Action', cell: (e) => e.action },
            { header: 'Record', cell: (e) => ENTITY_WORDS[e.entity] ?? e.entity },
            { header: 'Record id', cell: (e) => <code>{e.entityId?.slice(0, 8) ?? '–'}</code> },
            { header: 'Fields changed', cell: (e) => changesText(e) },
          ]}
        />
      )}
      <Pager {...list} />
    </section>
  );
}

export default function AuditPage() {
  return (
    <div className="page">
      <h1>Administration</h1>
      <AdminTabs />
      <AuditLog />
    </div>
  );
}
