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
import { VoicemailBoxService } from '../application/voicemail-box.service';
import {
  CreateVoicemailBoxDto,
  UpdateVoicemailBoxDto,
  VoicemailBoxDto,
  VoicemailBoxListDto,
} from './voicemail-box.dto';

@ApiTags('Voicemail')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/voicemail-boxes')
export class VoicemailBoxesController {
  constructor(@Inject(VoicemailBoxService) private readonly boxes: VoicemailBoxService) {}

  @Get()
  @RequireScopes('voicemail:read')
  @ApiOperation({ summary: 'List the voicemail boxes of the account, newest first' })
  @ApiOkResponse({ type: VoicemailBoxListDto })
  @ApiProblems(400)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListQueryDto) {
    const page = await this.boxes.list(principal, pageRequest(query));
    return listResponse({ ...page, items: page.items.map(VoicemailBoxDto.of) });
  }

  @Post()
  @RequireScopes('voicemail:write')
  @ApiOperation({ summary: 'Create a voicemail box that flows can send callers to' })
  @ApiCreatedResponse({ type: VoicemailBoxDto })
  @ApiProblems(400, 422)
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateVoicemailBoxDto,
  ): Promise<VoicemailBoxDto> {
    return VoicemailBoxDto.of(await this.boxes.create(principal, body));
  }

  @Get(':id')
  @RequireScopes('voicemail:read')
  @ApiOperation({ summary: 'Read a voicemail box' })
  @ApiOkResponse({ type: VoicemailBoxDto })
  @ApiProblems(404)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<VoicemailBoxDto> {
    return VoicemailBoxDto.of(await this.boxes.get(principal, id));
  }

  @Patch(':id')
  @RequireScopes('voicemail:write')
  @ApiOperation({ summary: 'Change the name, greeting or longest message of a voicemail box' })
  @ApiOkResponse({ type: VoicemailBoxDto })
  @ApiProblems(400, 404, 422)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: UpdateVoicemailBoxDto,
  ): Promise<VoicemailBoxDto> {
    return VoicemailBoxDto.of(await this.boxes.update(principal, id, body));
  }

  @Delete(':id')
  @RequireScopes('voicemail:write')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Delete a voicemail box with its messages; refused while a flow (draft or running version) uses it',
  })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(404, 409)
  async delete(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.boxes.delete(principal, id);
  }
}
