// What authentication needs from the features, declared here so that core/ imports none of
// them: a feature (modules/auth) provides ACTOR_RESOLVER, and app/ hands it to
// AuthenticationModule. The strategies ask it who a verified token or an API key speaks for.
import type { Actor, PartnerActor } from './actor';

/** The claims of every JWT the api issues (signed at login, verified by JwtStrategy). */
export interface JwtPayload {
  sub: string;
  role: string;
  /** The user's token version when the token was issued (absent in older tokens: 0). */
  tv?: number;
  /** The login session, so a password change can keep the session that made it. */
  sid?: string;
  /** Set by the signer on every token we issue; checked in JwtStrategy. */
  iat?: number;
  exp?: number;
}

export interface ActorResolver {
  /** The actor behind a correctly signed, unexpired token; null when it no longer speaks for anyone. */
  actorForToken(payload: JwtPayload): Promise<Actor | null>;
  /** The partner of an active API key; null for an unknown or revoked key. */
  actorForApiKey(key: string): Promise<PartnerActor | null>;
}

export const ACTOR_RESOLVER = Symbol('ACTOR_RESOLVER');
