import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequireScopes } from '@switchyard/auth';
import { ApiProblems, ListQueryDto, listResponse, pageRequest } from '@switchyard/http';
import { conversationCursor } from '../application/conversation-cursor';
import { ConversationService } from '../application/conversation.service';
import { messageResource } from '../application/message-resource';
import { ConversationDto, ConversationListDto } from './conversation.dto';
import { MessageListDto } from './message.dto';

@ApiTags('Conversations')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/conversations')
export class ConversationsController {
  constructor(@Inject(ConversationService) private readonly conversations: ConversationService) {}

  @Get()
  @RequireScopes('messages:read')
  @ApiOperation({
    summary:
      'List conversations by last activity, newest first, with their last message and unread count; ' +
      'page with the nextCursor of the previous page',
  })
  @ApiOkResponse({ type: ConversationListDto })
  @ApiProblems(400)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListQueryDto) {
    const page = await this.conversations.list(principal, pageRequest(query));
    const last = page.items.at(-1);
    return {
      ...listResponse({ ...page, items: page.items.map(ConversationDto.of) }),
      nextCursor: page.hasMore && last ? conversationCursor(last) : null,
    };
  }

  @Get(':id/messages')
  @RequireScopes('messages:read')
  @ApiOperation({ summary: 'List the messages of a conversation, newest first' })
  @ApiOkResponse({ type: MessageListDto })
  @ApiProblems(400, 404)
  async messages(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Query() query: ListQueryDto,
  ) {
    const page = await this.conversations.messagesOf(principal, id, pageRequest(query));
    return listResponse({ ...page, items: page.items.map(messageResource) });
  }

  @Post(':id/read')
  @RequireScopes('messages:read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark a conversation read' })
  @ApiOkResponse({ type: ConversationDto })
  @ApiProblems(404)
  async read(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ConversationDto> {
    return ConversationDto.of(await this.conversations.markRead(principal, id));
  }

  @Post(':id/mute')
  @RequireScopes('messages:read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mute a conversation' })
  @ApiOkResponse({ type: ConversationDto })
  @ApiProblems(404)
  async mute(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ConversationDto> {
    return ConversationDto.of(await this.conversations.setMuted(principal, id, true));
  }

  @Post(':id/unmute')
  @RequireScopes('messages:read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Unmute a conversation' })
  @ApiOkResponse({ type: ConversationDto })
  @ApiProblems(404)
  async unmute(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ConversationDto> {
    return ConversationDto.of(await this.conversations.setMuted(principal, id, false));
  }
}
