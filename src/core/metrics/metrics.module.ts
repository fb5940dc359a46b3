import { Global, Module } from '@nestjs/common';
import { MetricsService } from './metrics.service';

// Global: any feature (imports worker, reports) may inject MetricsService to count its work.
@Global()
@Module({ providers: [MetricsService], exports: [MetricsService] })
export class MetricsModule {}
