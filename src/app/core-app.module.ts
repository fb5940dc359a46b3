// What both processes share: configuration, the database, the queues and the feature
// modules' services. No controllers and no processors here.
import { Module } from '@nestjs/common';
import { ClockModule } from '../core/clock/clock.module';
import { ConfigModule } from '../core/config/config.module';
import { DatabaseModule } from '../core/database/database.module';
import { HealthModule } from '../core/health/health.module';
import { MetricsModule } from '../core/metrics/metrics.module';
import { QueueModule } from '../core/queue/queue.module';
import { CohortsModule } from '../modules/cohorts/cohorts.module';
import { PartnersModule } from '../modules/partners/partners.module';
import { ProgramsModule } from '../modules/programs/programs.module';
import { UsersModule } from '../modules/users/users.module';
import { AuditModule } from '../modules/audit/audit.module';
import { WebhooksModule } from '../modules/webhooks/webhooks.module';
import { ProgressModule } from '../modules/progress/progress.module';
import { ReportsModule } from '../modules/reports/reports.module';
import { ImportsModule } from '../modules/imports/imports.module';
import { TraineesModule } from '../modules/trainees/trainees.module';
import { EnrollmentsModule } from '../modules/enrollments/enrollments.module';
import { CertificationsModule } from '../modules/certifications/certifications.module';
import { IdentityConflictsModule } from '../modules/identity-conflicts/identity-conflicts.module';

export const FEATURE_MODULES = [
  AuditModule,
  MetricsModule,
  HealthModule,
  PartnersModule,
  UsersModule,
  ProgramsModule,
  CohortsModule,
  TraineesModule,
  EnrollmentsModule,
  CertificationsModule,
  ImportsModule,
  ProgressModule,
  ReportsModule,
  WebhooksModule,
  IdentityConflictsModule,
];

@Module({
  imports: [ConfigModule, ClockModule, DatabaseModule, QueueModule, ...FEATURE_MODULES],
  exports: [ConfigModule, ClockModule, DatabaseModule, QueueModule, ...FEATURE_MODULES],
})
export class CoreAppModule {}
