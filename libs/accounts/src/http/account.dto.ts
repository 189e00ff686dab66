import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  MinLength,
} from 'class-validator';
import { apiScopes } from '@switchyard/auth';
import { ListEnvelopeDto, ListQueryDto } from '@switchyard/http';
import { minimumPasswordLength } from '../application/passwords';
import { type AccountRecord } from '../infrastructure/account.repository';
import { type ApiKeyRecord } from '../infrastructure/api-key.repository';
import { type UserRecord } from '../infrastructure/user.repository';

const roles = ['owner', 'admin', 'agent'] as const;

export class AccountDto {
  @ApiProperty({ description: 'Account id.', example: 'acc_01jd3v3k6m5x9q8w7e6r5t4y3u' }) id!: string;
  @ApiProperty({ enum: ['account'], description: 'Resource type.', example: 'account' }) object!: 'account';
  @ApiProperty({ description: 'Display name.', example: 'Acme Plumbing' }) name!: string;
  @ApiProperty({
    description: 'ISO 3166-1 alpha-2 home country; national numbers are read in it.',
    example: 'US',
  })
  country!: string;
  @ApiProperty({ description: 'IANA time zone of the account.', example: 'America/New_York' })
  timezone!: string;
  @ApiProperty({
    enum: ['active', 'suspended', 'closed'],
    description: 'Lifecycle state.',
    example: 'active',
  })
  status!: string;
  @ApiProperty({ description: 'Creation time (UTC).', example: '2026-11-23T10:00:00.000Z' })
  createdAt!: string;
  @ApiProperty({ description: 'Last change (UTC).', example: '2026-11-23T10:00:00.000Z' }) updatedAt!: string;

  static of(account: AccountRecord): AccountDto {
    return {
      id: account.id,
      object: 'account',
      name: account.name,
      country: account.country,
      timezone: account.timezone,
      status: account.status,
      createdAt: account.createdAt.toISOString(),
      updatedAt: account.updatedAt.toISOString(),
    };
  }
}

export class UpdateAccountDto {
  @ApiPropertyOptional({
    description: 'Display name.',
    example: 'Acme Plumbing',
    minLength: 1,
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;
  @ApiPropertyOptional({ description: 'ISO 3166-1 alpha-2 country.', example: 'US' })
  @IsOptional()
  @IsString()
  country?: string;
  @ApiPropertyOptional({ description: 'IANA time zone.', example: 'America/Chicago' })
  @IsOptional()
  @IsString()
  timezone?: string;
}

export class UserDto {
  @ApiProperty({ description: 'User id.', example: 'usr_01jd3v3k6m5x9q8w7e6r5t4y3u' }) id!: string;
  @ApiProperty({ enum: ['user'], description: 'Resource type.', example: 'user' }) object!: 'user';
  @ApiProperty({ description: 'Sign-in e-mail address.', example: 'ada@example.com' }) email!: string;
  @ApiProperty({ description: 'Full name.', example: 'Ada Lovelace' }) name!: string;
  @ApiProperty({ enum: roles, description: 'What the user may do.', example: 'agent' }) role!: string;
  @ApiProperty({
    enum: ['active', 'invited'],
    description: 'invited until the user has set a password.',
    example: 'active',
  })
  status!: string;
  @ApiProperty({ description: 'Creation time (UTC).', example: '2026-11-23T10:00:00.000Z' })
  createdAt!: string;
  @ApiProperty({ description: 'Last change (UTC).', example: '2026-11-23T10:00:00.000Z' }) updatedAt!: string;

  static of(user: UserRecord): UserDto {
    return {
      id: user.id,
      object: 'user',
      email: user.email,
      name: user.name,
      role: user.role,
      status: user.passwordHash === null ? 'invited' : 'active',
      createdAt: user.createdAt.toISOString(),
      updatedAt: user.updatedAt.toISOString(),
    };
  }
}

export class UserListDto extends ListEnvelopeDto {
  @ApiProperty({ type: [UserDto], description: 'Users, newest first.' }) data!: UserDto[];
}

export class CreateUserDto {
  @ApiProperty({
    description: 'Sign-in e-mail address, unique across the service.',
    example: 'grace@example.com',
  })
  @IsEmail()
  @MaxLength(254)
  email!: string;
  @ApiProperty({ description: 'Full name.', example: 'Grace Hopper' })
  @IsString()
  @Length(1, 200)
  name!: string;
  @ApiProperty({ enum: roles, description: 'Role of the new user.', example: 'agent' })
  @IsIn(roles)
  role!: (typeof roles)[number];
  @ApiPropertyOptional({
    description: `Initial password (at least ${minimumPasswordLength} characters). Leave out to invite the user instead.`,
    example: 'correct horse battery staple',
  })
  @IsOptional()
  @IsString()
  @MinLength(minimumPasswordLength)
  @MaxLength(200)
  password?: string;
}

export class InvitationDto {
  @ApiProperty({
    description: 'One-time invitation token; send it to the user.',
    example: 'eyJhbGciOiJIUzI1NiJ9...',
  })
  token!: string;
  @ApiProperty({ description: 'When the invitation expires (UTC).', example: '2026-11-30T10:00:00.000Z' })
  expiresAt!: string;
}

export class CreatedUserDto extends UserDto {
  @ApiPropertyOptional({
    type: InvitationDto,
    description: 'Present when the user was invited rather than given a password.',
  })
  invitation?: InvitationDto;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ description: 'Full name.', example: 'Grace Brewster Hopper' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;
  @ApiPropertyOptional({ enum: roles, description: 'New role.', example: 'admin' })
  @IsOptional()
  @IsIn(roles)
  role?: (typeof roles)[number];
}

export class ListUsersQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: roles, description: 'Only users with this role.', example: 'agent' })
  @IsOptional()
  @IsIn(roles)
  role?: (typeof roles)[number];
}

export class AcceptInvitationDto {
  @ApiProperty({ description: 'The invitation token.', example: 'eyJhbGciOiJIUzI1NiJ9...' })
  @IsString()
  @MaxLength(2000)
  token!: string;
  @ApiProperty({
    description: `The new password (at least ${minimumPasswordLength} characters).`,
    example: 'correct horse battery staple',
  })
  @IsString()
  @MinLength(minimumPasswordLength)
  @MaxLength(200)
  password!: string;
}

export class SignInDto {
  @ApiProperty({ description: 'E-mail address.', example: 'owner@demo.switchyard.dev' })
  @IsString()
  @MaxLength(254)
  email!: string;
  @ApiProperty({ description: 'Password.', example: 'correct horse battery staple' })
  @IsString()
  @MaxLength(200)
  password!: string;
}

export class SessionDto {
  @ApiProperty({ enum: ['session'], description: 'Resource type.', example: 'session' }) object!: 'session';
  @ApiProperty({
    description: 'Short-lived access token for the Authorization header.',
    example: 'eyJhbGciOiJIUzI1NiJ9...',
  })
  accessToken!: string;
  @ApiProperty({ enum: ['Bearer'], description: 'Token type.', example: 'Bearer' }) tokenType!: 'Bearer';
  @ApiProperty({ description: 'Expiry (UTC).', example: '2026-11-23T10:15:00.000Z' }) expiresAt!: string;
  @ApiProperty({ type: UserDto, description: 'The signed-in user.' }) user!: UserDto;
}

const scopeChoices = ['*', ...apiScopes];

export class ApiKeyDto {
  @ApiProperty({ description: 'Key id.', example: 'key_01jd3v3k6m5x9q8w7e6r5t4y3u' }) id!: string;
  @ApiProperty({ enum: ['api_key'], description: 'Resource type.', example: 'api_key' }) object!: 'api_key';
  @ApiProperty({ description: 'Name given at creation.', example: 'CRM integration' }) name!: string;
  @ApiProperty({ description: 'Visible start of the key, to recognize it.', example: 'sk_Ab12Cd34Ef56_…' })
  redactedKey!: string;
  @ApiProperty({
    enum: scopeChoices,
    isArray: true,
    description: 'What the key may do; * is everything.',
    example: ['users:read'],
  })
  scopes!: string[];
  @ApiProperty({ enum: ['active', 'revoked'], description: 'revoked keys are refused.', example: 'active' })
  status!: string;
  @ApiProperty({ description: 'Creation time (UTC).', example: '2026-11-23T10:00:00.000Z' })
  createdAt!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Last use, to the minute (UTC).', example: null })
  lastUsedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Revocation time (UTC).', example: null })
  revokedAt!: string | null;

  static of(key: ApiKeyRecord): ApiKeyDto {
    return {
      id: key.id,
      object: 'api_key',
      name: key.name,
      redactedKey: `sk_${key.prefix}_…`,
      scopes: [...key.scopes],
      status: key.revokedAt === null ? 'active' : 'revoked',
      createdAt: key.createdAt.toISOString(),
      lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
      revokedAt: key.revokedAt?.toISOString() ?? null,
    };
  }
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({
    description: 'The whole key. Shown only in this response; store it safely.',
    example: 'sk_Ab12Cd34Ef56_0123456789abcdefghijABCDEFGHIJ0123',
  })
  secret!: string;
}

export class ApiKeyListDto extends ListEnvelopeDto {
  @ApiProperty({ type: [ApiKeyDto], description: 'API keys, newest first.' }) data!: ApiKeyDto[];
}

export class CreateApiKeyDto {
  @ApiProperty({ description: 'A name to recognize the key by.', example: 'CRM integration' })
  @IsString()
  @Length(1, 100)
  name!: string;
  @ApiProperty({
    enum: scopeChoices,
    isArray: true,
    description: 'Scopes granted to the key.',
    example: ['users:read', 'account:read'],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(scopeChoices.length)
  @IsIn(scopeChoices, { each: true })
  scopes!: string[];
}

export class ListApiKeysQueryDto extends ListQueryDto {
  @ApiPropertyOptional({
    enum: ['active', 'revoked'],
    description: 'Only keys in this state.',
    example: 'active',
  })
  @IsOptional()
  @IsIn(['active', 'revoked'])
  status?: 'active' | 'revoked';
}
