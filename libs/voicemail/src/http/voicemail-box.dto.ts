import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Allow, IsInt, IsOptional, IsString, Length, Max, Min, ValidateIf } from 'class-validator';
import { type Prompt } from '@switchyard/call-flows';
import { ListEnvelopeDto } from '@switchyard/http';
import { BOX_NAME_MAX_LENGTH, GREETING_TEXT_MAX_LENGTH, MESSAGE_SECONDS } from '../domain';
import { voicemailBoxResource } from '../application/voicemail-resource';
import { type VoicemailBoxRecord } from '../infrastructure/voicemail-box.repository';

const timeExample = '2026-12-05T10:00:00.000Z';
const greetingExample = { type: 'tts', text: 'You have reached Acme. Leave a message after the beep.' };
const present = (_: object, value: unknown) => value !== undefined;

export class TtsGreetingDto {
  @ApiProperty({ enum: ['tts'], description: 'Spoken from text.', example: 'tts' }) type!: 'tts';
  @ApiProperty({
    description: `What is said, 1 to ${GREETING_TEXT_MAX_LENGTH} characters.`,
    example: greetingExample.text,
  })
  text!: string;
  @ApiPropertyOptional({
    description: 'Synthesis voice; the default voice of the language when left out.',
    example: 'en-us',
  })
  voice?: string;
  @ApiPropertyOptional({ description: 'BCP 47 language tag.', example: 'en-US' }) language?: string;
}

export class AudioGreetingDto {
  @ApiProperty({ enum: ['audio'], description: 'Played from an uploaded audio file.', example: 'audio' })
  type!: 'audio';
  @ApiProperty({
    description: 'The audio file of the account to play.',
    example: 'aud_01jd3v3k6m5x9q8w7e6r5t4y3u',
  })
  audioId!: string;
}

const greetingSchema = {
  oneOf: [{ $ref: getSchemaPath(TtsGreetingDto) }, { $ref: getSchemaPath(AudioGreetingDto) }],
  nullable: true,
  example: greetingExample,
};

@ApiExtraModels(TtsGreetingDto, AudioGreetingDto)
export class VoicemailBoxDto {
  @ApiProperty({ description: 'Voicemail box id.', example: 'vmb_01jd3v3k6m5x9q8w7e6r5t4y3u' }) id!: string;
  @ApiProperty({ enum: ['voicemail_box'], description: 'Always "voicemail_box".', example: 'voicemail_box' })
  object!: 'voicemail_box';
  @ApiProperty({ description: 'Display name.', example: 'Front desk' }) name!: string;
  @ApiProperty({
    ...greetingSchema,
    description: 'Played before the beep: speech or an audio file; null plays the default greeting.',
  })
  greeting!: Prompt | null;
  @ApiProperty({ description: 'Longest message a caller may leave, in seconds.', example: 120 })
  maxMessageSeconds!: number;
  @ApiProperty({ description: 'Creation time (UTC).', example: timeExample }) createdAt!: string;
  @ApiProperty({ description: 'Last change (UTC).', example: timeExample }) updatedAt!: string;

  static of(box: VoicemailBoxRecord): VoicemailBoxDto {
    return voicemailBoxResource(box);
  }
}

export class VoicemailBoxListDto extends ListEnvelopeDto {
  @ApiProperty({ type: [VoicemailBoxDto], description: 'Voicemail boxes, newest first.' })
  data!: VoicemailBoxDto[];
}

const nameDoc = {
  description: `Display name, 1 to ${BOX_NAME_MAX_LENGTH} characters.`,
  example: 'Front desk',
};
const greetingDoc = {
  ...greetingSchema,
  description:
    `Played before the beep: {"type":"tts","text"} (1 to ${GREETING_TEXT_MAX_LENGTH} characters) or ` +
    '{"type":"audio","audioId"} naming an audio file of the account; null plays the default greeting.',
};
const maxMessageSecondsDoc = {
  description: `Longest message a caller may leave, ${MESSAGE_SECONDS.min} to ${MESSAGE_SECONDS.max} seconds.`,
  minimum: MESSAGE_SECONDS.min,
  maximum: MESSAGE_SECONDS.max,
  example: 120,
};

export class CreateVoicemailBoxDto {
  @ApiProperty(nameDoc)
  @IsString()
  @Length(1, BOX_NAME_MAX_LENGTH)
  name!: string;
  /** Checked by the domain's `checkGreeting`, whose codes the field errors carry. */
  @ApiPropertyOptional(greetingDoc)
  @Allow()
  greeting?: unknown;
  @ApiPropertyOptional({ ...maxMessageSecondsDoc, default: MESSAGE_SECONDS.default })
  @IsOptional()
  @IsInt()
  @Min(MESSAGE_SECONDS.min)
  @Max(MESSAGE_SECONDS.max)
  maxMessageSeconds?: number;
}

/** Only the fields present change. */
export class UpdateVoicemailBoxDto {
  @ApiPropertyOptional(nameDoc)
  @ValidateIf(present)
  @IsString()
  @Length(1, BOX_NAME_MAX_LENGTH)
  name?: string;
  @ApiPropertyOptional(greetingDoc)
  @Allow()
  greeting?: unknown;
  @ApiPropertyOptional(maxMessageSecondsDoc)
  @ValidateIf(present)
  @IsInt()
  @Min(MESSAGE_SECONDS.min)
  @Max(MESSAGE_SECONDS.max)
  maxMessageSeconds?: number;
}
