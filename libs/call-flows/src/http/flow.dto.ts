import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Length, MaxLength, ValidateIf } from 'class-validator';
import { FieldErrorDto, ListEnvelopeDto, ProblemDto } from '@switchyard/http';
import { type FlowFieldError } from '../application/call-flows.errors';
import { type FlowDocument } from '../domain/flow-model';
import { type FlowRecord, type FlowVersionRecord } from '../infrastructure/flow.repository';
import { callFlowSchemaRefs } from './call-flows-openapi';

const flowNameLength = [1, 100] as const;
const flowDescriptionMaxLength = 500;

export class FlowDto {
  @ApiProperty({ description: 'Flow id.', example: 'flow_01jd3v3k6m5x9q8w7e6r5t4y3u' }) id!: string;
  @ApiProperty({ enum: ['flow'], description: 'Resource type.', example: 'flow' }) object!: 'flow';
  @ApiProperty({ description: 'Display name.', example: 'Main line' }) name!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'What the flow is for.',
    example: 'Office hours menu, voicemail after hours',
  })
  description!: string | null;
  @ApiProperty({
    allOf: [callFlowSchemaRefs.flowDocument],
    description: 'The editable draft. It may be unfinished: it is checked when validated or published.',
  })
  draft!: Record<string, unknown>;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The published version numbers run; null until the first publish.',
    example: 'flv_01jd3v3k6m5x9q8w7e6r5t4y3u',
  })
  currentVersionId!: string | null;
  @ApiProperty({ description: 'Creation time (UTC).', example: '2026-11-23T10:00:00.000Z' })
  createdAt!: string;
  @ApiProperty({ description: 'Last change (UTC).', example: '2026-11-23T10:00:00.000Z' }) updatedAt!: string;

  static of(flow: FlowRecord): FlowDto {
    return {
      id: flow.id,
      object: 'flow',
      name: flow.name,
      description: flow.description,
      draft: { ...flow.draft },
      currentVersionId: flow.currentVersionId,
      createdAt: flow.createdAt.toISOString(),
      updatedAt: flow.updatedAt.toISOString(),
    };
  }
}

export class FlowListDto extends ListEnvelopeDto {
  @ApiProperty({ type: [FlowDto], description: 'Flows, newest first.' }) data!: FlowDto[];
}

export class CreateFlowDto {
  @ApiProperty({ description: 'Display name.', example: 'Main line' })
  @IsString()
  @Length(...flowNameLength)
  name!: string;
  @ApiPropertyOptional({ description: 'What the flow is for.', example: 'Office hours menu' })
  @IsOptional()
  @IsString()
  @MaxLength(flowDescriptionMaxLength)
  description?: string;
  @ApiProperty({
    allOf: [callFlowSchemaRefs.flowDocument],
    description: 'The first draft; it may be unfinished, up to 256 KiB of JSON.',
  })
  @IsObject()
  draft!: Record<string, unknown>;
}

export class UpdateFlowDto {
  @ApiPropertyOptional({ description: 'New display name.', example: 'Main line (winter)' })
  @IsOptional()
  @IsString()
  @Length(...flowNameLength)
  name?: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'New description; null removes it.',
    example: 'Winter hours',
  })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsString()
  @MaxLength(flowDescriptionMaxLength)
  description?: string | null;
  @ApiPropertyOptional({
    allOf: [callFlowSchemaRefs.flowDocument],
    description: 'The new draft, replacing the old one whole; published versions do not change.',
  })
  @IsOptional()
  @IsObject()
  draft?: Record<string, unknown>;
}

export class FlowVersionDto {
  @ApiProperty({ description: 'Version id; calls record it.', example: 'flv_01jd3v3k6m5x9q8w7e6r5t4y3u' })
  id!: string;
  @ApiProperty({ enum: ['flow_version'], description: 'Resource type.', example: 'flow_version' })
  object!: 'flow_version';
  @ApiProperty({ description: 'The flow.', example: 'flow_01jd3v3k6m5x9q8w7e6r5t4y3u' }) flowId!: string;
  @ApiProperty({ description: 'Counts the publishes of the flow, from 1.', example: 3 }) number!: number;
  @ApiProperty({ description: 'Whether numbers run this version now.', example: true }) current!: boolean;
  @ApiProperty({
    allOf: [callFlowSchemaRefs.flowDocument],
    description: 'The published flow; never changes.',
  })
  document!: FlowDocument;
  @ApiProperty({ description: 'When it was published (UTC).', example: '2026-11-23T10:00:00.000Z' })
  createdAt!: string;

  static of(version: FlowVersionRecord, currentVersionId: string | null): FlowVersionDto {
    return {
      id: version.id,
      object: 'flow_version',
      flowId: version.flowId,
      number: version.number,
      current: currentVersionId === version.id,
      document: version.document,
      createdAt: version.createdAt.toISOString(),
    };
  }
}

export class FlowVersionListDto extends ListEnvelopeDto {
  @ApiProperty({ type: [FlowVersionDto], description: 'Versions, newest first.' }) data!: FlowVersionDto[];
}

export class RollbackFlowDto {
  @ApiProperty({
    description: 'The earlier version to run again; no new version is created.',
    example: 'flv_01jd3v3k6m5x9q8w7e6r5t4y3u',
  })
  @IsString()
  @MaxLength(64)
  versionId!: string;
}

export class FlowFieldErrorDto extends FieldErrorDto {
  @ApiPropertyOptional({ description: 'The node the error concerns, if any.', example: 'main-menu' })
  nodeId?: string;
}

export class FlowValidationDto {
  @ApiProperty({ enum: ['flow_validation'], description: 'Resource type.', example: 'flow_validation' })
  object!: 'flow_validation';
  @ApiProperty({ description: 'Whether the draft can be published.', example: false }) valid!: boolean;
  @ApiProperty({
    type: [FlowFieldErrorDto],
    description: 'What stops the draft from being published; fields are paths into the flow resource.',
  })
  errors!: FlowFieldErrorDto[];

  static of(check: { valid: true } | { valid: false; errors: readonly FlowFieldError[] }): FlowValidationDto {
    return { object: 'flow_validation', valid: check.valid, errors: check.valid ? [] : [...check.errors] };
  }
}

export class FlowInvalidProblemDto extends ProblemDto {
  @ApiProperty({ type: [FlowFieldErrorDto], description: 'What makes the flow invalid, node by node.' })
  override errors?: FlowFieldErrorDto[];
}

export class FlowNumberDto {
  @ApiProperty({ description: 'Number id.', example: 'num_01jd3v3k6m5x9q8w7e6r5t4y3u' }) id!: string;
  @ApiProperty({ description: 'The number, E.164.', example: '+14155550123' }) phoneNumber!: string;
}

export class FlowInUseProblemDto extends ProblemDto {
  @ApiProperty({ type: [FlowNumberDto], description: 'The numbers that still use the flow.' })
  numbers!: FlowNumberDto[];
}
