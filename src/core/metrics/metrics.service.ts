// The process's Prometheus registry. One registry per application instance (not prom-client's
// global one), so several apps in one process (the e2e tests) never collide on metric names.
// Other modules inject MetricsService and bump its counters; they never create their own.
import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export type ImportRowOutcome = 'created' | 'updated' | 'unchanged' | 'rejected';

@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration in seconds, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  /** Roster rows the import worker has finished with, by outcome. */
  readonly importRowsProcessed = new Counter({
    name: 'import_rows_processed_total',
    help: 'Roster rows processed by imports, by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  observeHttp(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
  }

  countImportRows(outcome: ImportRowOutcome, rows: number): void {
    if (rows > 0) this.importRowsProcessed.inc({ outcome }, rows);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
