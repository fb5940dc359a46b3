import { Module } from '@nestjs/common';
import { ProgressModule } from '../progress/progress.module';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

@Module({
  imports: [ProgressModule],
  providers: [ReportsRepository, ReportsService],
  exports: [ReportsService],
})
export class ReportsModule {}
