import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { TtlCache } from '../cache/ttl-cache';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { PartnersRepository } from '../../modules/partners/partners.repository';
import { type UserRow, UsersRepository } from '../../modules/users/users.repository';
import type { Actor, PartnerActor } from './actor';
import { hashApiKey } from './api-key-crypto';
import { DUMMY_PASSWORD_HASH, verifyPassword } from './password-hasher';

export interface JwtPayload {
  sub: string;
  role: string;
  /** Set by the signer on every token we issue; checked in JwtStrategy. */
  iat?: number;
  exp?: number;
}

/**
 * The actor a stored user acts as. A partner user becomes its partner's actor (the API-key
 * shape plus who signed in); one that does not hold exactly one partner acts as nobody.
 */
export function actorForUser(user: UserRow): Actor | null {
  if (user.role === 'partner') {
    if (user.partnerIds.length !== 1) return null;
    return {
      kind: 'partner',
      role: 'partner',
      partnerId: user.partnerIds[0],
      partnerCode: user.partnerCodes[0],
      apiKeyId: null,
      user: { id: user.id, email: user.email },
    };
  }
  return {
    kind: 'user',
    id: user.id,
    email: user.email,
    role: user.role,
    partnerIds: user.partnerIds,
  };
}

/** The signed-in user of an actor that came from a login. */
function signedIn(actor: Actor): { id: string; email: string } {
  if (actor.kind === 'user') return { id: actor.id, email: actor.email };
  if (!actor.user) throw new Error('an API key has no login');
  return actor.user;
}

export interface LoginResult {
  accessToken: string;
  expiresIn: number;
  user: { id: string; email: string; role: string };
}

@Injectable()
export class AuthService {
  private readonly userActors = new TtlCache<Actor | null>(1000);

  constructor(
    private readonly users: UsersRepository,
    private readonly partners: PartnersRepository,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Same work whether or not the email exists, so timing does not reveal accounts. */
  async checkCredentials(email: string, password: string): Promise<Actor | null> {
    const user =
      typeof email === 'string' && email.length <= 254
        ? await this.users.findByEmail(email.trim().toLowerCase())
        : null;
    const ok = await verifyPassword(
      typeof password === 'string' ? password : '',
      user?.passwordHash ?? DUMMY_PASSWORD_HASH,
    );
    if (!user || !ok) return null;
    return actorForUser(user);
  }

  async login(actor: Actor): Promise<LoginResult> {
    const { id, email } = signedIn(actor);
    const payload: JwtPayload = { sub: id, role: actor.role };
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
   * The user behind a JWT, cached for a second per process: every authenticated request needs
   * it, and users are never deleted or re-roled in place. API keys are never cached, so a
   * revoked key is refused at once.
   */
  actorForUserId(id: string): Promise<Actor | null> {
    if (typeof id !== 'string') return Promise.resolve(null);
    return this.userActors.getOrCompute(id, async () => {
      const user = await this.users.findById(id);
      return user ? actorForUser(user) : null;
    });
  }

  async actorForApiKey(key: string): Promise<PartnerActor | null> {
    if (key.length > 200) return null;
    const owner = await this.partners.findActiveKeyOwner(hashApiKey(key));
    if (!owner) return null;
    return { kind: 'partner', role: 'partner', ...owner };
  }
}
