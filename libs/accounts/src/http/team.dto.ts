import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, MaxLength, ValidateIf } from 'class-validator';
import { ListEnvelopeDto } from '@switchyard/http';
import { teamNameMaxLength } from '../domain/team-rules';
import { type TeamMemberRecord, type TeamRecord } from '../infrastructure/team.repository';

export class TeamDto {
  @ApiProperty({ description: 'Team id.', example: 'team_01jd3v3k6m5x9q8w7e6r5t4y3u' }) id!: string;
  @ApiProperty({ enum: ['team'], description: 'Resource type.', example: 'team' }) object!: 'team';
  @ApiProperty({ description: 'Name, unique in the account.', example: 'Support' }) name!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'What the team does.',
    example: 'First-line customer support',
  })
  description!: string | null;
  @ApiProperty({ description: 'How many users belong to the team.', example: 4 }) memberCount!: number;
  @ApiProperty({ description: 'Creation time (UTC).', example: '2026-11-23T10:00:00.000Z' })
  createdAt!: string;
  @ApiProperty({ description: 'Last change (UTC).', example: '2026-11-23T10:00:00.000Z' }) updatedAt!: string;

  static of(team: TeamRecord): TeamDto {
    return {
      id: team.id,
      object: 'team',
      name: team.name,
      description: team.description,
      memberCount: team.memberCount,
      createdAt: team.createdAt.toISOString(),
      updatedAt: team.updatedAt.toISOString(),
    };
  }
}

export class TeamListDto extends ListEnvelopeDto {
  @ApiProperty({ type: [TeamDto], description: 'Teams, newest first.' }) data!: TeamDto[];
}

export class CreateTeamDto {
  @ApiProperty({ description: 'Name, unique in the account.', example: 'Support' })
  @IsString()
  @Length(1, teamNameMaxLength)
  name!: string;
  @ApiPropertyOptional({ description: 'What the team does.', example: 'First-line customer support' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export class UpdateTeamDto {
  @ApiPropertyOptional({ description: 'New name, unique in the account.', example: 'Customer support' })
  @IsOptional()
  @IsString()
  @Length(1, teamNameMaxLength)
  name?: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'New description; null removes it.',
    example: 'Second-line support',
  })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsString()
  @MaxLength(500)
  description?: string | null;
}

export class AddTeamMemberDto {
  @ApiProperty({
    description: 'The user to add, of the same account.',
    example: 'usr_01jd3v3k6m5x9q8w7e6r5t4y3u',
  })
  @IsString()
  @MaxLength(64)
  userId!: string;
}

export class TeamMemberDto {
  @ApiProperty({
    description: 'The member’s user id; it is also the list cursor.',
    example: 'usr_01jd3v3k6m5x9q8w7e6r5t4y3u',
  })
  id!: string;
  @ApiProperty({ enum: ['team_member'], description: 'Resource type.', example: 'team_member' })
  object!: 'team_member';
  @ApiProperty({ description: 'The team.', example: 'team_01jd3v3k6m5x9q8w7e6r5t4y3u' }) teamId!: string;
  @ApiProperty({ description: 'The user.', example: 'usr_01jd3v3k6m5x9q8w7e6r5t4y3u' }) userId!: string;
  @ApiProperty({ description: 'The user’s full name.', example: 'Ada Lovelace' }) name!: string;
  @ApiProperty({ description: 'The user’s e-mail address.', example: 'ada@example.com' }) email!: string;
  @ApiProperty({ enum: ['owner', 'admin', 'agent'], description: 'The user’s role.', example: 'agent' })
  role!: string;
  @ApiProperty({ description: 'When the user joined the team (UTC).', example: '2026-11-23T10:00:00.000Z' })
  createdAt!: string;

  static of(member: TeamMemberRecord): TeamMemberDto {
    return {
      id: member.userId,
      object: 'team_member',
      teamId: member.teamId,
      userId: member.userId,
      name: member.user.name,
      email: member.user.email,
      role: member.user.role,
      createdAt: member.createdAt.toISOString(),
    };
  }
}

export class TeamMemberListDto extends ListEnvelopeDto {
  @ApiProperty({ type: [TeamMemberDto], description: 'Members, by user id.' }) data!: TeamMemberDto[];
}
