// The global guard: deny by default. A route runs only if it is @Public(), or the caller
// authenticates (JWT or partner API key) and holds one of the route's @Roles.
import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { DomainError } from '../http/domain-error';
import type { Actor, Role } from './actor';
import { extractApiKey } from './api-key.strategy';
import { PUBLIC_KEY, ROLES_KEY } from './decorators';

@Injectable()
export class GlobalAuthGuard extends AuthGuard(['jwt', 'api-key']) {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const req = context.switchToHttp().getRequest<Request & { user?: Actor }>();
    if (!req.headers.authorization && !extractApiKey(req)) {
      throw new DomainError('unauthorized', 'Authentication required: a Bearer token or API key');
    }
    await super.canActivate(context);

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    const actor = req.user;
    if (!actor || !roles || !roles.includes(actor.role)) {
      throw new DomainError('forbidden', 'Your role may not use this route');
    }
    return true;
  }

  override handleRequest<TUser>(err: unknown, user: TUser): TUser {
    if (err || !user) {
      throw new DomainError('unauthorized', 'The token or API key is missing, invalid or revoked');
    }
    return user;
  }
}
