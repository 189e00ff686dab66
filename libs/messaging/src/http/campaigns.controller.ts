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
import { ApiProblems, listResponse, pageRequest } from '@switchyard/http';
import { type CampaignStep } from '../domain';
import { campaignResource } from '../application/campaign-resource';
import { type CampaignDefinitionInput, CampaignService } from '../application/campaign.service';
import {
  CampaignDto,
  CampaignListDto,
  CampaignPreviewDto,
  CampaignStatsDto,
  type CampaignStepDto,
  CreateCampaignDto,
  ListCampaignsQueryDto,
  PreviewCampaignDto,
  type SendWindowDto,
  UpdateCampaignDto,
} from './campaign.dto';
import { ValidationError } from '@switchyard/errors';

function window(dto: SendWindowDto) {
  return { startLocal: dto.start, endLocal: dto.end };
}

function step(dto: CampaignStepDto, index: number): CampaignStep {
  if ((dto.delay === undefined) === (dto.at === undefined)) {
    throw new ValidationError([
      { field: `steps.${index}`, code: 'timing_required', message: 'Give each step either delay or at.' },
    ]);
  }
  return {
    template: dto.text,
    timing: dto.at !== undefined ? { type: 'at', at: new Date(dto.at) } : { type: 'delay', ...dto.delay! },
    ...(dto.sendWindow && { sendWindow: window(dto.sendWindow) }),
  };
}

function definition(dto: UpdateCampaignDto): CampaignDefinitionInput {
  return {
    ...(dto.name !== undefined && { name: dto.name }),
    ...(dto.steps !== undefined && { steps: dto.steps.map(step) }),
    ...(dto.from !== undefined && { from: dto.from }),
    ...(dto.fromPool !== undefined && { fromPool: dto.fromPool }),
    ...(dto.audience !== undefined && { audience: dto.audience }),
    ...(dto.sendWindow !== undefined && { sendWindow: dto.sendWindow && window(dto.sendWindow) }),
    ...(dto.timeZone !== undefined && { timeZone: dto.timeZone }),
    ...(dto.stopOnReply !== undefined && { stopOnReply: dto.stopOnReply }),
  };
}

@ApiTags('Campaigns')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/campaigns')
export class CampaignsController {
  constructor(@Inject(CampaignService) private readonly campaigns: CampaignService) {}

  @Post()
  @RequireScopes('messages:send')
  @ApiOperation({ summary: 'Create a drip campaign (a draft until started)' })
  @ApiCreatedResponse({ type: CampaignDto })
  @ApiProblems(400, 422)
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateCampaignDto,
  ): Promise<CampaignDto> {
    const input = definition(body);
    const created = await this.campaigns.create(principal, {
      ...input,
      name: body.name,
      steps: input.steps!,
    });
    return CampaignDto.of(campaignResource(created));
  }

  @Get()
  @RequireScopes('messages:read')
  @ApiOperation({ summary: 'List campaigns, newest first' })
  @ApiOkResponse({ type: CampaignListDto })
  @ApiProblems(400)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListCampaignsQueryDto) {
    const page = await this.campaigns.list(principal, pageRequest(query), query.status);
    return listResponse({ ...page, items: page.items.map(campaignResource) });
  }

  @Get(':id')
  @RequireScopes('messages:read')
  @ApiOperation({ summary: 'Read a campaign' })
  @ApiOkResponse({ type: CampaignDto })
  @ApiProblems(404)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<CampaignDto> {
    return CampaignDto.of(campaignResource(await this.campaigns.get(principal, id)));
  }

  @Patch(':id')
  @RequireScopes('messages:send')
  @ApiOperation({ summary: 'Change a draft campaign; only the fields given change' })
  @ApiOkResponse({ type: CampaignDto })
  @ApiProblems(400, 404, 409, 422)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: UpdateCampaignDto,
  ): Promise<CampaignDto> {
    return CampaignDto.of(campaignResource(await this.campaigns.update(principal, id, definition(body))));
  }

  @Delete(':id')
  @RequireScopes('messages:send')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a draft campaign' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(404, 409)
  async delete(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.campaigns.delete(principal, id);
  }

  @Post(':id/start')
  @RequireScopes('messages:send')
  @HttpCode(200)
  @ApiOperation({ summary: 'Start a draft campaign: its audience is enrolled and messages scheduled' })
  @ApiOkResponse({ type: CampaignDto })
  @ApiProblems(404, 409, 422)
  async start(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<CampaignDto> {
    return CampaignDto.of(campaignResource(await this.campaigns.start(principal, id)));
  }

  @Post(':id/pause')
  @RequireScopes('messages:send')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pause a running campaign: messages not yet sent are withdrawn' })
  @ApiOkResponse({ type: CampaignDto })
  @ApiProblems(404, 409)
  async pause(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<CampaignDto> {
    return CampaignDto.of(campaignResource(await this.campaigns.pause(principal, id)));
  }

  @Post(':id/resume')
  @RequireScopes('messages:send')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a paused campaign: remaining steps are planned again from now' })
  @ApiOkResponse({ type: CampaignDto })
  @ApiProblems(404, 409)
  async resume(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<CampaignDto> {
    return CampaignDto.of(campaignResource(await this.campaigns.resume(principal, id)));
  }

  @Post(':id/cancel')
  @RequireScopes('messages:send')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a campaign: messages not yet sent are canceled, for good' })
  @ApiOkResponse({ type: CampaignDto })
  @ApiProblems(404, 409)
  async cancel(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<CampaignDto> {
    return CampaignDto.of(campaignResource(await this.campaigns.cancel(principal, id)));
  }

  @Get(':id/stats')
  @RequireScopes('messages:read')
  @ApiOperation({ summary: 'Per-step counts: scheduled, sent, delivered, failed, replied, opted out' })
  @ApiOkResponse({ type: CampaignStatsDto })
  @ApiProblems(404)
  async stats(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<CampaignStatsDto> {
    return this.campaigns.stats(principal, id);
  }

  @Post(':id/preview')
  @RequireScopes('messages:read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Render every step for a contact' })
  @ApiOkResponse({ type: CampaignPreviewDto })
  @ApiProblems(400, 404)
  async preview(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: PreviewCampaignDto,
  ): Promise<CampaignPreviewDto> {
    return this.campaigns.preview(principal, id, body.contactId);
  }
}
