import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EnrollmentsModule } from '../enrollments/enrollments.module';
import { ProgramsModule } from '../programs/programs.module';
import { CertificationEntity } from './certification.entity';
import { CertificationsRepository } from './certifications.repository';
import { CertificationsService } from './certifications.service';

@Module({
  imports: [TypeOrmModule.forFeature([CertificationEntity]), EnrollmentsModule, ProgramsModule],
  providers: [CertificationsRepository, CertificationsService],
  exports: [CertificationsRepository, CertificationsService],
})
export class CertificationsModule {}
