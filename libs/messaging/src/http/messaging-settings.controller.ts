import { Body, Controller, Get, Inject, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequireScopes } from '@switchyard/auth';
import { ApiProblems } from '@switchyard/http';
import { MessagingSettingsService } from '../application/messaging-settings.service';
import { MessagingSettingsDto, UpdateMessagingSettingsDto } from './messaging-settings.dto';

@ApiTags('Messaging settings')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/messaging-settings')
export class MessagingSettingsController {
  constructor(@Inject(MessagingSettingsService) private readonly settings: MessagingSettingsService) {}

  @Get()
  @RequireScopes('messages:read')
  @ApiOperation({ summary: 'Read the account’s HELP text and opt-out/opt-in confirmations' })
  @ApiOkResponse({ type: MessagingSettingsDto })
  async get(@CurrentPrincipal() principal: Principal): Promise<MessagingSettingsDto> {
    return MessagingSettingsDto.of(await this.settings.get(principal));
  }

  @Patch()
  @RequireScopes('account:write')
  @ApiOperation({ summary: 'Change the account’s HELP text or keyword confirmations' })
  @ApiOkResponse({ type: MessagingSettingsDto })
  @ApiProblems(400)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Body() body: UpdateMessagingSettingsDto,
  ): Promise<MessagingSettingsDto> {
    return MessagingSettingsDto.of(await this.settings.update(principal, body));
  }
}
