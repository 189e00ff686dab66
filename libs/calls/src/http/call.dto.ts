import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { ListEnvelopeDto, ListQueryDto } from '@switchyard/http';
import { type CallDirection, callStatuses, type CallStatus } from '../domain';
import { type CallLegResource, type CallResource } from '../application/call-resource';

const timeExample = '2030-01-01T12:00:00.000Z';
const callDirections: readonly CallDirection[] = ['inbound', 'outbound', 'internal'];
const hangupSources = ['caller', 'callee', 'api', 'system', 'timeout'] as const;
const statusListPattern = new RegExp(`^(${callStatuses.join('|')})(,(${callStatuses.join('|')}))*$`);

export class CallStatusChangeDto {
  @ApiProperty({ enum: callStatuses, description: 'The status the call moved to.', example: 'ringing' })
  status!: CallStatus;
  @ApiProperty({ description: 'When it moved there.', example: timeExample }) at!: string;
}

export class CallLegDto {
  @ApiProperty({ description: 'Leg id.', example: 'leg_01jd3v3k6m5x9q8w7e6r5t4y3u' }) id!: string;
  @ApiProperty({ enum: ['call_leg'], description: 'Always "call_leg".', example: 'call_leg' })
  object!: 'call_leg';
  @ApiProperty({
    enum: ['caller', 'callee'],
    description: 'The caller’s leg into the platform, or a leg out to a callee (trunk or device).',
    example: 'callee',
  })
  role!: 'caller' | 'callee';
  @ApiProperty({ description: 'SIP Call-ID of the dialog.', example: 'a84b4c76e66710@pc33.example.com' })
  sipCallId!: string;
  @ApiProperty({ description: 'From user of the dialog: E.164 or an extension.', example: '+14155550123' })
  from!: string;
  @ApiProperty({ description: 'To user of the dialog: E.164 or an extension.', example: '+14155550199' })
  to!: string;
  @ApiProperty({ description: 'The URI the INVITE was sent to.', example: 'sip:+14155550199@sip.telnyx.com' })
  target!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The device at this end, if it is one of the account’s devices.',
    example: 'dev_01jd3v3k6m5x9q8w7e6r5t4y3u',
  })
  deviceId!: string | null;
  @ApiProperty({ enum: callStatuses, description: 'Where the leg stands.', example: 'answered' })
  status!: CallStatus;
  @ApiProperty({ type: Number, nullable: true, description: 'Final SIP status of the leg.', example: 200 })
  sipStatus!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'Final SIP reason phrase.', example: 'OK' })
  sipReason!: string | null;
  @ApiProperty({ description: 'When the INVITE was sent or received.', example: timeExample })
  startedAt!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When the leg was answered.',
    example: timeExample,
  })
  answeredAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'When the leg ended.', example: null })
  endedAt!: string | null;

  static of(resource: CallLegResource): CallLegDto {
    return resource;
  }
}

export class FlowPathStepDto {
  @ApiProperty({ description: 'Node id in the flow version.', example: 'sales' }) nodeId!: string;
  @ApiProperty({ description: 'Node kind.', example: 'ring' }) kind!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The exit the call left by; null where it ended.',
    example: 'busy',
  })
  exit!: string | null;
  @ApiProperty({ description: 'When the call left the node.', example: timeExample }) at!: string;
  @ApiPropertyOptional({ description: 'Keys pressed to leave a menu.', example: '1' }) digits?: string;
  @ApiPropertyOptional({ description: 'Extension keyed at a direct-dial menu.', example: '101' })
  extension?: string;
}

export class CallFlowDto {
  @ApiProperty({ description: 'The flow that handled the call.', example: 'flow_01jd3v3k6m5x9q8w7e6r5t4y3u' })
  flowId!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The published version that ran.',
    example: 'flv_01jd3v3k6m5x9q8w7e6r5t4y3u',
  })
  versionId!: string | null;
  @ApiProperty({ type: [FlowPathStepDto], description: 'Nodes the call went through, oldest first.' })
  path!: FlowPathStepDto[];
}

export class CallMediaLegDto {
  @ApiProperty({
    enum: ['caller', 'callee'],
    description: 'The party: the caller, or the callees together (every callee connected, after a transfer).',
    example: 'caller',
  })
  role!: 'caller' | 'callee';
  @ApiProperty({ description: 'RTP packets the media engine received from this party.', example: 4250 })
  packets!: number;
  @ApiProperty({ description: 'Bytes of those packets, RTP headers included.', example: 731000 })
  bytes!: number;
  @ApiProperty({ description: 'Packets from this party the engine could not use.', example: 0 })
  errors!: number;
}

export class CallMediaQualityDto {
  @ApiProperty({ description: 'Mean opinion score, from 1.0 (bad) to 5.0 (excellent).', example: 4.3 })
  mos!: number;
  @ApiProperty({ description: 'Interarrival jitter, in milliseconds.', example: 12 })
  jitterMs!: number;
  @ApiProperty({ description: 'Share of packets lost, in percent.', example: 0.5 })
  packetLossPercent!: number;
  @ApiProperty({ description: 'Round-trip time, in milliseconds.', example: 48 })
  roundTripMs!: number;
}

export class CallMediaStatsDto {
  @ApiProperty({ description: 'RTP packets the media engine received from every party.', example: 8500 })
  packets!: number;
  @ApiProperty({ description: 'Bytes of those packets.', example: 1462000 })
  bytes!: number;
  @ApiProperty({ description: 'Packets the engine could not use.', example: 0 })
  errors!: number;
  @ApiProperty({
    type: [CallMediaLegDto],
    description:
      'What came from each party, the caller first; a call that only heard prompts has the caller alone.',
  })
  legs!: CallMediaLegDto[];
  @ApiProperty({
    type: [CallMediaQualityDto],
    description: 'Quality per RTP stream, from the RTCP reports of the parties; empty when they sent none.',
  })
  quality!: CallMediaQualityDto[];
}

export class CallDto {
  @ApiProperty({ description: 'Call id.', example: 'call_01jd3v3k6m5x9q8w7e6r5t4y3u' }) id!: string;
  @ApiProperty({ enum: ['call'], description: 'Always "call".', example: 'call' }) object!: 'call';
  @ApiProperty({
    enum: callDirections,
    description: 'inbound from the network, outbound to it, or internal between the account’s devices.',
    example: 'outbound',
  })
  direction!: CallDirection;
  @ApiProperty({ description: 'The caller as presented: E.164 or an extension.', example: '+14155550123' })
  from!: string;
  @ApiProperty({ description: 'The callee as dialed: E.164 or an extension.', example: '+14155550199' })
  to!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'The account’s number involved: the caller ID of an outbound call, the number called inbound.',
    example: 'num_01jd3v3k6m5x9q8w7e6r5t4y3u',
  })
  numberId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'That number, E.164.', example: '+14155550123' })
  phoneNumber!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The user who placed the call.',
    example: 'usr_01jd3v3k6m5x9q8w7e6r5t4y3u',
  })
  userId!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The device the call was placed from.',
    example: 'dev_01jd3v3k6m5x9q8w7e6r5t4y3u',
  })
  deviceId!: string | null;
  @ApiProperty({
    enum: callStatuses,
    description: 'initiated, ringing and answered are live; the others final.',
    example: 'completed',
  })
  status!: CallStatus;
  @ApiProperty({
    type: [CallStatusChangeDto],
    description: 'Every status the call went through, oldest first.',
  })
  timeline!: CallStatusChangeDto[];
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'The SIP status the call ended with.',
    example: 200,
  })
  sipStatus!: number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why the call ended, for people.',
    example: 'Normal call clearing',
  })
  sipReason!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Why the call policy refused the call: country_not_allowed, premium_prefix, invalid_number, caller_id_not_allowed, concurrency_limit or rate_limit.',
    example: null,
  })
  blockedReason!: string | null;
  @ApiProperty({
    enum: hangupSources,
    nullable: true,
    description: 'Who ended the call.',
    example: 'caller',
  })
  hangupSource!: (typeof hangupSources)[number] | null;
  @ApiProperty({
    type: CallFlowDto,
    nullable: true,
    description: 'For inbound calls: the flow version that ran and the path the call took.',
  })
  flow!: CallFlowDto | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Seconds from start to end, rounded up; null while live.',
    example: 95,
  })
  totalSeconds!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Seconds from answer to end, rounded up (0 if never answered); null while live.',
    example: 87,
  })
  billableSeconds!: number | null;
  @ApiProperty({ description: 'When the call started.', example: timeExample }) startedAt!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When the callee started ringing.',
    example: timeExample,
  })
  ringingAt!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When the call was answered.',
    example: timeExample,
  })
  answeredAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'When the call ended.', example: timeExample })
  endedAt!: string | null;
  @ApiProperty({ type: [CallLegDto], description: 'The SIP legs of the call, oldest first.' })
  legs!: CallLegDto[];
  @ApiProperty({
    type: CallMediaStatsDto,
    nullable: true,
    description:
      'What the media engine measured over the call, taken when its media session closed (right after the call ' +
      'ended); null before that, and for calls whose media the engine never anchored or could not measure.',
  })
  mediaStats!: CallMediaStatsDto | null;
  @ApiProperty({ description: 'Creation time of the record.', example: timeExample }) createdAt!: string;
  @ApiProperty({ description: 'Last change.', example: timeExample }) updatedAt!: string;

  static of(resource: CallResource): CallDto {
    return resource;
  }
}

export class CallListDto extends ListEnvelopeDto {
  @ApiProperty({ type: [CallDto], description: 'Calls, newest first.' }) data!: CallDto[];
}

export class ListCallsQueryDto extends ListQueryDto {
  @ApiPropertyOptional({
    description: 'Only calls started at or after this time (ISO-8601).',
    example: timeExample,
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdAfter?: string;
  @ApiPropertyOptional({
    description: 'Only calls started before this time (ISO-8601).',
    example: timeExample,
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdBefore?: string;
  @ApiPropertyOptional({ enum: callDirections, description: 'Only this direction.', example: 'outbound' })
  @IsOptional()
  @IsIn(callDirections)
  direction?: CallDirection;
  @ApiPropertyOptional({
    description: 'Digits the caller, the callee or the account’s number contains (partial match).',
    example: '555012',
  })
  @IsOptional()
  @Matches(/^\+?\d{1,15}$/)
  number?: string;
  @ApiPropertyOptional({
    description: 'Only calls placed by this user.',
    example: 'usr_01jd3v3k6m5x9q8w7e6r5t4y3u',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  userId?: string;
  @ApiPropertyOptional({
    description: 'Only calls in these statuses, comma-separated.',
    example: 'busy,no_answer',
  })
  @IsOptional()
  @Matches(statusListPattern, {
    message: `status must be a comma-separated list of: ${callStatuses.join(', ')}`,
  })
  status?: string;
}

export class TransferCallDto {
  @ApiProperty({
    description:
      'Where to send the call: a phone number (E.164, or national in the account’s country), an extension ' +
      '(device username), or user:<id> to ring every device of a user.',
    example: '+14155550123',
  })
  @IsString()
  @Length(1, 80)
  to!: string;
}
