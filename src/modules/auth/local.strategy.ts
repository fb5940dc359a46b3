import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-local';
import { DeviceCookies } from '../../core/auth/device-cookies';
import { DomainError } from '../../core/http/domain-error';
import { callerOf, RateLimiter } from '../../core/http/rate-limit.guard';
import { AuthService, type VerifiedLogin } from './auth.service';

@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(
    private readonly auth: AuthService,
    private readonly limiter: RateLimiter,
    private readonly devices: DeviceCookies,
  ) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true });
  }

  async validate(req: Request, email: string, password: string): Promise<VerifiedLogin> {
    // Counted before the (slow) hash, so parallel guesses cannot pass the limit; a wrong
    // password keeps its count, anything else gives it back (see RateLimiter). A browser that
    // signed in to this account before is counted as its device, not as the account.
    const attempt = await this.limiter.beginLoginAttempt(
      callerOf(req),
      email,
      this.devices.trustedDevice(req, email),
    );
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
