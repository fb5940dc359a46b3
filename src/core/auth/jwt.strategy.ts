import { Inject, Injectable } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ACTOR_RESOLVER, type ActorResolver, type JwtPayload } from './actor-resolver';
import { hasBoundedLifetime } from './token-lifetime';
import type { Actor } from './actor';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  private readonly maxLifetimeSeconds: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(ACTOR_RESOLVER) private readonly actors: ActorResolver,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject, made once: given a string, jsonwebtoken first tries (and fails) to parse it
      // as a public key on every request, which cost a sixth of the api's CPU under load. The
      // typings only list string | Buffer; jsonwebtoken accepts a KeyObject.
      secretOrKey: createSecretKey(Buffer.from(config.jwtSecret)) as unknown as Buffer,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
    this.maxLifetimeSeconds = config.jwtExpiresInSeconds;
  }

  /** Reloads the user so a disabled user, a changed role or partners, or a revoked token take effect. */
  async validate(payload: JwtPayload): Promise<Actor | false> {
    if (!hasBoundedLifetime(payload, this.maxLifetimeSeconds, Date.now())) return false;
    return (await this.actors.actorForToken(payload)) ?? false;
  }
}
