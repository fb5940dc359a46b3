import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import {
  ApiBody,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Actor } from './actor';
import { AuthService } from './auth.service';
import { CurrentActor, Public } from './decorators';
import { LocalAuthGuard } from './local-auth.guard';
import { RateLimit } from '../http/rate-limit.guard';
import { ApiOne, ApiSummary } from '../http/api-docs';
import { LoginView } from './auth.openapi';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

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
  login(@CurrentActor() actor: Actor) {
    return this.auth.login(actor);
  }
}
