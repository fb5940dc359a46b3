import { Module } from '@nestjs/common';
import { HealthService } from './health.service';

// The controller is declared in api-app.module (controllers live only there).
@Module({ providers: [HealthService], exports: [HealthService] })
export class HealthModule {}
