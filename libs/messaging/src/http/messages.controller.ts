import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { type FastifyReply } from 'fastify';
import { CurrentPrincipal, type Principal, RequireScopes } from '@switchyard/auth';
import { ApiProblems, listResponse, pageRequest } from '@switchyard/http';
import { messageResource } from '../application/message-resource';
import { MessageService } from '../application/message.service';
import { type MessageFilter } from '../infrastructure/message.repository';
import {
  ListMessagesQueryDto,
  MessageDto,
  MessageListDto,
  RescheduleMessageDto,
  SendMessageDto,
} from './message.dto';
import { messagesCsv } from './messages-csv';

function listFilter(query: ListMessagesQueryDto): MessageFilter {
  return {
    ...(query.createdAfter !== undefined && { createdAfter: new Date(query.createdAfter) }),
    ...(query.createdBefore !== undefined && { createdBefore: new Date(query.createdBefore) }),
    ...(query.number !== undefined && { number: query.number }),
    ...(query.direction !== undefined && { direction: query.direction }),
    ...(query.status !== undefined && { status: query.status }),
    ...(query.q !== undefined && { q: query.q }),
  };
}

@ApiTags('Messages')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/messages')
export class MessagesController {
  constructor(@Inject(MessageService) private readonly messages: MessageService) {}

  @Post()
  @RequireScopes('messages:send')
  @ApiOperation({
    summary: 'Send an SMS or MMS now, or schedule it with sendAt, optionally within a send window',
  })
  @ApiCreatedResponse({ type: MessageDto })
  @ApiProblems(400, 413, 415, 422)
  async send(@CurrentPrincipal() principal: Principal, @Body() body: SendMessageDto): Promise<MessageDto> {
    const message = await this.messages.send(principal, {
      from: body.from,
      to: body.to,
      ...(body.text !== undefined && { text: body.text }),
      ...(body.mediaIds !== undefined && { mediaIds: body.mediaIds }),
      ...(body.mediaUrls !== undefined && { mediaUrls: body.mediaUrls }),
      ...(body.sendAt !== undefined && { sendAt: new Date(body.sendAt) }),
      ...(body.sendWindow !== undefined && { sendWindow: body.sendWindow }),
    });
    return MessageDto.of(messageResource(message));
  }

  @Get()
  @RequireScopes('messages:read')
  @ApiOperation({
    summary:
      'List messages (agents: those of numbers shared with them); Accept: text/csv exports them all as CSV',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: MessageListDto })
  @ApiProblems(400)
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListMessagesQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (accept?.includes('text/csv')) {
      void reply
        .header('Content-Type', 'text/csv; charset=utf-8')
        .header('Content-Disposition', 'attachment; filename="messages.csv"');
      return messagesCsv(this.messages.exportAll(principal, listFilter(query)));
    }
    const page = await this.messages.list(principal, pageRequest(query), listFilter(query));
    return listResponse({ ...page, items: page.items.map(messageResource) });
  }

  @Get(':id')
  @RequireScopes('messages:read')
  @ApiOperation({ summary: 'Read a message' })
  @ApiOkResponse({ type: MessageDto })
  @ApiProblems(404)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<MessageDto> {
    return MessageDto.of(messageResource(await this.messages.get(principal, id)));
  }

  @Patch(':id')
  @RequireScopes('messages:send')
  @ApiOperation({ summary: 'Reschedule a message that is still scheduled' })
  @ApiOkResponse({ type: MessageDto })
  @ApiProblems(400, 404, 409)
  async reschedule(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: RescheduleMessageDto,
  ): Promise<MessageDto> {
    return MessageDto.of(
      messageResource(await this.messages.reschedule(principal, id, new Date(body.sendAt))),
    );
  }

  @Post(':id/cancel')
  @RequireScopes('messages:send')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a message not yet handed to the carrier (scheduled or queued)' })
  @ApiOkResponse({ type: MessageDto })
  @ApiProblems(404, 409)
  async cancel(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<MessageDto> {
    return MessageDto.of(messageResource(await this.messages.cancel(principal, id)));
  }
}
