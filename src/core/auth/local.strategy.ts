import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-local';
import { DomainError } from '../http/domain-error';
import { callerOf, RateLimiter } from '../http/rate-limit.guard';
import { AuthService } from './auth.service';
import type { Actor } from './actor';

@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(
    private readonly auth: AuthService,
    private readonly limiter: RateLimiter,
  ) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true });
  }

  async validate(req: Request, email: string, password: string): Promise<Actor> {
    const actor = await this.auth.checkCredentials(email, password);
    if (!actor) {
      // Failed attempts are what the login rate limit counts (see RateLimitGuard).
      await this.limiter.record('login', callerOf(req));
      throw new DomainError('unauthorized', 'Email or password is wrong');
    }
    return actor;
  }
}
