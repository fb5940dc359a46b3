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

  async deliveries(id: string, query: PageQueryDto): Promise<Page<DeliveryView>> {
    await this.get(id);
    const page = pageRequest(query);
    return toPage(await this.webhooks.deliveriesPage(id, page), page.limit, deliveryView);
  }
}
