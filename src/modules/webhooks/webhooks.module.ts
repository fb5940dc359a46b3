import { Module } from '@nestjs/common';
import { ImportsModule } from '../imports/imports.module';
import { PartnersModule } from '../partners/partners.module';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

@Module({
  imports: [PartnersModule, ImportsModule],
  providers: [WebhooksRepository, WebhooksService, WebhookDeliveryService],
  exports: [WebhooksService, WebhookDeliveryService],
})
export class WebhooksModule {}
