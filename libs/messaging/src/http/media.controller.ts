import {
  Controller,
  Get,
  Headers,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { CurrentPrincipal, type Principal, Public, RequireScopes } from '@switchyard/auth';
import { ApiProblems } from '@switchyard/http';
import { DEFAULT_MMS_LIMITS } from '../domain';
import { MessageMediaService } from '../application/message-media.service';
import { MediaContentQueryDto, MediaDto } from './media.dto';

@ApiTags('Messages')
@Controller('v1/media')
export class MediaController {
  constructor(@Inject(MessageMediaService) private readonly media: MessageMediaService) {}

  @Post()
  @ApiBearerAuth()
  @RequireScopes('messages:send')
  @ApiOperation({
    summary:
      'Upload a media file for MMS: the raw bytes as the body, with their Content-Type (at most 5 MB; images, ' +
      'video, audio, PDF, vCard, iCalendar)',
  })
  @ApiConsumes(...DEFAULT_MMS_LIMITS.allowedContentTypes)
  @ApiCreatedResponse({ type: MediaDto })
  @ApiProblems(401, 403, 413, 415)
  async upload(
    @CurrentPrincipal() principal: Principal,
    @Headers('content-type') contentType: string | undefined,
    @Req() request: FastifyRequest,
  ): Promise<MediaDto> {
    return MediaDto.of(
      await this.media.upload(
        principal,
        contentType,
        // Fastify leaves the body undefined when there is none.
        (request.body as AsyncIterable<Uint8Array> | undefined) ?? [],
      ),
    );
  }

  @Get(':id')
  @ApiBearerAuth()
  @RequireScopes('messages:read')
  @ApiOperation({ summary: 'Read an uploaded media file’s description' })
  @ApiOkResponse({ type: MediaDto })
  @ApiProblems(401, 403, 404)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<MediaDto> {
    return MediaDto.of(await this.media.get(principal, id));
  }

  @Get(':id/content')
  @Public()
  @ApiOperation({
    summary:
      'Download media through the signed URL a carrier was given with a message; it works while the message is ' +
      'pending and for 7 days after it went out',
  })
  @ApiProduces(...DEFAULT_MMS_LIMITS.allowedContentTypes)
  @ApiOkResponse({ description: 'The media file.' })
  @ApiProblems(400, 404)
  async content(
    @Param('id') id: string,
    @Query() query: MediaContentQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const download = await this.media.download(id, query.message, query.signature);
    void reply.header('Cache-Control', 'private, no-store');
    return new StreamableFile(download.content, { type: download.contentType });
  }
}
