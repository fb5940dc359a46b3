// Webhook registration (admin, per partner) and the delivery history. Deliveries themselves
// are made by WebhookDeliveryService in the worker.
import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../../core/auth/actor';
import { APP_CONFIG, type AppConfig } from '../../core/config/app-config';
import { DomainError } from '../../core/http/domain-error';
import { type Page, type PageQueryDto, pageRequest, toPage } from '../../core/http/pagination';
import { PartnersService } from '../partners/partners.service';
import { resolvesToBlocked, urlProblem } from './address-rules';
import { encryptSecret, generateWebhookSecret } from './webhook-crypto';
import { WebhookDeliveryService } from './webhook-delivery.service';
import type {
  CreatedWebhookView,
  CreateWebhookDto,
  DeliveryView,
  WebhookView,
} from './webhooks.dto';
import { type DeliveryRow, type WebhookRow, WebhooksRepository } from './webhooks.repository';

function toView(row: WebhookRow): WebhookView {
  return {
    id: row.id,
    partnerCode: row.partnerCode,
    url: row.url,
    events: row.events,
    createdAt: row.createdAt.toISOString(),
  };
}

function deliveryView(row: DeliveryRow): DeliveryView {
  return {
    id: row.id,
    eventId: row.eventId,
    event: row.event,
    importId: row.importId,
    attempt: row.attempt,
    manual: row.manual,
    attemptedAt: row.attemptedAt.toISOString(),
    statusCode: row.statusCode,
    durationMs: row.durationMs,
    error: row.error,
    succeeded: row.succeeded,
  };
}

@Injectable()
export class WebhooksService {
  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly partners: PartnersService,
    private readonly delivery: WebhookDeliveryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(
    actor: Actor,
    partnerCode: string,
    dto: CreateWebhookDto,
  ): Promise<CreatedWebhookView> {
    const partner = await this.partners.findVisible(actor, partnerCode);
    const strict = this.config.nodeEnv === 'production';
    const problem =
      urlProblem(dto.url, strict) ?? (strict ? await resolvesToBlocked(dto.url) : null);
    if (problem) throw DomainError.validation('url', problem);
    const secret = generateWebhookSecret();
    const id = await this.webhooks.insert(actor, {
      partnerId: partner.id,
      url: dto.url,
      events: [...new Set(dto.events)],
      secretEncrypted: encryptSecret(secret, this.config.webhookSecretKey),
    });
    return { ...(await this.get(id)), secret };
  }

  async list(actor: Actor, partnerCode: string): Promise<Page<WebhookView>> {
    const partner = await this.partners.findVisible(actor, partnerCode);
    // A partner has a handful of webhooks: one page holds them all (the usual envelope).
    return {
      items: (await this.webhooks.listForPartner(partner.id)).map(toView),
      nextCursor: null,
    };
  }

  async get(id: string): Promise<WebhookView> {
    const row = await this.webhooks.findById(id);
    if (!row) throw DomainError.notFound('Webhook');
    return toView(row);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    if (!(await this.webhooks.delete(actor, id))) throw DomainError.notFound('Webhook');
  }

  private async row(id: string): Promise<WebhookRow> {
    const row = await this.webhooks.findById(id);
    if (!row) throw DomainError.notFound('Webhook');
    return row;
  }

  /** The delivery just made, as listed. */
  private async madeDelivery(webhookId: string, deliveryId: string | null): Promise<DeliveryView> {
    const made = deliveryId ? await this.webhooks.findDelivery(webhookId, deliveryId) : null;
    // Deleted while the attempt was under way.
    if (!made) throw DomainError.notFound('Webhook');
    return deliveryView(made);
  }

  /** Sends a `ping` event now and answers with its delivery, succeeded or not. */
  async test(actor: Actor, id: string): Promise<DeliveryView> {
    const webhook = await this.row(id);
    return this.madeDelivery(id, await this.delivery.ping(actor, webhook));
  }

  /** Sends the event of one of this webhook's deliveries again now; answers the new delivery. */
  async redeliver(actor: Actor, id: string, deliveryId: string): Promise<DeliveryView> {
    const webhook = await this.row(id);
    const previous = await this.webhooks.findDelivery(id, deliveryId);
    if (!previous) throw DomainError.notFound('Delivery');
    const made = await this.delivery.redeliver(actor, webhook, previous.eventId);
    if (!made) throw DomainError.notFound('Delivery');
    return this.madeDelivery(id, made);
  }

  async deliveries(id: string, query: PageQueryDto): Promise<Page<DeliveryView>> {
    await this.get(id);
    const page = pageRequest(query);
    return toPage(await this.webhooks.deliveriesPage(id, page), page.limit, deliveryView);
  }
}
