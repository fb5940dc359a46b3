import { Module } from '@nestjs/common';
import { ProgramsModule } from '../programs/programs.module';
import { CohortsRepository } from './cohorts.repository';
import { CohortsService } from './cohorts.service';

@Module({
  imports: [ProgramsModule],
  providers: [CohortsRepository, CohortsService],
  exports: [CohortsRepository, CohortsService],
})
export class CohortsModule {}
