import { Global, Module } from '@nestjs/common';
import { MetricsService } from './metrics.service';
import { QueueMetrics } from './queue-metrics';

// Global: any feature (imports worker, reports) may inject MetricsService to count its work.
@Global()
@Module({ providers: [MetricsService, QueueMetrics], exports: [MetricsService] })
export class MetricsModule {}
