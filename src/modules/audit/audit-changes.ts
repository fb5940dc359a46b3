// What an audit event says changed. Field names always; old and new values only for fields
// known to carry no personal data. The allow-list is the one gate: a field not on it (CNIC,
// phone, email, date of birth, names, passwords, secrets, and any field added later) is
// recorded by name only, so a new personal field can never leak into the log by default.

export interface AuditChange {
  field: string;
  old?: unknown;
  new?: unknown;
}

/** Fields whose values may be kept in the audit log. */
const VALUE_FIELDS = new Set([
  'code',
  'name',
  'kind',
  'partnerCode',
  'partnerCodes',
  'programCode',
  'cohortCode',
  'targetTrainees',
  'targets',
  'tracks',
  'track',
  'startsOn',
  'endsOn',
  'status',
  'trainingCentre',
  'city',
  'mode',
  'capacity',
  'category',
  'externalId',
  'progressPct',
  'enrolledOn',
  'completedOn',
  'issuedOn',
  'expiresOn',
  'revokedAt',
  'role',
  'disabled',
  'events',
  'prefix',
  'dryRun',
  'atomic',
  'filename',
  'totalRows',
  'created',
  'updated',
  'unchanged',
  'rejected',
  'warnings',
  'failureReason',
]);

/** Entities whose field values are never kept, whatever the field (a trainee is a person). */
const NAMES_ONLY_ENTITIES = new Set(['trainee']);

export function mayKeepValue(entity: string, field: string): boolean {
  return !NAMES_ONLY_ENTITIES.has(entity) && VALUE_FIELDS.has(field);
}

/** Strips every value the allow-list does not cover; applied to every event before it is stored. */
export function redact(entity: string, changes: readonly AuditChange[]): AuditChange[] {
  return changes.map((c) => {
    if (!mayKeepValue(entity, c.field)) return { field: c.field };
    const out: AuditChange = { field: c.field };
    if (c.old !== undefined) out.old = c.old;
    if (c.new !== undefined) out.new = c.new;
    return out;
  });
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** The fields a patch changes: present in it (not undefined) and different from before. */
export function changedFields(before: object, patch: object): AuditChange[] {
  const old = before as Readonly<Record<string, unknown>>;
  const out: AuditChange[] = [];
  for (const [field, value] of Object.entries(patch) as [string, unknown][]) {
    if (value === undefined || same(old[field], value)) continue;
    out.push({ field, old: old[field] ?? null, new: value });
  }
  return out;
}

/** The fields a new record was created with. */
export function initialFields(values: object): AuditChange[] {
  return (Object.entries(values) as [string, unknown][])
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([field, v]) => ({ field, new: v }));
}
