import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequireScopes } from '@switchyard/auth';
import { ApiProblems, ListQueryDto, listResponse, pageRequest } from '@switchyard/http';
import { CallQueueService } from '../application/call-queue.service';
import {
  CallQueueDto,
  CallQueueInUseProblemDto,
  CallQueueListDto,
  CreateCallQueueDto,
  UpdateCallQueueDto,
} from './call-queue.dto';
import { ApiSpecificProblem } from './call-flows-openapi';

@ApiTags('Call queues')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/call-queues')
export class CallQueuesController {
  constructor(@Inject(CallQueueService) private readonly queues: CallQueueService) {}

  @Get()
  @RequireScopes('flows:read')
  @ApiOperation({ summary: 'List the call queues of the account' })
  @ApiOkResponse({ type: CallQueueListDto })
  @ApiProblems(400)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListQueryDto) {
    const page = await this.queues.list(principal, pageRequest(query));
    return listResponse({ ...page, items: page.items.map(CallQueueDto.of) });
  }

  @Post()
  @RequireScopes('flows:write')
  @ApiOperation({ summary: 'Create a call queue that queue nodes send callers to by name' })
  @ApiCreatedResponse({ type: CallQueueDto })
  @ApiProblems(400, 409, 422)
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateCallQueueDto,
  ): Promise<CallQueueDto> {
    return CallQueueDto.of(await this.queues.create(principal, body));
  }

  @Get(':id')
  @RequireScopes('flows:read')
  @ApiOperation({ summary: 'Read a call queue' })
  @ApiOkResponse({ type: CallQueueDto })
  @ApiProblems(404)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<CallQueueDto> {
    return CallQueueDto.of(await this.queues.get(principal, id));
  }

  @Patch(':id')
  @RequireScopes('flows:write')
  @ApiOperation({
    summary:
      'Change the targets, strategy, ring timeout or name of a queue; a queue flows use keeps its name',
  })
  @ApiOkResponse({ type: CallQueueDto })
  @ApiProblems(400, 404, 409, 422)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: UpdateCallQueueDto,
  ): Promise<CallQueueDto> {
    return CallQueueDto.of(await this.queues.update(principal, id, body));
  }

  @Delete(':id')
  @RequireScopes('flows:write')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a call queue that no flow sends callers to' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(404)
  @ApiSpecificProblem(
    409,
    'Flows still send callers to the queue (code call_queue_in_use); they are listed.',
    CallQueueInUseProblemDto,
  )
  async delete(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.queues.delete(principal, id);
  }
}
