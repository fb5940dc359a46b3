// The one way a service hands out a record that belongs to a partner: the record, if the caller
// may see that partner; otherwise the same 404 "<resource> not found" as for a record that does
// not exist, so another partner's data is not even confirmed to exist (API.md, 404-not-403).
// Each service keeps its own resource name, so the problem details it answers are unchanged.
import { DomainError } from '../http/domain-error';
import { type Actor, partnerScope } from './actor';

/** The partners whose records a read may return: null = every partner. */
export type PartnerIds = string[] | null;

/** The partner of a row that carries `partnerId` (most of them). */
export const byPartnerId = (row: { partnerId: string }): string => row.partnerId;

/** `found`, or 404 `<resource> not found`: for lookups whose query already applied the scope. */
export async function foundOr404<T>(
  resource: string,
  found: Promise<T | null> | T | null,
): Promise<T> {
  const row = await found;
  if (row === null) throw DomainError.notFound(resource);
  return row;
}

/**
 * `found` if the partner it belongs to (`partnerOf`) is visible to `visibleTo`, an actor or a
 * narrower list of partners (a report's partner filter); otherwise 404 `<resource> not found`.
 */
export async function findVisibleOr404<T>(
  visibleTo: Actor | PartnerIds,
  resource: string,
  found: Promise<T | null> | T | null,
  partnerOf: (row: T) => string,
): Promise<T> {
  const row = await foundOr404(resource, found);
  const scope =
    visibleTo === null || Array.isArray(visibleTo) ? visibleTo : partnerScope(visibleTo);
  if (scope !== null && !scope.includes(partnerOf(row))) throw DomainError.notFound(resource);
  return row;
}
