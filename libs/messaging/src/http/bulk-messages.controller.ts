import { Body, Controller, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequireScopes } from '@switchyard/auth';
import { ApiProblems, listResponse } from '@switchyard/http';
import { BulkSendService } from '../application/bulk-send.service';
import { messageResource } from '../application/message-resource';
import { BulkSendMessagesDto, BulkSentMessagesDto } from './bulk-messages.dto';

@ApiTags('Messages')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/messages')
export class BulkMessagesController {
  constructor(@Inject(BulkSendService) private readonly bulk: BulkSendService) {}

  @Post('bulk')
  @RequireScopes('messages:send')
  @ApiOperation({
    summary: 'Send or schedule up to 1,000 SMS at once, all or none',
    description:
      'Each message follows the rules of POST /v1/messages; any invalid one rejects the whole request. ' +
      'Accepts Idempotency-Key, so a retried request creates nothing twice.',
  })
  @ApiCreatedResponse({ type: BulkSentMessagesDto })
  @ApiProblems(400, 422)
  async send(
    @CurrentPrincipal() principal: Principal,
    @Body() body: BulkSendMessagesDto,
  ): Promise<BulkSentMessagesDto> {
    const created = await this.bulk.sendMany(
      principal,
      body.messages.map((message) => ({
        from: message.from,
        to: message.to,
        text: message.text,
        ...(message.sendAt !== undefined && { sendAt: new Date(message.sendAt) }),
      })),
    );
    return listResponse({ items: created.map(messageResource), hasMore: false });
  }
}
