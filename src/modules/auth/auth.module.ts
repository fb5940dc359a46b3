// Signing in: POST /auth/login, GET /auth/me, POST /auth/password, and the answer to "who does
// this token or API key speak for" (ACTOR_RESOLVER, which core/auth's strategies ask). The api
// process only: the worker and the seed use UsersModule without any of this.
import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { DeviceCookies } from '../../core/auth/device-cookies';
import { APP_CONFIG, AppConfig } from '../../core/config/app-config';
import { PartnersModule } from '../partners/partners.module';
import { UsersModule } from '../users/users.module';
import { AuthService } from './auth.service';
import { LocalStrategy } from './local.strategy';

@Module({
  imports: [
    PassportModule,
    UsersModule,
    PartnersModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ secret: config.jwtSecret }),
    }),
  ],
  providers: [AuthService, DeviceCookies, LocalStrategy],
  exports: [AuthService, DeviceCookies],
})
export class AuthModule {}
