import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-local';
import { DomainError } from '../http/domain-error';
import { callerOf, RateLimiter } from '../http/rate-limit.guard';
import { AuthService, type VerifiedLogin } from './auth.service';

@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(
    private readonly auth: AuthService,
    private readonly limiter: RateLimiter,
  ) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true });
  }

  async validate(req: Request, email: string, password: string): Promise<VerifiedLogin> {
    // Counted before the (slow) hash, so parallel guesses cannot pass the limit; a wrong
    // password keeps its count, anything else gives it back (see RateLimiter).
    const attempt = await this.limiter.beginLoginAttempt(callerOf(req), email);
    let verified: VerifiedLogin | null;
    try {
      verified = await this.auth.checkCredentials(email, password);
    } catch (err) {
      await attempt.release();
      throw err;
    }
    if (!verified) throw new DomainError('unauthorized', 'Email or password is wrong');
    await attempt.release();
    return verified;
  }
}
