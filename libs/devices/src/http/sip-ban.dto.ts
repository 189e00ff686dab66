import { ApiProperty } from '@nestjs/swagger';
import { ListEnvelopeDto } from '@switchyard/http';

export class SipBanDto {
  @ApiProperty({
    description: 'The banned source address; also the id to lift the ban with.',
    example: '203.0.113.9',
  })
  id!: string;
  @ApiProperty({ enum: ['sip_ban'], description: 'Resource type.', example: 'sip_ban' }) object!: 'sip_ban';
  @ApiProperty({
    description: 'SIP domain of the account the failed attempts were made against.',
    example: 'acme-plumbing-7e6r5t4y3u.sip.switchyard.local',
  })
  domain!: string;
  @ApiProperty({
    enum: ['authentication_failures'],
    description: 'Why the address is banned.',
    example: 'authentication_failures',
  })
  reason!: 'authentication_failures';
  @ApiProperty({ description: 'Failed authentications within the window that led to the ban.', example: 5 })
  failures!: number;
  @ApiProperty({ description: 'When the ban started (UTC).', example: '2026-11-23T10:00:00.000Z' })
  bannedAt!: string;
  @ApiProperty({ description: 'When the ban ends by itself (UTC).', example: '2026-11-23T10:10:00.000Z' })
  expiresAt!: string;
}

export class SipBanListDto extends ListEnvelopeDto {
  @ApiProperty({ type: [SipBanDto], description: 'Bans in force, soonest end first.' }) data!: SipBanDto[];
}
