import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../../core/auth/actor';
import { CurrentActor, Roles } from '../../core/auth/decorators';
import { ParseIdPipe } from '../../core/http/id-param.pipe';
import {
  CreatedWebhookView,
  CreateWebhookDto,
  DeliveriesQuery,
  DeliveryPage,
  DeliveryView,
  WebhookPage,
} from './webhooks.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@Controller('api/v1')
@Roles('admin')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post('partners/:code/webhooks')
  @HttpCode(201)
  @ApiOperation({ summary: 'Register a webhook for a partner’s finished imports' })
  @ApiCreatedResponse({ type: CreatedWebhookView, description: 'the secret is shown only here' })
  @ApiBadRequestResponse({ description: 'bad url or events' })
  @ApiNotFoundResponse({ description: 'no such partner' })
  @ApiForbiddenResponse({ description: 'admins only' })
  create(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: CreateWebhookDto) {
    return this.webhooks.create(actor, code, dto);
  }

  @Get('partners/:code/webhooks')
  @ApiOperation({ summary: 'A partner’s webhooks (never their secrets)' })
  @ApiOkResponse({ type: WebhookPage })
  @ApiNotFoundResponse({ description: 'no such partner' })
  list(@CurrentActor() actor: Actor, @Param('code') code: string) {
    return this.webhooks.list(actor, code);
  }

  @Delete('webhooks/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a webhook; nothing more is delivered to it' })
  @ApiNoContentResponse({ description: 'removed' })
  @ApiNotFoundResponse({ description: 'no such webhook' })
  async remove(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string): Promise<void> {
    await this.webhooks.remove(actor, id);
  }

  @Get('webhooks/:id/deliveries')
  @ApiOperation({ summary: 'Every delivery attempt, newest first' })
  @ApiOkResponse({ type: DeliveryPage })
  @ApiNotFoundResponse({ description: 'no such webhook' })
  deliveries(@Param('id', ParseIdPipe) id: string, @Query() query: DeliveriesQuery) {
    return this.webhooks.deliveries(id, query);
  }

  @Post('webhooks/:id/test')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send a ping event to the webhook now',
    description:
      'One signed attempt, made while you wait (at most 10 s), never retried; answers that ' +
      'delivery whether the receiver accepted it or not (see succeeded, statusCode, error).',
  })
  @ApiOkResponse({ type: DeliveryView, description: 'the delivery just made' })
  @ApiNotFoundResponse({ description: 'no such webhook' })
  test(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string) {
    return this.webhooks.test(actor, id);
  }

  @Post('webhooks/:id/deliveries/:deliveryId/redeliver')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send the event of a delivery again now',
    description:
      'The same event (same webhook-id, so receivers can de-duplicate) with a fresh ' +
      'webhook-timestamp and signature, one attempt made while you wait; a success ends any ' +
      'retries still scheduled for it. Answers the new delivery.',
  })
  @ApiOkResponse({ type: DeliveryView, description: 'the delivery just made' })
  @ApiNotFoundResponse({ description: 'no such webhook, or no such delivery of it' })
  redeliver(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Param('deliveryId', ParseIdPipe) deliveryId: string,
  ) {
    return this.webhooks.redeliver(actor, id, deliveryId);
  }
}
