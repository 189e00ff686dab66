import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ListEnvelopeDto, ProblemDto } from '@switchyard/http';
import {
  RING_STRATEGIES,
  RING_TARGET_TYPES,
  type RingStrategy,
  type RingTargetType,
} from '../domain/flow-model';
import { type CallQueueRecord } from '../infrastructure/call-queue.repository';

const timeExample = '2026-12-05T10:00:00.000Z';
const maxTargets = 50;

export class RingTargetDto {
  @ApiProperty({ enum: RING_TARGET_TYPES, description: 'What the id names.', example: 'user' })
  @IsIn(RING_TARGET_TYPES)
  type!: RingTargetType;
  @ApiProperty({
    description: 'User, team or device id of the account.',
    example: 'usr_01jd3v3k6m5x9q8w7e6r5t4y3u',
  })
  @IsString()
  @Length(1, 64)
  id!: string;
}

export class CallQueueDto {
  @ApiProperty({ description: 'Call queue id.', example: 'cq_01jd3v3k6m5x9q8w7e6r5t4y3u' }) id!: string;
  @ApiProperty({ enum: ['call_queue'], description: 'Resource type.', example: 'call_queue' })
  object!: 'call_queue';
  @ApiProperty({
    description: 'Name, unique in the account; queue nodes name it as `queueName`.',
    example: 'Sales',
  })
  name!: string;
  @ApiProperty({ type: [RingTargetDto], description: 'The agents who take the queue’s calls.' })
  targets!: RingTargetDto[];
  @ApiProperty({
    enum: RING_STRATEGIES,
    description: 'How calls are offered to the targets.',
    example: 'simultaneous',
  })
  strategy!: RingStrategy;
  @ApiProperty({ description: 'How long each offer rings, in seconds.', example: 20 })
  ringTimeoutSeconds!: number;
  @ApiProperty({ description: 'Creation time (UTC).', example: timeExample }) createdAt!: string;
  @ApiProperty({ description: 'Last change (UTC).', example: timeExample }) updatedAt!: string;

  static of(queue: CallQueueRecord): CallQueueDto {
    return {
      id: queue.id,
      object: 'call_queue',
      name: queue.name,
      targets: queue.targets.map(({ type, id }) => ({ type, id })),
      strategy: queue.strategy,
      ringTimeoutSeconds: queue.ringTimeoutSeconds,
      createdAt: queue.createdAt.toISOString(),
      updatedAt: queue.updatedAt.toISOString(),
    };
  }
}

export class CallQueueListDto extends ListEnvelopeDto {
  @ApiProperty({ type: [CallQueueDto], description: 'Call queues, newest first.' }) data!: CallQueueDto[];
}

export class CreateCallQueueDto {
  @ApiProperty({ description: 'Name, 1 to 100 characters, unique in the account.', example: 'Sales' })
  @IsString()
  @Length(1, 100)
  name!: string;
  @ApiProperty({ type: [RingTargetDto], description: '1 to 50 users, teams or devices of the account.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(maxTargets)
  @ValidateNested({ each: true })
  @Type(() => RingTargetDto)
  targets!: RingTargetDto[];
  @ApiPropertyOptional({
    enum: RING_STRATEGIES,
    description: 'How calls are offered to the targets; simultaneous when left out.',
    example: 'round_robin',
  })
  @IsOptional()
  @IsIn(RING_STRATEGIES)
  strategy?: RingStrategy;
  @ApiPropertyOptional({
    description: 'How long each offer rings, 5 to 120 seconds; 20 when left out.',
    minimum: 5,
    maximum: 120,
    example: 20,
  })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(120)
  ringTimeoutSeconds?: number;
}

export class UpdateCallQueueDto extends PartialType(CreateCallQueueDto) {}

export class CallQueueInUseProblemDto extends ProblemDto {
  @ApiProperty({
    type: [String],
    description: 'Flows whose draft or published version sends callers to the queue.',
    example: ['flow_01jd3v3k6m5x9q8w7e6r5t4y3u'],
  })
  flowIds!: string[];
}
