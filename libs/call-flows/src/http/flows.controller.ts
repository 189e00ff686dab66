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
import { FlowService } from '../application/flow.service';
import { ApiSpecificProblem } from './call-flows-openapi';
import { CreateFlowDto, FlowDto, FlowInUseProblemDto, FlowListDto, UpdateFlowDto } from './flow.dto';

@ApiTags('Flows')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/flows')
export class FlowsController {
  constructor(@Inject(FlowService) private readonly flows: FlowService) {}

  @Get()
  @RequireScopes('flows:read')
  @ApiOperation({ summary: 'List the call flows of the account' })
  @ApiOkResponse({ type: FlowListDto })
  @ApiProblems(400)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListQueryDto) {
    const page = await this.flows.list(principal, pageRequest(query));
    return listResponse({ ...page, items: page.items.map(FlowDto.of) });
  }

  @Post()
  @RequireScopes('flows:write')
  @ApiOperation({ summary: 'Create a call flow with its first draft' })
  @ApiCreatedResponse({ type: FlowDto })
  @ApiProblems(400)
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateFlowDto): Promise<FlowDto> {
    return FlowDto.of(await this.flows.create(principal, body));
  }

  @Get(':id')
  @RequireScopes('flows:read')
  @ApiOperation({ summary: 'Read a call flow and its draft' })
  @ApiOkResponse({ type: FlowDto })
  @ApiProblems(404)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<FlowDto> {
    return FlowDto.of(await this.flows.get(principal, id));
  }

  @Patch(':id')
  @RequireScopes('flows:write')
  @ApiOperation({
    summary: 'Change the name, description or draft of a flow; published versions stay as they are',
  })
  @ApiOkResponse({ type: FlowDto })
  @ApiProblems(400, 404)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: UpdateFlowDto,
  ): Promise<FlowDto> {
    return FlowDto.of(await this.flows.update(principal, id, body));
  }

  @Delete(':id')
  @RequireScopes('flows:write')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a flow and its versions, unless numbers still use it' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(404)
  @ApiSpecificProblem(
    409,
    'Numbers still use the flow (code flow_in_use); they are listed.',
    FlowInUseProblemDto,
  )
  async delete(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.flows.delete(principal, id);
  }
}
