import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, loadConfig } from './app-config';

// Global so every feature module can inject APP_CONFIG without importing this module.
@Global()
@Module({
  providers: [{ provide: APP_CONFIG, useFactory: () => loadConfig() }],
  exports: [APP_CONFIG],
})
export class ConfigModule {}
