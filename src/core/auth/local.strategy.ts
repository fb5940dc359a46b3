import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import { DomainError } from '../http/domain-error';
import { AuthService } from './auth.service';
import type { UserActor } from './actor';

@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly auth: AuthService) {
    super({ usernameField: 'email', passwordField: 'password' });
  }

  async validate(email: string, password: string): Promise<UserActor> {
    const actor = await this.auth.checkCredentials(email, password);
    if (!actor) throw new DomainError('unauthorized', 'Email or password is wrong');
    return actor;
  }
}
