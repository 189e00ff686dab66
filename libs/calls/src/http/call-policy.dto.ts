import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, MaxLength } from 'class-validator';
import { type EffectiveCallPolicy } from '../application/call-policy.service';

export class CallPolicyDto {
  @ApiProperty({ enum: ['call_policy'], description: 'Always "call_policy".', example: 'call_policy' })
  object!: 'call_policy';
  @ApiProperty({
    type: [String],
    description: 'ISO 3166-1 alpha-2 codes of the countries outbound calls may reach.',
    example: ['US', 'CA'],
  })
  allowedCountries!: string[];
  @ApiProperty({
    type: [String],
    description: 'E.164 prefixes refused even inside allowed countries (premium-rate, high-risk ranges).',
    example: ['+1900', '+1976'],
  })
  blockedPrefixes!: string[];
  @ApiProperty({ description: 'Live outbound calls the account may have at once.', example: 10 })
  maxConcurrentCalls!: number;
  @ApiProperty({ description: 'Longest call, in seconds; longer ones are hung up.', example: 14_400 })
  maxCallDurationSeconds!: number;
  @ApiProperty({ description: 'Outbound calls the account may start per second.', example: 5 })
  callsPerSecond!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'When the account last changed its policy; null while the defaults apply.',
    example: null,
  })
  updatedAt!: string | null;

  static of({ policy, updatedAt }: EffectiveCallPolicy): CallPolicyDto {
    return {
      object: 'call_policy',
      allowedCountries: [...policy.allowedCountries],
      blockedPrefixes: [...policy.blockedPrefixes],
      maxConcurrentCalls: policy.maxConcurrentCalls,
      maxCallDurationSeconds: policy.maxCallDurationSeconds,
      callsPerSecond: policy.callsPerSecond,
      updatedAt: updatedAt?.toISOString() ?? null,
    };
  }
}

/** Fields present change; the rules (known countries, E.164 prefixes, limit ranges) are the policy's own. */
export class UpdateCallPolicyDto {
  @ApiPropertyOptional({
    type: [String],
    description: 'ISO 3166-1 alpha-2 country codes (any case) outbound calls may reach.',
    example: ['US', 'CA'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(250)
  @IsString({ each: true })
  @MaxLength(8, { each: true })
  allowedCountries?: string[];
  @ApiPropertyOptional({
    type: [String],
    description: 'E.164 prefixes to refuse, each "+" and up to 15 digits; replaces the whole list.',
    example: ['+1900', '+1976', '+881'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1_000)
  @IsString({ each: true })
  @MaxLength(16, { each: true })
  blockedPrefixes?: string[];
  @ApiPropertyOptional({ description: 'Live outbound calls at once, 1–10000.', example: 10 })
  @IsOptional()
  @IsInt()
  maxConcurrentCalls?: number;
  @ApiPropertyOptional({ description: 'Longest call in seconds, 60–86400.', example: 3_600 })
  @IsOptional()
  @IsInt()
  maxCallDurationSeconds?: number;
  @ApiPropertyOptional({ description: 'Outbound calls started per second, 1–1000.', example: 5 })
  @IsOptional()
  @IsInt()
  callsPerSecond?: number;
}
