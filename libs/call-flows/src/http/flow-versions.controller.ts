import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequireScopes } from '@switchyard/auth';
import { ApiProblems, ListQueryDto, listResponse, pageRequest } from '@switchyard/http';
import { FlowVersionService } from '../application/flow-version.service';
import { ApiSpecificProblem } from './call-flows-openapi';
import {
  FlowDto,
  FlowInvalidProblemDto,
  FlowValidationDto,
  FlowVersionDto,
  FlowVersionListDto,
  RollbackFlowDto,
} from './flow.dto';

@ApiTags('Flows')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/flows/:id')
export class FlowVersionsController {
  constructor(@Inject(FlowVersionService) private readonly versions: FlowVersionService) {}

  @Post('validate')
  @RequireScopes('flows:read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check whether the draft could be published, without publishing it' })
  @ApiOkResponse({ type: FlowValidationDto })
  @ApiProblems(404)
  async validate(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
  ): Promise<FlowValidationDto> {
    return FlowValidationDto.of(await this.versions.validateDraft(principal, id));
  }

  @Post('publish')
  @RequireScopes('flows:write')
  @ApiOperation({ summary: 'Freeze the draft into a new immutable version and make numbers run it' })
  @ApiCreatedResponse({ type: FlowVersionDto })
  @ApiProblems(404)
  @ApiSpecificProblem(
    422,
    'The draft is not a valid flow (code flow_invalid); errors name nodes and fields.',
    FlowInvalidProblemDto,
  )
  async publish(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<FlowVersionDto> {
    const version = await this.versions.publish(principal, id);
    return FlowVersionDto.of(version, version.id);
  }

  @Get('versions')
  @RequireScopes('flows:read')
  @ApiOperation({ summary: 'List the published versions of a flow' })
  @ApiOkResponse({ type: FlowVersionListDto })
  @ApiProblems(400, 404)
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Query() query: ListQueryDto,
  ) {
    const { flow, page } = await this.versions.listVersions(principal, id, pageRequest(query));
    return listResponse({
      ...page,
      items: page.items.map((version) => FlowVersionDto.of(version, flow.currentVersionId)),
    });
  }

  @Get('versions/:versionId')
  @RequireScopes('flows:read')
  @ApiOperation({ summary: 'Read a published version of a flow' })
  @ApiOkResponse({ type: FlowVersionDto })
  @ApiProblems(404)
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Param('versionId') versionId: string,
  ): Promise<FlowVersionDto> {
    const { flow, version } = await this.versions.getVersion(principal, id, versionId);
    return FlowVersionDto.of(version, flow.currentVersionId);
  }

  @Post('rollback')
  @RequireScopes('flows:write')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Make numbers run an earlier version again',
    description:
      'Points the flow back at the version: no new version is created, so a version id always names the same ' +
      'document. The draft is left as it is; the next publish takes the next version number.',
  })
  @ApiOkResponse({ type: FlowDto })
  @ApiProblems(400, 404)
  async rollback(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: RollbackFlowDto,
  ): Promise<FlowDto> {
    return FlowDto.of(await this.versions.rollback(principal, id, body.versionId));
  }
}
