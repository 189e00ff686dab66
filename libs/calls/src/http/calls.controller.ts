import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { type FastifyReply } from 'fastify';
import { CurrentPrincipal, type Principal, RequireScopes } from '@switchyard/auth';
import { ApiProblems, listResponse, pageRequest } from '@switchyard/http';
import { type CallStatus } from '../domain';
import { callResource } from '../application/call-resource';
import { CallControlService } from '../application/call-control.service';
import { CallService } from '../application/call.service';
import { type CallFilter } from '../infrastructure/call.repository';
import { CallDto, CallListDto, ListCallsQueryDto, TransferCallDto } from './call.dto';
import { callsCsv } from './calls-csv';

function listFilter(query: ListCallsQueryDto): CallFilter {
  return {
    ...(query.createdAfter !== undefined && { createdAfter: new Date(query.createdAfter) }),
    ...(query.createdBefore !== undefined && { createdBefore: new Date(query.createdBefore) }),
    ...(query.direction !== undefined && { direction: query.direction }),
    ...(query.number !== undefined && { number: query.number }),
    ...(query.userId !== undefined && { userId: query.userId }),
    ...(query.status !== undefined && { statuses: query.status.split(',') as CallStatus[] }),
  };
}

@ApiTags('Calls')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/calls')
export class CallsController {
  constructor(
    @Inject(CallService) private readonly calls: CallService,
    @Inject(CallControlService) private readonly control: CallControlService,
  ) {}

  @Get()
  @RequireScopes('calls:read')
  @ApiOperation({
    summary:
      'List calls, newest first (agents: those of numbers shared with them and their own); Accept: text/csv exports them all as CSV',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: CallListDto })
  @ApiProblems(400)
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListCallsQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (accept?.includes('text/csv')) {
      void reply
        .header('Content-Type', 'text/csv; charset=utf-8')
        .header('Content-Disposition', 'attachment; filename="calls.csv"');
      return callsCsv(this.calls.exportAll(principal, listFilter(query)));
    }
    const page = await this.calls.list(principal, pageRequest(query), listFilter(query));
    return listResponse({ ...page, items: page.items.map(callResource) });
  }

  @Get(':id')
  @RequireScopes('calls:read')
  @ApiOperation({ summary: 'Read a call, live or finished, with its legs, timeline and durations' })
  @ApiOkResponse({ type: CallDto })
  @ApiProblems(404)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<CallDto> {
    return CallDto.of(callResource(await this.calls.get(principal, id)));
  }

  @Delete(':id')
  @RequireScopes('calls:write')
  @ApiOperation({
    summary:
      'Hang up a live call: 202 while the sip instance holding it hangs up, 200 when no instance holds it and the call was ended here',
  })
  @ApiAcceptedResponse({
    type: CallDto,
    description: 'A sip instance was asked to hang up; the call as it is now.',
  })
  @ApiOkResponse({ type: CallDto, description: 'No sip instance holds the call; it is ended.' })
  @ApiProblems(404, 409)
  async hangup(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CallDto> {
    const { call, requested } = await this.calls.hangup(principal, id);
    void reply.status(requested ? 202 : 200);
    return CallDto.of(callResource(call));
  }

  @Post(':id/transfer')
  @RequireScopes('calls:write')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Blind-transfer a live call to a number, an extension or user:<id>: 202 once the sip instance holding it took the transfer',
  })
  @ApiAcceptedResponse({
    type: CallDto,
    description: 'The sip instance is transferring the call; the call as it is now.',
  })
  @ApiProblems(400, 404, 409, 422, 503)
  async transfer(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: TransferCallDto,
  ): Promise<CallDto> {
    return CallDto.of(callResource(await this.control.transfer(principal, id, body.to)));
  }
}
