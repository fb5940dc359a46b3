import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../core/http/pagination';

export const WEBHOOK_EVENTS = ['import.finished'] as const;

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://hooks.partner.example/sdt' })
  @IsString()
  @MaxLength(2000)
  url!: string;

  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true, example: ['import.finished'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsIn(WEBHOOK_EVENTS, {
    each: true,
    message: `events must be among ${WEBHOOK_EVENTS.join(', ')}`,
  })
  events!: string[];
}

export class WebhookView {
  @ApiProperty() id!: string;
  @ApiProperty() partnerCode!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ type: [String] }) events!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class CreatedWebhookView extends WebhookView {
  @ApiProperty({
    description:
      'shown in this answer only: whsec_<base64>, the key to verify webhook-signature with (Standard Webhooks)',
  })
  secret!: string;
}

export class WebhookPage {
  @ApiProperty({ type: [WebhookView] }) items!: WebhookView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class DeliveryView {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'the webhook-id header sent: the same on every attempt of an event' })
  eventId!: string;
  @ApiProperty({ enum: [...WEBHOOK_EVENTS, 'ping'] }) event!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null for a ping' })
  importId!: string | null;
  @ApiProperty() attempt!: number;
  @ApiProperty({
    description: 'made on request (POST …/test or …/redeliver), not by the retry schedule',
  })
  manual!: boolean;
  @ApiProperty({ format: 'date-time' }) attemptedAt!: string;
  @ApiProperty({ type: Number, nullable: true }) statusCode!: number | null;
  @ApiProperty() durationMs!: number;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty() succeeded!: boolean;
}

export class DeliveryPage {
  @ApiProperty({ type: [DeliveryView] }) items!: DeliveryView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class DeliveriesQuery extends PageQueryDto {}
