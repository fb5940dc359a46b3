// The BullMQ consumers. Imported by main.worker.ts, and by the api when WORKERS_IN_API=true.
import { Module } from '@nestjs/common';
import { ImportsJobsModule } from '../modules/imports/jobs/imports-jobs.module';
import { ProgressJobsModule } from '../modules/progress/progress-jobs.module';
import { WebhooksJobsModule } from '../modules/webhooks/jobs/webhooks-jobs.module';
import { CoreAppModule } from './core-app.module';

/** Each feature's jobs module (processors, schedulers, reconcilers) goes here. */
export const JOB_MODULES = [ImportsJobsModule, ProgressJobsModule, WebhooksJobsModule];

@Module({ imports: [CoreAppModule, ...JOB_MODULES] })
export class WorkerAppModule {}
