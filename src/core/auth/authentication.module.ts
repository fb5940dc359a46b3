// Authentication of every request: the JWT and API-key strategies the global guard runs. Who a
// token or key speaks for is a feature's answer (ACTOR_RESOLVER, see actor-resolver.ts), so
// app/ registers this module with the feature module that provides it.
import { DynamicModule, Module, type ModuleMetadata, type Type } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { ACTOR_RESOLVER, type ActorResolver } from './actor-resolver';
import { ApiKeyStrategy } from './api-key.strategy';
import { JwtStrategy } from './jwt.strategy';

@Module({})
export class AuthenticationModule {
  /** `resolver` must be exported by one of `imports`. */
  static register(options: {
    imports: NonNullable<ModuleMetadata['imports']>;
    resolver: Type<ActorResolver>;
  }): DynamicModule {
    return {
      module: AuthenticationModule,
      imports: [PassportModule, ...options.imports],
      providers: [
        { provide: ACTOR_RESOLVER, useExisting: options.resolver },
        JwtStrategy,
        ApiKeyStrategy,
      ],
    };
  }
}
