import { Module } from '@nestjs/common';
import { DashboardService } from './dashboard.service';
import { DataQualityService } from './data-quality.service';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

@Module({
  providers: [ReportsRepository, ReportsService, DataQualityService, DashboardService],
  exports: [ReportsService, DataQualityService, DashboardService],
})
export class ReportsModule {}
