import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EnrollmentsModule } from '../enrollments/enrollments.module';
import { CertificationEntity } from './certification.entity';
import { CertificationsRepository } from './certifications.repository';
import { CertificationsService } from './certifications.service';

@Module({
  imports: [TypeOrmModule.forFeature([CertificationEntity]), EnrollmentsModule],
  providers: [CertificationsRepository, CertificationsService],
  exports: [CertificationsRepository, CertificationsService],
})
export class CertificationsModule {}
