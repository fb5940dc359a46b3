// Who is calling. Services receive an Actor and derive every partner restriction from it,
// never from a query parameter the caller controls.
import type { UserRole } from '../../modules/users/user.entity';

export type Role = UserRole | 'partner';
export const ALL_ROLES: Role[] = ['admin', 'coordinator', 'ministry', 'partner'];

export interface UserActor {
  kind: 'user';
  id: string;
  email: string;
  role: UserRole;
  /** Coordinator's assigned partners; empty means every partner. */
  partnerIds: string[];
}

export interface PartnerActor {
  kind: 'partner';
  role: 'partner';
  partnerId: string;
  partnerCode: string;
  apiKeyId: string;
}

export type Actor = UserActor | PartnerActor;

/** null = every partner; otherwise the only partner ids this actor may read or write. */
export function partnerScope(actor: Actor): string[] | null {
  if (actor.kind === 'partner') return [actor.partnerId];
  if (actor.role === 'coordinator' && actor.partnerIds.length > 0) return actor.partnerIds;
  return null;
}

export function canSeePartner(actor: Actor, partnerId: string): boolean {
  const scope = partnerScope(actor);
  return scope === null || scope.includes(partnerId);
}

/** Ministry users read figures, never trainee-level personal data. */
export function mayReadPersonalData(actor: Actor): boolean {
  return actor.role !== 'ministry';
}

/**
 * Which trainees an actor sees: those enrolled with its partners (null = every trainee), and
 * for a user also the trainees it created itself, so a scoped coordinator can enroll a trainee
 * it has just created (API.md, "A trainee shared by two partners").
 */
export interface TraineeVisibility {
  partnerIds: string[] | null;
  creatorId: string | null;
}

export function traineeVisibility(actor: Actor): TraineeVisibility {
  return { partnerIds: partnerScope(actor), creatorId: actor.kind === 'user' ? actor.id : null };
}
