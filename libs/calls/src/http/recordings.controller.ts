import { Controller, Delete, Get, HttpCode, Inject, Param, Query, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequireScopes } from '@switchyard/auth';
import { ApiProblems, listResponse, pageRequest } from '@switchyard/http';
import { recordingResource } from '../application/recording-resource';
import { RecordingService } from '../application/recording.service';
import { ListRecordingsQueryDto, RecordingDto, RecordingListDto } from './recording.dto';

@ApiTags('Recordings')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/recordings')
export class RecordingsController {
  constructor(@Inject(RecordingService) private readonly recordings: RecordingService) {}

  @Get()
  @RequireScopes('calls:read')
  @ApiOperation({
    summary: 'List call recordings, newest first (agents: those of the calls they see)',
  })
  @ApiOkResponse({ type: RecordingListDto })
  @ApiProblems(400)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListRecordingsQueryDto) {
    const filter = query.callId === undefined ? {} : { callId: query.callId };
    const page = await this.recordings.list(principal, pageRequest(query), filter);
    return listResponse({ ...page, items: page.items.map(recordingResource) });
  }

  @Get(':id')
  @RequireScopes('calls:read')
  @ApiOperation({ summary: 'Read a call recording' })
  @ApiOkResponse({ type: RecordingDto })
  @ApiProblems(404)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<RecordingDto> {
    return RecordingDto.of(recordingResource(await this.recordings.get(principal, id)));
  }

  @Get(':id/audio')
  @RequireScopes('calls:read')
  @ApiOperation({ summary: 'Download the WAV of a completed recording' })
  @ApiProduces('audio/wav')
  @ApiOkResponse({ description: 'The recording as a 16-bit PCM WAV at 8 kHz.' })
  @ApiProblems(404, 409)
  async audio(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<StreamableFile> {
    const audio = await this.recordings.audio(principal, id);
    return new StreamableFile(audio, { type: 'audio/wav', disposition: `attachment; filename="${id}.wav"` });
  }

  @Delete(':id')
  @RequireScopes('calls:write')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a finished recording and its audio' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(404, 409)
  async delete(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.recordings.delete(principal, id);
  }
}
