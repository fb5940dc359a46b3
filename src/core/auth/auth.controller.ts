import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { Actor } from './actor';
import { AuthService } from './auth.service';
import { CurrentActor, Public } from './decorators';
import { LocalAuthGuard } from './local-auth.guard';
import { RateLimit } from '../http/rate-limit.guard';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @RateLimit('login')
  @UseGuards(LocalAuthGuard)
  @HttpCode(200)
  @ApiBody({
    schema: {
      type: 'object',
      required: ['email', 'password'],
      properties: { email: { type: 'string' }, password: { type: 'string' } },
    },
  })
  login(@CurrentActor() actor: Actor) {
    return this.auth.login(actor);
  }
}
