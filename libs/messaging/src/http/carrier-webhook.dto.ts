import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, ValidateNested } from 'class-validator';

const SANDBOX_CALLBACK_TYPES = ['message.status', 'message.received'] as const;
const SANDBOX_REPORTED_STATUSES = ['sent', 'delivered', 'undelivered', 'failed'] as const;

export class SandboxCallbackDataDto {
  @ApiProperty({ description: 'The sandbox’s id of the message.', example: 'sandbox-message-3f2a' })
  @IsString()
  @Length(1, 200)
  carrierMessageId!: string;
  @ApiPropertyOptional({
    description: 'Our reference (the message id), on status callbacks.',
    example: 'msg_01jd3v3k6m5x9q8w7e6r5t4y3u',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  reference?: string;
  @ApiPropertyOptional({
    enum: SANDBOX_REPORTED_STATUSES,
    description: 'The reported status, on status callbacks.',
    example: 'delivered',
  })
  @IsOptional()
  @IsIn(SANDBOX_REPORTED_STATUSES)
  status?: (typeof SANDBOX_REPORTED_STATUSES)[number];
  @ApiPropertyOptional({ description: 'Carrier error code of a failed message.', example: '30003' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  errorCode?: string;
  @ApiPropertyOptional({ description: 'Sender, E.164, on inbound messages.', example: '+14155550199' })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  from?: string;
  @ApiPropertyOptional({ description: 'Our number, E.164, on inbound messages.', example: '+14155550123' })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  to?: string;
  @ApiPropertyOptional({ description: 'The text, on inbound messages.', example: 'Hello' })
  @IsOptional()
  @IsString()
  @Length(0, 5000)
  text?: string;
}

export class SandboxCallbackDto {
  @ApiProperty({ description: 'Unique id of the callback; a redelivery repeats it.', example: 'sbx_evt_1' })
  @IsString()
  @Length(1, 200)
  id!: string;
  @ApiProperty({ enum: SANDBOX_CALLBACK_TYPES, description: 'What happened.', example: 'message.status' })
  @IsIn(SANDBOX_CALLBACK_TYPES)
  type!: (typeof SANDBOX_CALLBACK_TYPES)[number];
  @ApiProperty({ type: SandboxCallbackDataDto, description: 'The message the callback is about.' })
  @ValidateNested()
  @Type(() => SandboxCallbackDataDto)
  data!: SandboxCallbackDataDto;
}

export class CarrierCallbackAcceptedDto {
  @ApiProperty({
    description:
      'Always true: the callback was verified and stored (or was a redelivery); the worker applies it.',
    example: true,
  })
  received!: true;
}
