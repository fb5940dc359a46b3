// Login's guard: passport-local, but a body without email or password is bad input (400 with
// the fields named), not a wrong password.
import { Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { DomainError } from '../../core/http/domain-error';

@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  override handleRequest<TUser>(err: unknown, user: TUser, info: unknown): TUser {
    if (err) throw err;
    const message = (info as { message?: unknown } | undefined)?.message;
    if (!user && message === 'Missing credentials') {
      throw new DomainError('validation', 'email and password are required', [
        { field: 'email', message: 'email is required' },
        { field: 'password', message: 'password is required' },
      ]);
    }
    if (!user) throw new DomainError('unauthorized', 'Email or password is wrong');
    return user;
  }
}
