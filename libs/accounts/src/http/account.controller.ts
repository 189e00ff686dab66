import { Body, Controller, Get, Inject, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequireScopes } from '@switchyard/auth';
import { ApiProblems } from '@switchyard/http';
import { AccountService } from '../application/account.service';
import { AccountDto, UpdateAccountDto } from './account.dto';

@ApiTags('Account')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/account')
export class AccountController {
  constructor(@Inject(AccountService) private readonly accounts: AccountService) {}

  @Get()
  @RequireScopes('account:read')
  @ApiOperation({ summary: 'Read the account of the caller' })
  @ApiOkResponse({ type: AccountDto })
  async get(@CurrentPrincipal() principal: Principal): Promise<AccountDto> {
    return AccountDto.of(await this.accounts.get(principal));
  }

  @Patch()
  @RequireScopes('account:write')
  @ApiOperation({ summary: 'Update name, country or time zone of the account' })
  @ApiOkResponse({ type: AccountDto })
  @ApiProblems(400)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Body() body: UpdateAccountDto,
  ): Promise<AccountDto> {
    return AccountDto.of(await this.accounts.update(principal, body));
  }
}
