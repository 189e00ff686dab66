import { ApiProperty } from '@nestjs/swagger';
import { signatureHeaderName } from '@switchyard/webhooks';
import { type FlowWebhookSettingsRecord } from '../infrastructure/flow-webhook-settings.repository';

const timeExample = '2026-12-05T10:00:00.000Z';

export class FlowWebhookSettingsDto {
  @ApiProperty({
    enum: ['flow_webhook_settings'],
    description: 'Always "flow_webhook_settings".',
    example: 'flow_webhook_settings',
  })
  object!: 'flow_webhook_settings';
  @ApiProperty({
    description: 'The secret the requests of webhook nodes are signed with; keep it on your server only.',
    example: 'whsec_9fJ2kQ7xLm4pR8tV1wZ3yB6nC5dE0gHa',
  })
  signingSecret!: string;
  @ApiProperty({
    enum: [signatureHeaderName],
    description: 'The request header that carries the timestamp and signature.',
    example: signatureHeaderName,
  })
  signatureHeader!: typeof signatureHeaderName;
  @ApiProperty({ description: 'When the first secret was created (UTC).', example: timeExample })
  createdAt!: string;
  @ApiProperty({ description: 'When the secret was last created or rotated (UTC).', example: timeExample })
  updatedAt!: string;

  static of(settings: FlowWebhookSettingsRecord): FlowWebhookSettingsDto {
    return {
      object: 'flow_webhook_settings',
      signingSecret: settings.signingSecret,
      signatureHeader: signatureHeaderName,
      createdAt: settings.createdAt.toISOString(),
      updatedAt: settings.updatedAt.toISOString(),
    };
  }
}
