// Who a password, a token or an API key speaks for. Signs the JWT at login; answers
// ACTOR_RESOLVER for core/auth's strategies (see core/auth/actor-resolver.ts), so the guard in
// core/ never reaches the users' or partners' tables itself.
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import type { Actor, PartnerActor } from '../../core/auth/actor';
import type { ActorResolver, JwtPayload } from '../../core/auth/actor-resolver';
import { hashApiKey } from '../../core/auth/api-key-crypto';
import { DUMMY_PASSWORD_HASH, verifyPassword } from '../../core/auth/password-hasher';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { PartnersRepository } from '../partners/partners.repository';
import { UserAuthStateCache } from '../users/user-auth-state.cache';
import { type UserRow, UsersRepository } from '../users/users.repository';

/** What a successful password check hands to login(). */
export interface VerifiedLogin {
  actor: Actor;
  tokenVersion: number;
}

export interface LoginResult {
  accessToken: string;
  expiresIn: number;
  user: { id: string; email: string; role: string };
}

/**
 * The actor a stored user acts as. A partner user becomes its partner's actor (the API-key
 * shape plus who signed in); one that does not hold exactly one partner acts as nobody.
 */
export function actorForUser(user: UserRow, sessionId?: string): Actor | null {
  if (user.role === 'partner') {
    if (user.partnerIds.length !== 1) return null;
    return {
      kind: 'partner',
      role: 'partner',
      partnerId: user.partnerIds[0],
      partnerCode: user.partnerCodes[0],
      apiKeyId: null,
      user: { id: user.id, email: user.email, sessionId },
    };
  }
  return {
    kind: 'user',
    id: user.id,
    email: user.email,
    role: user.role,
    partnerIds: user.partnerIds,
    sessionId,
  };
}

/** Whether a token still speaks for its user: not disabled, and not revoked since issued. */
export function tokenStillValid(user: UserRow, payload: JwtPayload): boolean {
  if (user.disabledAt !== null) return false;
  if ((payload.tv ?? 0) === user.tokenVersion) return true;
  return payload.sid !== undefined && payload.sid === user.keptSessionId;
}

/** The signed-in user of an actor that came from a login. */
function signedIn(actor: Actor): { id: string; email: string } {
  if (actor.kind === 'user') return { id: actor.id, email: actor.email };
  if (!actor.user) throw new Error('an API key has no login');
  return actor.user;
}

@Injectable()
export class AuthService implements ActorResolver {
  constructor(
    private readonly users: UsersRepository,
    private readonly userState: UserAuthStateCache,
    private readonly partners: PartnersRepository,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Same work whether the email is unknown, the password wrong or the user disabled (one
   * lookup, one scrypt), so timing reveals nothing about accounts.
   */
  async checkCredentials(email: string, password: string): Promise<VerifiedLogin | null> {
    const user =
      typeof email === 'string' && email.length <= 254
        ? await this.users.findByEmail(email.trim().toLowerCase())
        : null;
    const ok = await verifyPassword(
      typeof password === 'string' ? password : '',
      user?.passwordHash ?? DUMMY_PASSWORD_HASH,
    );
    if (!user || !ok || user.disabledAt !== null) return null;
    const actor = actorForUser(user);
    return actor ? { actor, tokenVersion: user.tokenVersion } : null;
  }

  async login({ actor, tokenVersion }: VerifiedLogin): Promise<LoginResult> {
    const { id, email } = signedIn(actor);
    const payload: JwtPayload = { sub: id, role: actor.role, tv: tokenVersion, sid: randomUUID() };
    const accessToken = await this.jwt.signAsync(payload, {
      expiresIn: this.config.jwtExpiresInSeconds,
      algorithm: 'HS256',
    });
    return {
      accessToken,
      expiresIn: this.config.jwtExpiresInSeconds,
      user: { id, email, role: actor.role },
    };
  }

  /**
   * The actor behind a JWT. The stored user is read at most a second old (see
   * UserAuthStateCache), so disabling, a role or partner change or a password change takes
   * effect on the next request. API keys are never cached, so a revoked key is refused at once.
   */
  async actorForToken(payload: JwtPayload): Promise<Actor | null> {
    if (typeof payload.sub !== 'string') return null;
    const user = await this.userState.get(payload.sub);
    if (!user || !tokenStillValid(user, payload)) return null;
    return actorForUser(user, typeof payload.sid === 'string' ? payload.sid : undefined);
  }

  async actorForApiKey(key: string): Promise<PartnerActor | null> {
    if (key.length > 200) return null;
    const owner = await this.partners.findActiveKeyOwner(hashApiKey(key));
    if (!owner) return null;
    return { kind: 'partner', role: 'partner', ...owner };
  }
}
