// The BullMQ consumer for webhook deliveries: one job per attempt of one event.
import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JOBS, QUEUES, type JobPayloads } from '../../../core/queue/queue-names';
import { WebhookDeliveryService } from '../webhook-delivery.service';

export type DeliverWebhookPayload = JobPayloads[typeof JOBS.deliverWebhook];

@Processor(QUEUES.webhooks, { concurrency: 5 })
export class DeliverWebhookJob extends WorkerHost {
  constructor(private readonly delivery: WebhookDeliveryService) {
    super();
  }

  async process(job: Job<DeliverWebhookPayload>): Promise<void> {
    if (job.name !== JOBS.deliverWebhook) return;
    await this.delivery.deliver(job.data.eventId, job.data.attempt);
  }
}
