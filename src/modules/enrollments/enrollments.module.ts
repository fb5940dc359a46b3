import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TraineesModule } from '../trainees/trainees.module';
import { EnrollmentEntity } from './enrollment.entity';
import { EnrollmentsRepository } from './enrollments.repository';
import { EnrollmentsService } from './enrollments.service';

@Module({
  imports: [TypeOrmModule.forFeature([EnrollmentEntity]), TraineesModule],
  providers: [EnrollmentsRepository, EnrollmentsService],
  exports: [EnrollmentsRepository, EnrollmentsService],
})
export class EnrollmentsModule {}
