import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { Actor, Role } from './actor';

export const ROLES_KEY = 'sdt:roles';
export const PUBLIC_KEY = 'sdt:public';

/** The roles allowed on a route. A route with neither @Roles nor @Public is refused (403). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** A route anyone may call without credentials. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext) => {
  const req = ctx.switchToHttp().getRequest<Request & { user?: Actor }>();
  return req.user;
});
