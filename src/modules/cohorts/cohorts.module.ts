import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProgramsModule } from '../programs/programs.module';
import { CohortEntity } from './cohort.entity';
import { CohortsRepository } from './cohorts.repository';
import { CohortsService } from './cohorts.service';

@Module({
  imports: [TypeOrmModule.forFeature([CohortEntity]), ProgramsModule],
  providers: [CohortsRepository, CohortsService],
  exports: [CohortsRepository, CohortsService],
})
export class CohortsModule {}
