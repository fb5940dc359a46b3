// The process's Prometheus registry. One registry per application instance (not prom-client's
// global one), so several apps in one process (the e2e tests) never collide on metric names.
// Other modules inject MetricsService and bump its counters; they never create their own.
import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export type ImportRowOutcome = 'created' | 'updated' | 'unchanged' | 'rejected';
/** delivered: a 2xx; failed: refused or unreachable, retried later; gave_up: the last attempt failed. */
export type WebhookDeliveryOutcome = 'delivered' | 'failed' | 'gave_up';
export type RecomputeScope = 'program' | 'all';
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

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

  readonly webhookDeliveries = new Counter({
    name: 'webhook_deliveries_total',
    help: 'Webhook delivery attempts, by outcome (delivered, failed and retried later, gave_up)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly recomputeDuration = new Histogram({
    name: 'recompute_duration_seconds',
    help: 'Duration of progress recomputes, by scope (one program with its partner and national figures, or all)',
    labelNames: ['scope'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [this.registry],
  });

  /** Set at each scrape by QueueMetrics (jobs per queue and state). */
  readonly queueJobs = new Gauge({
    name: 'queue_jobs',
    help: 'Jobs in each BullMQ queue, by state (waiting, active, delayed, failed), read at scrape time',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });

  /** Age of the oldest job in each queue and state (0 when there is none). */
  readonly queueOldestAge = new Gauge({
    name: 'queue_oldest_job_age_seconds',
    help: 'Age in seconds of the oldest job in each BullMQ queue and state (0 when empty), read at scrape time',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });

  /** Runs before each scrape (queue figures are read from Redis then). */
  private readonly beforeScrape: (() => Promise<void>)[] = [];

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  onScrape(collect: () => Promise<void>): void {
    this.beforeScrape.push(collect);
  }

  countWebhookDelivery(outcome: WebhookDeliveryOutcome): void {
    this.webhookDeliveries.inc({ outcome });
  }

  observeRecompute(scope: RecomputeScope, seconds: number): void {
    this.recomputeDuration.observe({ scope }, seconds);
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

  async render(): Promise<string> {
    for (const collect of this.beforeScrape) await collect();
    return this.registry.metrics();
  }
}
