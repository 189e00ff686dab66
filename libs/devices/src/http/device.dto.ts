import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Length,
  MaxLength,
} from 'class-validator';
import { ListEnvelopeDto, ListQueryDto } from '@switchyard/http';
import { type DeviceView, type DeviceWithPassword } from '../application/device.service';
import { deviceKinds, sipTransports, usernamePattern } from '../domain/device';
import { type Binding } from '../domain/registration';

export class DeviceDto {
  @ApiProperty({ description: 'Device id.', example: 'dev_01jd3v3k6m5x9q8w7e6r5t4y3u' }) id!: string;
  @ApiProperty({ enum: ['device'], description: 'Resource type.', example: 'device' }) object!: 'device';
  @ApiProperty({ description: 'The user who owns the device.', example: 'usr_01jd3v3k6m5x9q8w7e6r5t4y3u' })
  userId!: string;
  @ApiProperty({ description: 'A name to recognize the device by.', example: 'Front desk phone' })
  name!: string;
  @ApiProperty({ enum: deviceKinds, description: 'What sort of device it is.', example: 'desk_phone' })
  kind!: string;
  @ApiProperty({ description: 'SIP username (digest user and AOR user part).', example: '1001' })
  username!: string;
  @ApiProperty({
    description: 'SIP domain the device registers at; also the digest realm.',
    example: 'acme-plumbing-7e6r5t4y3u.sip.switchyard.local',
  })
  sipDomain!: string;
  @ApiProperty({
    description: 'Address of record: sip:<username>@<sipDomain>.',
    example: 'sip:1001@acme-plumbing-7e6r5t4y3u.sip.switchyard.local',
  })
  sipUri!: string;
  @ApiProperty({
    enum: sipTransports,
    isArray: true,
    description: 'Transports the device may register over.',
    example: ['udp', 'tcp', 'tls', 'wss'],
  })
  transports!: string[];
  @ApiProperty({ description: 'Disabled devices cannot register.', example: true }) enabled!: boolean;
  @ApiProperty({ description: 'Creation time (UTC).', example: '2026-11-23T10:00:00.000Z' })
  createdAt!: string;
  @ApiProperty({ description: 'Last change (UTC).', example: '2026-11-23T10:00:00.000Z' }) updatedAt!: string;

  static of({ device, sipDomain }: DeviceView): DeviceDto {
    return {
      id: device.id,
      object: 'device',
      userId: device.userId,
      name: device.name,
      kind: device.kind,
      username: device.username,
      sipDomain,
      sipUri: `sip:${device.username}@${sipDomain}`,
      transports: [...device.transports],
      enabled: device.enabled,
      createdAt: device.createdAt.toISOString(),
      updatedAt: device.updatedAt.toISOString(),
    };
  }
}

export class DeviceWithPasswordDto extends DeviceDto {
  @ApiProperty({
    description: 'The SIP password. Shown only in this response (creation or rotation); it is not stored.',
    example: 'k7QmZt4pXw9aRb2cNd8eFg3h',
  })
  password!: string;

  static withPassword(view: DeviceWithPassword): DeviceWithPasswordDto {
    return { ...DeviceDto.of(view), password: view.password };
  }
}

export class DeviceListDto extends ListEnvelopeDto {
  @ApiProperty({ type: [DeviceDto], description: 'Devices, newest first.' }) data!: DeviceDto[];
}

/** An optional, non-empty list of distinct transports. */
function TransportsInput(description: string, example: (typeof sipTransports)[number][]) {
  return applyDecorators(
    ApiPropertyOptional({ enum: sipTransports, isArray: true, description, example }),
    IsOptional(),
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(sipTransports.length),
    ArrayUnique(),
    IsIn(sipTransports, { each: true }),
  );
}

export class CreateDeviceDto {
  @ApiProperty({
    description: 'The user of the account who owns the device.',
    example: 'usr_01jd3v3k6m5x9q8w7e6r5t4y3u',
  })
  @IsString()
  @MaxLength(64)
  userId!: string;
  @ApiProperty({ description: 'A name to recognize the device by.', example: 'Front desk phone' })
  @IsString()
  @Length(1, 200)
  name!: string;
  @ApiProperty({ enum: deviceKinds, description: 'What sort of device it is.', example: 'desk_phone' })
  @IsIn(deviceKinds)
  kind!: (typeof deviceKinds)[number];
  @ApiProperty({
    description: 'SIP username, unique in the account: 3–64 of a–z, 0–9, ".", "_", "-".',
    example: '1001',
    pattern: usernamePattern.source,
  })
  @IsString()
  @MaxLength(64)
  username!: string;
  @TransportsInput('Transports the device may register over; all by default.', ['udp', 'tls'])
  transports?: (typeof sipTransports)[number][];
  @ApiPropertyOptional({ description: 'Whether the device may register; true by default.', example: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateDeviceDto {
  @ApiPropertyOptional({
    description: 'Give the device to another user of the account.',
    example: 'usr_01jd3v3k6m5x9q8w7e6r5t4y3u',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  userId?: string;
  @ApiPropertyOptional({ description: 'A name to recognize the device by.', example: 'Reception softphone' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;
  @ApiPropertyOptional({ enum: deviceKinds, description: 'What sort of device it is.', example: 'softphone' })
  @IsOptional()
  @IsIn(deviceKinds)
  kind?: (typeof deviceKinds)[number];
  @TransportsInput('Transports the device may register over.', ['tls', 'wss'])
  transports?: (typeof sipTransports)[number][];
  @ApiPropertyOptional({
    description: 'false stops the device from registering and removes its current registrations.',
    example: false,
  })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class ListDevicesQueryDto extends ListQueryDto {
  @ApiPropertyOptional({
    description: 'Only devices of this user.',
    example: 'usr_01jd3v3k6m5x9q8w7e6r5t4y3u',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  userId?: string;
  @ApiPropertyOptional({
    enum: deviceKinds,
    description: 'Only devices of this kind.',
    example: 'desk_phone',
  })
  @IsOptional()
  @IsIn(deviceKinds)
  kind?: (typeof deviceKinds)[number];
}

export class RegistrationDto {
  @ApiProperty({ enum: ['registration'], description: 'Resource type.', example: 'registration' })
  object!: 'registration';
  @ApiProperty({
    description: 'Contact URI the device is reachable at.',
    example: 'sip:1001@192.0.2.10:5062;transport=udp',
  })
  contact!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'User-Agent of the REGISTER.',
    example: 'Yealink SIP-T46U 108.86.0.20',
  })
  userAgent!: string | null;
  @ApiProperty({ description: 'When the registration expires (UTC).', example: '2026-11-23T10:10:00.000Z' })
  expiresAt!: string;
  @ApiProperty({
    description: 'When the contact was last registered (UTC).',
    example: '2026-11-23T10:00:00.000Z',
  })
  registeredAt!: string;
  @ApiProperty({ description: 'Source address of the REGISTER (received).', example: '192.0.2.10' })
  sourceAddress!: string;
  @ApiProperty({ description: 'Source port of the REGISTER (rport).', example: 5062 }) sourcePort!: number;
  @ApiProperty({ enum: sipTransports, description: 'Transport the REGISTER came over.', example: 'udp' })
  transport!: string;

  static of(binding: Binding): RegistrationDto {
    return {
      object: 'registration',
      contact: binding.contact,
      userAgent: binding.userAgent,
      expiresAt: new Date(binding.expiresAt).toISOString(),
      registeredAt: new Date(binding.registeredAt).toISOString(),
      sourceAddress: binding.sourceAddress,
      sourcePort: binding.sourcePort,
      transport: binding.transport,
    };
  }
}

export class RegistrationListDto extends ListEnvelopeDto {
  @ApiProperty({ type: [RegistrationDto], description: 'Live contacts, soonest expiry first.' })
  data!: RegistrationDto[];
}
