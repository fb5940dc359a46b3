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
  @ApiProperty({ description: 'shown in this answer only: keep it to verify X-Signature' })
  secret!: string;
}

export class WebhookPage {
  @ApiProperty({ type: [WebhookView] }) items!: WebhookView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class DeliveryView {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'the X-Event-Id sent' }) eventId!: string;
  @ApiProperty() event!: string;
  @ApiProperty() importId!: string;
  @ApiProperty() attempt!: number;
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
