import { Module } from '@nestjs/common';
import { DataQualityRepository } from './data-quality.repository';
import { ProgressRepository } from './progress.repository';
import { ProgressService } from './progress.service';

/** The figures' writer (used by the worker). */
@Module({
  providers: [ProgressRepository, DataQualityRepository, ProgressService],
  exports: [ProgressService],
})
export class ProgressModule {}
