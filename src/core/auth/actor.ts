// Who is calling. Services receive an Actor and derive every partner restriction from it,
// never from a query parameter the caller controls.
//
// A partner user (role `partner`, signed in with a password) is a PartnerActor like an API
// key of its partner, with `user` set: every service's partner scoping applies to it
// unchanged, so it has exactly the key's rights and the key's 404-not-403 isolation.

export type Role = 'admin' | 'coordinator' | 'ministry' | 'partner';
export const ALL_ROLES: Role[] = ['admin', 'coordinator', 'ministry', 'partner'];
/** Roles whose users act in their own name; a `partner` user acts as its partner instead. */
export type StaffRole = Exclude<Role, 'partner'>;

export interface UserActor {
  kind: 'user';
  id: string;
  email: string;
  role: StaffRole;
  /** Coordinator's assigned partners; empty means every partner. */
  partnerIds: string[];
  /** The login session (from the JWT) this request came with. */
  sessionId?: string;
}

export interface PartnerActor {
  kind: 'partner';
  role: 'partner';
  partnerId: string;
  partnerCode: string;
  /** The key used; null when a partner user signed in with a password. */
  apiKeyId: string | null;
  /** The partner user behind a JWT; absent for an API key. */
  user?: { id: string; email: string; sessionId?: string };
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

/** The signed-in person behind the request, if any (null for an API key). */
export function actorUserId(actor: Actor): string | null {
  return actor.kind === 'user' ? actor.id : (actor.user?.id ?? null);
}

/** The login session of the request, if it came with a JWT. */
export function actorSessionId(actor: Actor): string | null {
  return (actor.kind === 'user' ? actor.sessionId : actor.user?.sessionId) ?? null;
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
  return { partnerIds: partnerScope(actor), creatorId: actorUserId(actor) };
}
