import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { errorCodes, type FastifyInstance } from 'fastify';
import { AUDIO_UPLOAD_CONTENT_TYPES } from '../domain/audio-library';

export const AUDIO_UPLOAD_PATH = '/v1/audio-files';
/** The messaging context's MMS upload route, which takes audio/mpeg too: a parser for a type shadows its `*` one. */
const MMS_UPLOAD_PATH = '/v1/media';

/**
 * Audio uploads come as a raw body in their own content type, which no parser of the JSON API takes. The
 * messaging context's catch-all parser answers 415 outside its route, so the audio types get their own parser:
 * for the upload routes the body stream is handed on unread, for the upload service to read with a size limit.
 */
@Injectable()
export class AudioUploadParser implements OnModuleInit {
  constructor(@Inject(HttpAdapterHost) private readonly host: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.host.httpAdapter.getInstance<FastifyInstance>();
    fastify.addContentTypeParser(AUDIO_UPLOAD_CONTENT_TYPES, (request, payload, done) => {
      const route = request.url.split('?')[0];
      if (request.method === 'POST' && (route === AUDIO_UPLOAD_PATH || route === MMS_UPLOAD_PATH)) {
        done(null, payload);
        return;
      }
      done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(request.headers['content-type']), undefined);
    });
  }
}
