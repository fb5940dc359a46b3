import { Module } from '@nestjs/common';
import { WebhooksModule } from '../webhooks.module';
import { DeliverWebhookJob } from './deliver-webhook.job';
import { WebhookOutboxPoller } from './webhook-outbox.poller';

/** Worker side of webhooks: the delivery consumer and the outbox poller. */
@Module({
  imports: [WebhooksModule],
  providers: [DeliverWebhookJob, WebhookOutboxPoller],
})
export class WebhooksJobsModule {}
