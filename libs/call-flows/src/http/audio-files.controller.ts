import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Query,
  Req,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { type FastifyRequest } from 'fastify';
import { CurrentPrincipal, type Principal, RequireScopes } from '@switchyard/auth';
import { ApiProblems, ListQueryDto, listResponse, pageRequest } from '@switchyard/http';
import { AudioFileService } from '../application/audio-file.service';
import { AUDIO_UPLOAD_CONTENT_TYPES } from '../domain/audio-library';
import {
  AudioFileDto,
  AudioFileInUseProblemDto,
  AudioFileListDto,
  UpdateAudioFileDto,
  UploadAudioFileQueryDto,
} from './audio-file.dto';
import { ApiSpecificProblem } from './call-flows-openapi';

@ApiTags('Audio files')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/audio-files')
export class AudioFilesController {
  constructor(@Inject(AudioFileService) private readonly audioFiles: AudioFileService) {}

  @Post()
  @RequireScopes('flows:write')
  @ApiOperation({
    summary:
      'Upload audio for prompts, greetings and hold music: the raw bytes as the body, with their Content-Type ' +
      '(WAV, MP3, Ogg or FLAC; at most 20 MB); it is converted once to the WAV calls play',
  })
  @ApiConsumes(...AUDIO_UPLOAD_CONTENT_TYPES)
  @ApiCreatedResponse({ type: AudioFileDto })
  @ApiProblems(400, 413, 415, 422)
  async upload(
    @CurrentPrincipal() principal: Principal,
    @Query() query: UploadAudioFileQueryDto,
    @Headers('content-type') contentType: string | undefined,
    @Req() request: FastifyRequest,
  ): Promise<AudioFileDto> {
    // Fastify leaves the body undefined when there is none.
    const body = (request.body as AsyncIterable<Uint8Array> | undefined) ?? [];
    return AudioFileDto.of(await this.audioFiles.upload(principal, { name: query.name, contentType, body }));
  }

  @Get()
  @RequireScopes('flows:read')
  @ApiOperation({ summary: 'List the audio files of the account' })
  @ApiOkResponse({ type: AudioFileListDto })
  @ApiProblems(400)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListQueryDto) {
    const page = await this.audioFiles.list(principal, pageRequest(query));
    return listResponse({ ...page, items: page.items.map(AudioFileDto.of) });
  }

  @Get(':id')
  @RequireScopes('flows:read')
  @ApiOperation({ summary: 'Read an audio file’s description' })
  @ApiOkResponse({ type: AudioFileDto })
  @ApiProblems(404)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<AudioFileDto> {
    return AudioFileDto.of(await this.audioFiles.get(principal, id));
  }

  @Patch(':id')
  @RequireScopes('flows:write')
  @ApiOperation({ summary: 'Rename an audio file' })
  @ApiOkResponse({ type: AudioFileDto })
  @ApiProblems(400, 404)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: UpdateAudioFileDto,
  ): Promise<AudioFileDto> {
    return AudioFileDto.of(await this.audioFiles.rename(principal, id, body.name));
  }

  @Get(':id/content')
  @RequireScopes('flows:read')
  @ApiOperation({ summary: 'Download the audio as calls play it: an 8 kHz mono mu-law WAV' })
  @ApiProduces('audio/wav')
  @ApiOkResponse({ description: 'The converted WAV.' })
  @ApiProblems(404)
  async content(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<StreamableFile> {
    return new StreamableFile(await this.audioFiles.content(principal, id), { type: 'audio/wav' });
  }

  @Delete(':id')
  @RequireScopes('flows:write')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an audio file that no flow and no voicemail greeting plays' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(404)
  @ApiSpecificProblem(
    409,
    'Flows or voicemail greetings still play the file (code audio_file_in_use); they are listed.',
    AudioFileInUseProblemDto,
  )
  async delete(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.audioFiles.delete(principal, id);
  }
}
