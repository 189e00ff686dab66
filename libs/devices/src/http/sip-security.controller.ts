import { Controller, Delete, Get, HttpCode, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequireScopes } from '@switchyard/auth';
import { ApiProblems } from '@switchyard/http';
import { sipBanResource } from '../application/sip-ban-resource';
import { SipBanService } from '../application/sip-ban.service';
import { SipBanListDto } from './sip-ban.dto';

@ApiTags('SIP security')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/sip/security/bans')
export class SipSecurityController {
  constructor(@Inject(SipBanService) private readonly bans: SipBanService) {}

  @Get()
  @RequireScopes('devices:read')
  @ApiOperation({
    summary: "List source addresses banned after failed authentications against the account's SIP domain",
  })
  @ApiOkResponse({ type: SipBanListDto })
  async list(@CurrentPrincipal() principal: Principal): Promise<SipBanListDto> {
    const bans = await this.bans.list(principal);
    return { object: 'list', data: bans.map(sipBanResource), hasMore: false, nextCursor: null };
  }

  @Delete(':address')
  @RequireScopes('devices:write')
  @HttpCode(204)
  @ApiOperation({ summary: 'Lift the ban of a source address' })
  @ApiNoContentResponse({ description: 'Lifted; the address may register again.' })
  @ApiProblems(404)
  async lift(@CurrentPrincipal() principal: Principal, @Param('address') address: string): Promise<void> {
    await this.bans.lift(principal, address);
  }
}
