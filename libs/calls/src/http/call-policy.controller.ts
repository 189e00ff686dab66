import { Body, Controller, Get, Inject, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequireScopes } from '@switchyard/auth';
import { ApiProblems } from '@switchyard/http';
import { CallPolicyService } from '../application/call-policy.service';
import { CallPolicyDto, UpdateCallPolicyDto } from './call-policy.dto';

@ApiTags('Calls')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/call-policy')
export class CallPolicyController {
  constructor(@Inject(CallPolicyService) private readonly policies: CallPolicyService) {}

  @Get()
  @RequireScopes('calls:read')
  @ApiOperation({ summary: 'Read the outbound call policy in force (the defaults until it is changed)' })
  @ApiOkResponse({ type: CallPolicyDto })
  async get(@CurrentPrincipal() principal: Principal): Promise<CallPolicyDto> {
    return CallPolicyDto.of(await this.policies.effective(principal.accountId));
  }

  @Patch()
  @RequireScopes('calls:write')
  @ApiOperation({ summary: 'Change the outbound call policy: allowed countries, blocked prefixes, limits' })
  @ApiOkResponse({ type: CallPolicyDto })
  @ApiProblems(400)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Body() body: UpdateCallPolicyDto,
  ): Promise<CallPolicyDto> {
    return CallPolicyDto.of(await this.policies.update(principal.accountId, body));
  }
}
