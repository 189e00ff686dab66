import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { errorCodes, type FastifyInstance } from 'fastify';

export const MEDIA_UPLOAD_PATH = '/v1/media';

/**
 * Media uploads come as a raw body in their own content type (image/jpeg, video/mp4, ...), which no parser of the
 * JSON API takes. For POST /v1/media alone the body stream is handed on unread, so that the media service reads it
 * with a size limit; any other route keeps answering 415 to a content type it does not parse.
 */
@Injectable()
export class MediaUploadParser implements OnModuleInit {
  constructor(@Inject(HttpAdapterHost) private readonly host: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.host.httpAdapter.getInstance<FastifyInstance>();
    fastify.addContentTypeParser('*', (request, payload, done) => {
      if (request.method === 'POST' && request.url.split('?')[0] === MEDIA_UPLOAD_PATH) {
        done(null, payload);
        return;
      }
      done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(request.headers['content-type']), undefined);
    });
  }
}
