import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsBoolean, IsObject, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { type SimulationResult } from '../application/flow-simulation.service';
import { type FlowAction, type FlowEvent, type PathStep } from '../domain/flow-actions';
import { FLOW_NODE_KINDS } from '../domain/flow-model';
import { callFlowSchemaRefs } from './call-flows-openapi';

/** Every action type, spelled out so the document lists them; the record type keeps it complete. */
const flowActionTypes = Object.keys({
  answer: true,
  play: true,
  gather: true,
  dial: true,
  record_voicemail: true,
  enqueue: true,
  http_request: true,
  hangup: true,
  tag: true,
} satisfies Record<FlowAction['type'], true>);

export class SimulateFlowDto {
  @ApiPropertyOptional({
    description: 'The version to simulate; the current one when neither this nor draft is given.',
    example: 'flv_01jd3v3k6m5x9q8w7e6r5t4y3u',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  versionId?: string;
  @ApiPropertyOptional({ description: 'Simulate the draft instead, which must be valid.', example: false })
  @IsOptional()
  @IsBoolean()
  draft?: boolean;
  @ApiPropertyOptional({
    description: 'ISO 8601 instant with an offset at which the call takes place; now when left out.',
    example: '2026-11-23T15:00:00Z',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  at?: string;
  @ApiProperty({ description: "The caller's number.", example: '+14155550100' })
  @IsString()
  @Length(1, 64)
  from!: string;
  @ApiProperty({ description: 'The number the caller dialled.', example: '+14155550123' })
  @IsString()
  @Length(1, 64)
  to!: string;
  @ApiProperty({
    type: 'array',
    items: callFlowSchemaRefs.flowEvent,
    description: 'What happens on the call, in order; events left over once the call has ended are not used.',
  })
  @Allow()
  events!: unknown;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', enum: ['available', 'busy', 'offline'] },
    description: 'Availability of users and devices by id; those left out are available.',
    example: { usr_01jd3v3k6m5x9q8w7e6r5t4y3u: 'busy' },
  })
  @IsOptional()
  @IsObject()
  availability?: Record<string, unknown>;
}

export class PathStepDto {
  @ApiProperty({ description: 'The node the call went through.', example: 'main-menu' }) nodeId!: string;
  @ApiProperty({ enum: FLOW_NODE_KINDS, description: 'Its kind.', example: 'menu' }) kind!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The exit it left by; null where the call ended.',
    example: 'digit:1',
  })
  exit!: string | null;
  @ApiProperty({ description: 'When (UTC).', example: '2026-11-23T15:00:00.000Z' }) at!: string;
  @ApiPropertyOptional({ description: 'Keys pressed to leave a menu.', example: '1' }) digits?: string;
  @ApiPropertyOptional({ description: 'Extension keyed at a direct-dial menu.', example: '204' })
  extension?: string;
}

export class SimulationStepDto {
  @ApiProperty({
    oneOf: [callFlowSchemaRefs.flowEvent],
    nullable: true,
    description: 'The event fed in this step; null for the start of the call.',
    example: { type: 'digits', digits: '1' },
  })
  event!: FlowEvent | null;
  @ApiProperty({
    type: 'array',
    items: {
      type: 'object',
      required: ['type'],
      additionalProperties: true,
      properties: {
        type: { type: 'string', enum: flowActionTypes, example: 'play', description: 'The action.' },
      },
    },
    description: 'What the media and signalling layers are asked to do, in order.',
  })
  actions!: FlowAction[];
  @ApiProperty({ type: [PathStepDto], description: 'The nodes the call went through in this step.' })
  path!: PathStep[];
  @ApiProperty({ description: 'Whether the call has ended.', example: false }) finished!: boolean;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'For round-robin ring nodes rung in this step, the target index to start from next time.',
    example: { sales: 1 },
  })
  roundRobinMemory?: Record<string, number>;
}

export class FlowSimulationDto {
  @ApiProperty({ enum: ['flow_simulation'], description: 'Resource type.', example: 'flow_simulation' })
  object!: 'flow_simulation';
  @ApiProperty({ description: 'The flow.', example: 'flow_01jd3v3k6m5x9q8w7e6r5t4y3u' }) flowId!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The version simulated; null for the draft.',
    example: 'flv_01jd3v3k6m5x9q8w7e6r5t4y3u',
  })
  versionId!: string | null;
  @ApiProperty({
    description: 'When the simulated call took place (UTC).',
    example: '2026-11-23T15:00:00.000Z',
  })
  at!: string;
  @ApiProperty({
    type: [SimulationStepDto],
    description: 'The start of the call, then one step per event used.',
  })
  steps!: SimulationStepDto[];

  static of(flowId: string, { versionId, at, steps }: SimulationResult): FlowSimulationDto {
    return {
      object: 'flow_simulation',
      flowId,
      versionId,
      at: at.toISOString(),
      steps: steps.map((step) => ({
        ...step,
        actions: [...step.actions],
        path: [...step.path],
        ...(step.roundRobinMemory ? { roundRobinMemory: { ...step.roundRobinMemory } } : {}),
      })),
    };
  }
}
