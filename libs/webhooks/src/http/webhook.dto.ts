import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { eventApiVersion, eventCatalog, type EventEnvelope, eventTypes } from '@switchyard/contracts';
import { type EventRecord, eventEnvelope } from '@switchyard/events';
import { ListEnvelopeDto, ListQueryDto } from '@switchyard/http';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  MaxLength,
} from 'class-validator';
import { type CreatedRange } from '../application/webhook-delivery-log.service';
import { webhookEndpointResource } from '../application/webhook-endpoint.resource';
import { type WebhookDeliveryRecord } from '../infrastructure/webhook-delivery.repository';
import { type WebhookEndpointRecord } from '../infrastructure/webhook-endpoint.repository';

const endpointIdExample = 'we_01jd3v3k6m5x9q8w7e6r5t4y3u';
const eventIdExample = 'evt_01jd3v3k6m5x9q8w7e6r5t4y3u';
const timeExample = '2026-11-23T10:00:00.000Z';

export class WebhookEndpointDto {
  @ApiProperty({ description: 'Webhook endpoint id.', example: endpointIdExample }) id!: string;
  @ApiProperty({ enum: ['webhook_endpoint'], description: 'Resource type.', example: 'webhook_endpoint' })
  object!: 'webhook_endpoint';
  @ApiProperty({
    description: 'Where events are POSTed (http or https).',
    example: 'https://example.com/hooks/switchyard',
  })
  url!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Free text to recognize the endpoint.',
    example: 'CRM sync',
  })
  description!: string | null;
  @ApiProperty({
    type: [String],
    description:
      'Event types the endpoint receives: exact types, wildcards such as "call.*", or "*" for all.',
    example: ['call.*', 'message.delivered'],
  })
  eventTypes!: string[];
  @ApiProperty({ description: 'Whether events are delivered to it.', example: true }) enabled!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'When it was disabled (UTC).', example: null })
  disabledAt!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['failing_deliveries', 'disabled_by_user'],
    description: 'Why it is disabled: its deliveries kept failing, or a user disabled it.',
    example: null,
  })
  disabledReason!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Until when the secret before the last rotation still signs deliveries (UTC).',
    example: null,
  })
  previousSecretExpiresAt!: string | null;
  @ApiProperty({ description: 'Creation time (UTC).', example: timeExample }) createdAt!: string;
  @ApiProperty({ description: 'Last change (UTC).', example: timeExample }) updatedAt!: string;

  static of(endpoint: WebhookEndpointRecord): WebhookEndpointDto {
    return webhookEndpointResource(endpoint);
  }
}

export class WebhookEndpointWithSecretDto extends WebhookEndpointDto {
  @ApiProperty({
    description: 'Signing secret. Shown only in this response; store it to verify X-Signature.',
    example: 'whsec_0123456789abcdefghijABCDEFGHIJ01',
  })
  secret!: string;
}

export class WebhookEndpointListDto extends ListEnvelopeDto {
  @ApiProperty({ type: [WebhookEndpointDto], description: 'Webhook endpoints, newest first.' })
  data!: WebhookEndpointDto[];
}

export class CreateWebhookEndpointDto {
  @ApiProperty({
    description: 'Where events are POSTed: a public http(s) URL.',
    example: 'https://example.com/hooks/switchyard',
  })
  @IsString()
  @MaxLength(2048)
  url!: string;
  @ApiPropertyOptional({ description: 'Free text to recognize the endpoint.', example: 'CRM sync' })
  @IsOptional()
  @IsString()
  @Length(0, 500)
  description?: string;
  @ApiProperty({
    type: [String],
    description: 'Event types to receive: exact types, wildcards such as "call.*", or "*" for all.',
    example: ['call.*', 'message.delivered'],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  eventTypes!: string[];
  @ApiPropertyOptional({ description: 'Whether to deliver events to it; default true.', example: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateWebhookEndpointDto {
  @ApiPropertyOptional({
    description: 'New URL: a public http(s) URL.',
    example: 'https://example.com/hooks/v2',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  url?: string;
  @ApiPropertyOptional({ description: 'Free text to recognize the endpoint.', example: 'CRM sync' })
  @IsOptional()
  @IsString()
  @Length(0, 500)
  description?: string;
  @ApiPropertyOptional({
    type: [String],
    description: 'Event types to receive; replaces the list.',
    example: ['message.*'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  eventTypes?: string[];
  @ApiPropertyOptional({
    description: 'false stops deliveries; true resumes them and clears the disabled state.',
    example: true,
  })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class WebhookDeliveryDto {
  @ApiProperty({ description: 'Delivery attempt id.', example: 'whd_01jd3v3k6m5x9q8w7e6r5t4y3u' })
  id!: string;
  @ApiProperty({ enum: ['webhook_delivery'], description: 'Resource type.', example: 'webhook_delivery' })
  object!: 'webhook_delivery';
  @ApiProperty({ description: 'The endpoint it went to.', example: endpointIdExample }) endpointId!: string;
  @ApiProperty({ description: 'The event it carried.', example: eventIdExample }) eventId!: string;
  @ApiProperty({ description: 'Type of that event.', example: 'call.completed' }) eventType!: string;
  @ApiProperty({ description: 'Which try this was for the event and endpoint, from 1.', example: 1 })
  attempt!: number;
  @ApiProperty({
    enum: ['succeeded', 'retrying', 'failed'],
    description:
      'succeeded: 2xx; retrying: failed, another try is scheduled; failed: no further automatic try.',
    example: 'succeeded',
  })
  status!: string;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'HTTP status of the answer; null without one.',
    example: 200,
  })
  statusCode!: number | null;
  @ApiProperty({ description: 'Time from sending to the answer, in milliseconds.', example: 84 })
  latencyMs!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The first kilobyte of the answer.',
    example: 'ok',
  })
  responseBody!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why no answer came (timeout, connection refused, refused target).',
    example: null,
  })
  error!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When the next try is due (UTC).',
    example: null,
  })
  nextAttemptAt!: string | null;
  @ApiProperty({ description: 'When the attempt was made (UTC).', example: timeExample }) createdAt!: string;

  static of(delivery: WebhookDeliveryRecord): WebhookDeliveryDto {
    return {
      id: delivery.id,
      object: 'webhook_delivery',
      endpointId: delivery.endpointId,
      eventId: delivery.eventId,
      eventType: delivery.eventType,
      attempt: delivery.attempt,
      status: delivery.outcome,
      statusCode: delivery.statusCode,
      latencyMs: delivery.latencyMs,
      responseBody: delivery.responseBody,
      error: delivery.error,
      nextAttemptAt: delivery.nextAttemptAt?.toISOString() ?? null,
      createdAt: delivery.createdAt.toISOString(),
    };
  }
}

export class WebhookDeliveryListDto extends ListEnvelopeDto {
  @ApiProperty({ type: [WebhookDeliveryDto], description: 'Delivery attempts, newest first.' })
  data!: WebhookDeliveryDto[];
}

export class WebhookResendDto {
  @ApiProperty({ enum: ['webhook_resend'], description: 'Resource type.', example: 'webhook_resend' })
  object!: 'webhook_resend';
  @ApiProperty({ description: 'The delivery sent again.', example: 'whd_01jd3v3k6m5x9q8w7e6r5t4y3u' })
  deliveryId!: string;
  @ApiProperty({ description: 'The event sent again.', example: eventIdExample }) eventId!: string;
  @ApiProperty({ description: 'The endpoint it goes to.', example: endpointIdExample }) endpointId!: string;
  @ApiProperty({
    enum: ['queued'],
    description: 'The attempt is queued; its result appears in the delivery log.',
    example: 'queued',
  })
  status!: 'queued';
}

export class CreatedRangeQueryDto extends ListQueryDto {
  @ApiPropertyOptional({
    description: 'Only items created at or after this time (ISO-8601).',
    example: timeExample,
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdAfter?: string;
  @ApiPropertyOptional({
    description: 'Only items created before this time (ISO-8601).',
    example: timeExample,
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdBefore?: string;
}

export function createdRange(query: CreatedRangeQueryDto): CreatedRange {
  return {
    ...(query.createdAfter === undefined ? {} : { createdAfter: new Date(query.createdAfter) }),
    ...(query.createdBefore === undefined ? {} : { createdBefore: new Date(query.createdBefore) }),
  };
}

export class EventListQueryDto extends CreatedRangeQueryDto {
  @ApiPropertyOptional({ description: 'Only events of this type or wildcard ("call.*").', example: 'call.*' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  type?: string;
}

export class EventStreamQueryDto {
  @ApiPropertyOptional({
    description: 'Comma-separated types or wildcards to receive; all types when left out.',
    example: 'call.*,message.*',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  types?: string;
}

export class EventDto {
  @ApiProperty({ description: 'Event id; receivers dedupe by it.', example: eventIdExample }) id!: string;
  @ApiProperty({ enum: ['event'], description: 'Resource type.', example: 'event' }) object!: 'event';
  @ApiProperty({
    enum: eventTypes,
    description: 'What happened; see GET /v1/event-types.',
    example: 'call.completed',
  })
  type!: string;
  @ApiProperty({
    description: 'Version of the envelope and of the resource in data.',
    example: eventApiVersion,
  })
  apiVersion!: string;
  @ApiProperty({ description: 'The account it happened in.', example: 'acc_01jd3v3k6m5x9q8w7e6r5t4y3u' })
  accountId!: string;
  @ApiProperty({ description: 'When it happened (UTC).', example: timeExample }) createdAt!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The resource as the REST API returns it, at the time of the event; `object` names its type.',
    example: {
      object: 'webhook_test',
      endpointId: endpointIdExample,
      message: 'A test event, sent on request.',
    },
  })
  data!: EventEnvelope['data'];

  static of(event: EventRecord): EventDto {
    return eventEnvelope(event);
  }
}

export class EventListDto extends ListEnvelopeDto {
  @ApiProperty({ type: [EventDto], description: 'Events, newest first.' }) data!: EventDto[];
}

export class EventTypeDto {
  @ApiProperty({ enum: ['event_type'], description: 'Resource type.', example: 'event_type' })
  object!: 'event_type';
  @ApiProperty({ enum: eventTypes, description: 'The event type.', example: 'call.completed' }) type!: string;
  @ApiProperty({ description: 'When it is sent.', example: eventCatalog['call.completed'].description })
  description!: string;
  @ApiProperty({ description: 'The `object` of the resource in its data.', example: 'call' })
  resource!: string;
}

export class EventTypeListDto extends ListEnvelopeDto {
  @ApiProperty({ type: [EventTypeDto], description: 'Every event type, in catalog order.' })
  data!: EventTypeDto[];
}
