import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequireScopes } from '@switchyard/auth';
import { ApiProblems, ListQueryDto, listResponse, pageRequest } from '@switchyard/http';
import { RecurringMessageService } from '../application/recurring-message.service';
import {
  CreateRecurringMessageDto,
  RecurringMessageDto,
  RecurringMessageListDto,
} from './recurring-message.dto';

@ApiTags('Messages')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/recurring-messages')
export class RecurringMessagesController {
  constructor(@Inject(RecurringMessageService) private readonly recurring: RecurringMessageService) {}

  @Post()
  @RequireScopes('messages:send')
  @ApiOperation({
    summary:
      'Send a message on a schedule (RFC 5545 RRULE with an end); every occurrence is scheduled at once',
  })
  @ApiCreatedResponse({ type: RecurringMessageDto })
  @ApiProblems(400, 422)
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateRecurringMessageDto,
  ): Promise<RecurringMessageDto> {
    return RecurringMessageDto.of(
      await this.recurring.create(principal, {
        from: body.from,
        to: body.to,
        text: body.text,
        rrule: body.rrule,
        startAt: new Date(body.startAt),
        ...(body.timeZone !== undefined && { timeZone: body.timeZone }),
        ...(body.sendWindow !== undefined && { sendWindow: body.sendWindow }),
      }),
    );
  }

  @Get()
  @RequireScopes('messages:read')
  @ApiOperation({ summary: 'List recurring messages, newest first' })
  @ApiOkResponse({ type: RecurringMessageListDto })
  @ApiProblems(400)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListQueryDto) {
    const page = await this.recurring.list(principal, pageRequest(query));
    return listResponse({ ...page, items: page.items.map(RecurringMessageDto.of) });
  }

  @Get(':id')
  @RequireScopes('messages:read')
  @ApiOperation({ summary: 'Read a recurring message and where its occurrences stand' })
  @ApiOkResponse({ type: RecurringMessageDto })
  @ApiProblems(404)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<RecurringMessageDto> {
    return RecurringMessageDto.of(await this.recurring.get(principal, id));
  }

  @Post(':id/cancel')
  @RequireScopes('messages:send')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a recurring message: its occurrences not yet sent are canceled' })
  @ApiOkResponse({ type: RecurringMessageDto })
  @ApiProblems(404, 409)
  async cancel(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
  ): Promise<RecurringMessageDto> {
    return RecurringMessageDto.of(await this.recurring.cancel(principal, id));
  }
}
