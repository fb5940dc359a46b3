import { Module } from '@nestjs/common';
import { CLOCK, SystemClock } from './clock';
import { ProgressRepository } from './progress.repository';
import { ProgressService } from './progress.service';

/** The figures' writer (used by the worker) and the shared clock (used by reports too). */
@Module({
  providers: [ProgressRepository, ProgressService, { provide: CLOCK, useClass: SystemClock }],
  exports: [ProgressService, CLOCK],
})
export class ProgressModule {}
