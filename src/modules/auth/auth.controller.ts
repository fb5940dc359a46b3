import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiBody,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ALL_ROLES, type Actor } from '../../core/auth/actor';
import { CurrentActor, Public, Roles } from '../../core/auth/decorators';
import { DeviceCookies } from '../../core/auth/device-cookies';
import { ApiSummary } from '../../core/http/api-docs';
import { DomainError } from '../../core/http/domain-error';
import { callerOf, RateLimit, RateLimiter } from '../../core/http/rate-limit.guard';
import { ChangePasswordDto, MeView } from '../users/users.dto';
import { UsersService } from '../users/users.service';
import { LoginView } from './auth.openapi';
import { AuthService, type VerifiedLogin } from './auth.service';
import { LocalAuthGuard } from './local-auth.guard';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly limiter: RateLimiter,
    private readonly devices: DeviceCookies,
  ) {}

  @Post('login')
  @Public()
  @RateLimit('login')
  @UseGuards(LocalAuthGuard)
  @HttpCode(200)
  @ApiUnauthorizedResponse({ description: 'Wrong email or password (the same answer for both)' })
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
  @ApiResponse({
    status: 200,
    type: LoginView,
    description: 'Signed in',
    headers: {
      'Set-Cookie': {
        description:
          'a device cookie (sdt_device_…; HttpOnly, SameSite=Strict, Path=/api/v1/auth, Secure in ' +
          'production): a browser that sends it back with the right password is never refused ' +
          'by the per-account failure limit (OWASP device cookies)',
        schema: { type: 'string' },
      },
    },
  })
  // On this route req.user is what the local strategy verified, not yet an actor.
  async login(@CurrentActor() verified: VerifiedLogin, @Res({ passthrough: true }) res: Response) {
    const answer = await this.auth.login(verified);
    res.append('Set-Cookie', this.devices.issue(answer.user.email));
    return answer;
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
  @ApiForbiddenResponse({ description: 'an API key has no password' })
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
    const attempt = await this.limiter.beginLoginAttempt(
      callerOf(req),
      email,
      this.devices.trustedDevice(req, email),
    );
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
