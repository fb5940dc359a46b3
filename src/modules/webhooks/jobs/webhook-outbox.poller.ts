// Hands webhook events to the queue. Finished imports write their events into the outbox
// (webhook_events) in the transaction that ends them; this poller, on every worker, moves due
// rows to BullMQ, so an event survives a crash or a Redis flush between the two.
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../core/config/app-config';
import { WebhookDeliveryService } from '../webhook-delivery.service';

@Injectable()
export class WebhookOutboxPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WebhookOutbox');
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly delivery: WebhookDeliveryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.poll(), this.config.webhookOutboxPollMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async poll(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while ((await this.delivery.enqueueDue()) === 100) {
        // a backlog: keep going until it is drained
      }
    } catch (err) {
      this.logger.warn(`outbox poll skipped: ${err instanceof Error ? err.name : 'error'}`);
    } finally {
      this.running = false;
    }
  }
}
