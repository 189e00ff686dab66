import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length, ValidateIf } from 'class-validator';
import { type MessagingSettingsView } from '../application/messaging-settings.service';

const nullable = (_: object, value: unknown) => value !== null && value !== undefined;
const timeExample = '2030-01-01T12:00:00.000Z';
const templateHelp =
  'Merge fields: {{accountName}} and {{helpText}}, with a fallback as in {{ helpText | "…" }}.';

export class MessagingSettingsDto {
  @ApiProperty({
    enum: ['messaging_settings'],
    description: 'Always "messaging_settings".',
    example: 'messaging_settings',
  })
  object!: 'messaging_settings';
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'What HELP and INFO are answered with, between the account name and the opt-out notice.',
    example: 'Call us at +1 415 555 0123, 9am-5pm PT.',
  })
  helpText!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: `The reply confirming an opt-out (STOP and synonyms); null for the default. ${templateHelp}`,
    example: '{{accountName}}: you will get no more messages. Reply START to resubscribe.',
  })
  stopConfirmation!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: `The reply confirming an opt-in (START, UNSTOP, YES); null for the default. ${templateHelp}`,
    example: '{{accountName}}: welcome back! Reply STOP to unsubscribe.',
  })
  startConfirmation!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Last change; null while every setting is the default.',
    example: timeExample,
  })
  updatedAt!: string | null;

  static of(settings: MessagingSettingsView): MessagingSettingsDto {
    return {
      object: 'messaging_settings',
      helpText: settings.helpText,
      stopConfirmation: settings.stopConfirmation,
      startConfirmation: settings.startConfirmation,
      updatedAt: settings.updatedAt?.toISOString() ?? null,
    };
  }
}

/** Only the fields present change; null restores a default. */
export class UpdateMessagingSettingsDto {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'What HELP and INFO are answered with, 1 to 300 characters; null for the default.',
    example: 'Call us at +1 415 555 0123, 9am-5pm PT.',
  })
  @ValidateIf(nullable)
  @IsString()
  @Length(1, 300)
  helpText?: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: `The opt-out confirmation, 1 to 1000 characters; null for the default. ${templateHelp}`,
    example: '{{accountName}}: you will get no more messages. Reply START to resubscribe.',
  })
  @ValidateIf(nullable)
  @IsString()
  @Length(1, 1000)
  stopConfirmation?: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: `The opt-in confirmation, 1 to 1000 characters; null for the default. ${templateHelp}`,
    example: '{{accountName}}: welcome back! Reply STOP to unsubscribe.',
  })
  @ValidateIf(nullable)
  @IsString()
  @Length(1, 1000)
  startConfirmation?: string | null;
}
