import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiBody,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { ChangePasswordDto, MeView } from '../../modules/users/users.dto';
import { UsersService } from '../../modules/users/users.service';
import { DomainError } from '../http/domain-error';
import { callerOf, RateLimit, RateLimiter } from '../http/rate-limit.guard';
import { ALL_ROLES, type Actor } from './actor';
import { AuthService, type VerifiedLogin } from './auth.service';
import { CurrentActor, Public, Roles } from './decorators';
import { LocalAuthGuard } from './local-auth.guard';
import { ApiOne, ApiSummary } from '../http/api-docs';
import { LoginView } from './auth.openapi';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly limiter: RateLimiter,
  ) {}

  @Post('login')
  @Public()
  @RateLimit('login')
  @UseGuards(LocalAuthGuard)
  @HttpCode(200)
  @ApiTooManyRequestsResponse({
    description: 'Too many failed logins from this address or for this account; see Retry-After',
  })
  @ApiServiceUnavailableResponse({ description: 'Rate limits cannot be checked; see Retry-After' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['email', 'password'],
      properties: { email: { type: 'string' }, password: { type: 'string' } },
    },
  })
  @ApiSummary('Log in with email and password; answers a JWT for Authorization: Bearer')
  @ApiOne(LoginView)
  // On this route req.user is what the local strategy verified, not yet an actor.
  login(@CurrentActor() verified: VerifiedLogin) {
    return this.auth.login(verified);
  }

  @Get('me')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'The caller: a user, or the partner of an API key' })
  @ApiOkResponse({ type: MeView })
  @ApiUnauthorizedResponse({ description: 'no valid token or key' })
  me(@CurrentActor() actor: Actor): Promise<MeView> {
    return this.users.me(actor);
  }

  @Post('password')
  @Roles(...ALL_ROLES)
  @HttpCode(204)
  @ApiOperation({
    summary: 'Change your own password; your other sessions end, this one is kept',
  })
  @ApiNoContentResponse({ description: 'changed' })
  @ApiUnprocessableEntityResponse({ description: 'the current password is wrong' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed logins; see Retry-After' })
  async changePassword(
    @CurrentActor() actor: Actor,
    @Body() dto: ChangePasswordDto,
    @Req() req: Request,
  ): Promise<void> {
    if (actor.kind === 'partner' && !actor.user) {
      throw new DomainError('forbidden', 'An API key has no password');
    }
    // A wrong current password counts like a failed login (per address and per account), so
    // a stolen token cannot be used to guess the password at leisure.
    const email = actor.kind === 'user' ? actor.email : actor.user?.email;
    const attempt = await this.limiter.beginLoginAttempt(callerOf(req), email);
    let changed: boolean;
    try {
      changed = await this.users.changeOwnPassword(actor, dto);
    } catch (err) {
      await attempt.release();
      throw err;
    }
    if (!changed) {
      throw new DomainError('domain_rule', 'The current password is wrong', [
        { field: 'currentPassword', message: 'the current password is wrong' },
      ]);
    }
    await attempt.release();
  }
}
