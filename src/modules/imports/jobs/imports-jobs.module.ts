import { Module } from '@nestjs/common';
import { ImportsModule } from '../imports.module';
import { ImportReconciler } from './import-reconciler';
import { RosterImportJob } from './roster-import.job';
import { UploadRetention } from './upload-retention';

/** Worker side of imports: the consumer, the reconciler and the upload retention sweep. */
@Module({
  imports: [ImportsModule],
  providers: [RosterImportJob, ImportReconciler, UploadRetention],
  exports: [ImportReconciler, UploadRetention],
})
export class ImportsJobsModule {}
