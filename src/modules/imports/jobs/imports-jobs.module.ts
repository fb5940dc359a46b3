import { Module } from '@nestjs/common';
import { ImportsModule } from '../imports.module';
import { ImportReconciler } from './import-reconciler';
import { RosterImportJob } from './roster-import.job';

/** Worker side of imports: the consumer and the reconciler. */
@Module({
  imports: [ImportsModule],
  providers: [RosterImportJob, ImportReconciler],
  exports: [ImportReconciler],
})
export class ImportsJobsModule {}
