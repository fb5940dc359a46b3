// The HTTP process: every controller, the global guards, and optionally the consumers.
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { GlobalAuthGuard } from '../core/auth/auth.guard';
import { AuthenticationModule } from '../core/auth/authentication.module';
import { AuthController } from '../modules/auth/auth.controller';
import { AuthModule } from '../modules/auth/auth.module';
import { AuthService } from '../modules/auth/auth.service';
import { HealthController } from '../core/health/health.controller';
import { MetricsController } from '../core/metrics/metrics.controller';
import { ProblemDetailsFilter } from '../core/http/problem-details.filter';
import { RateLimitGuard } from '../core/http/rate-limit.guard';
import { CohortsController } from '../modules/cohorts/cohorts.controller';
import { PartnersController } from '../modules/partners/partners.controller';
import { ProgramsController } from '../modules/programs/programs.controller';
import { UsersController } from '../modules/users/users.controller';
import { AuditController } from '../modules/audit/audit.controller';
import { WebhooksController } from '../modules/webhooks/webhooks.controller';
import { TraineesController } from '../modules/trainees/trainees.controller';
import { EnrollmentsController } from '../modules/enrollments/enrollments.controller';
import { CohortEnrollmentsController } from '../modules/enrollments/cohort-enrollments.controller';
import { CertificationsController } from '../modules/certifications/certifications.controller';
import { CertificateVerificationController } from '../modules/certifications/certificate-verification.controller';
import { ImportsController } from '../modules/imports/imports.controller';
import { CoreAppModule } from './core-app.module';
import { ReportsController } from '../modules/reports/reports.controller';
import { IdentityConflictsController } from '../modules/identity-conflicts/identity-conflicts.controller';
import { WorkerAppModule } from './worker-app.module';

export const API_CONTROLLERS = [
  HealthController,
  MetricsController,
  AuthController,
  PartnersController,
  UsersController,
  ProgramsController,
  CohortsController,
  TraineesController,
  EnrollmentsController,
  CohortEnrollmentsController,
  CertificationsController,
  CertificateVerificationController,
  ImportsController,
  ReportsController,
  AuditController,
  WebhooksController,
  IdentityConflictsController,
];

@Module({})
export class ApiAppModule {
  static register(options: { withWorkers: boolean }): DynamicModule {
    return {
      module: ApiAppModule,
      imports: [
        CoreAppModule,
        AuthModule,
        // The strategies of core/auth ask modules/auth who a token or API key speaks for.
        AuthenticationModule.register({ imports: [AuthModule], resolver: AuthService }),
        ...(options.withWorkers ? [WorkerAppModule] : []),
      ],
      controllers: API_CONTROLLERS,
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        // Order matters: authenticate first, then count rate-limited routes.
        { provide: APP_GUARD, useClass: GlobalAuthGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
      ],
    };
  }
}
