import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CohortsModule } from '../cohorts/cohorts.module';
import { TraineesModule } from '../trainees/trainees.module';
import { EnrollmentEntity } from './enrollment.entity';
import { EnrollmentsRepository } from './enrollments.repository';
import { EnrollmentsService } from './enrollments.service';

@Module({
  imports: [TypeOrmModule.forFeature([EnrollmentEntity]), TraineesModule, CohortsModule],
  providers: [EnrollmentsRepository, EnrollmentsService],
  exports: [EnrollmentsRepository, EnrollmentsService],
})
export class EnrollmentsModule {}
