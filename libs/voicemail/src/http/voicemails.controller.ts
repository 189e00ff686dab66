import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Patch,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { type FastifyReply } from 'fastify';
import { CurrentPrincipal, type Principal, RequireScopes } from '@switchyard/auth';
import { ApiProblems, listResponse, pageRequest } from '@switchyard/http';
import { VoicemailService } from '../application/voicemail.service';
import { type VoicemailFilter } from '../infrastructure/voicemail.repository';
import { ListVoicemailsQueryDto, UpdateVoicemailDto, VoicemailDto, VoicemailListDto } from './voicemail.dto';

function listFilter(query: ListVoicemailsQueryDto): VoicemailFilter {
  return {
    ...(query.boxId !== undefined && { boxId: query.boxId }),
    ...(query.status !== undefined && { status: query.status }),
    ...(query.createdAfter !== undefined && { createdAfter: new Date(query.createdAfter) }),
    ...(query.createdBefore !== undefined && { createdBefore: new Date(query.createdBefore) }),
  };
}

@ApiTags('Voicemail')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/voicemails')
export class VoicemailsController {
  constructor(@Inject(VoicemailService) private readonly voicemails: VoicemailService) {}

  @Get()
  @RequireScopes('voicemail:read')
  @ApiOperation({ summary: 'List the voicemails callers left, newest first' })
  @ApiOkResponse({ type: VoicemailListDto })
  @ApiProblems(400)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListVoicemailsQueryDto) {
    const page = await this.voicemails.list(principal, pageRequest(query), listFilter(query));
    return listResponse({ ...page, items: page.items.map(VoicemailDto.of) });
  }

  @Get(':id')
  @RequireScopes('voicemail:read')
  @ApiOperation({ summary: 'Read a voicemail' })
  @ApiOkResponse({ type: VoicemailDto })
  @ApiProblems(404)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<VoicemailDto> {
    return VoicemailDto.of(await this.voicemails.get(principal, id));
  }

  @Patch(':id')
  @RequireScopes('voicemail:write')
  @ApiOperation({ summary: 'Mark a voicemail read or new' })
  @ApiOkResponse({ type: VoicemailDto })
  @ApiProblems(400, 404)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: UpdateVoicemailDto,
  ): Promise<VoicemailDto> {
    return VoicemailDto.of(await this.voicemails.setStatus(principal, id, body.status));
  }

  @Delete(':id')
  @RequireScopes('voicemail:write')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a voicemail and its audio' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(404)
  async delete(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.voicemails.delete(principal, id);
  }

  @Get(':id/audio')
  @RequireScopes('voicemail:read')
  @ApiOperation({ summary: 'Download the message as a WAV file' })
  @ApiProduces('audio/wav')
  @ApiOkResponse({ description: 'The recorded message.' })
  @ApiProblems(404)
  async audio(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const content = await this.voicemails.audio(principal, id);
    void reply.header('Cache-Control', 'private, no-store');
    return new StreamableFile(content, {
      type: 'audio/wav',
      disposition: `attachment; filename="${id}.wav"`,
      length: content.byteLength,
    });
  }
}
