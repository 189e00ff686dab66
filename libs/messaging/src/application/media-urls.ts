import { createHmac, timingSafeEqual } from 'node:crypto';
import { type MessagingMediaConfig } from '@switchyard/config';

/**
 * The URLs carriers download MMS media from: `<public base>/v1/media/<id>/content?message=<id>&signature=<hex>`,
 * an HMAC over the media and the message. Such a URL works only while its message may still need it (see
 * MessageMediaService.download), so it expires with the message rather than at a fixed time that a reschedule
 * could outlive.
 */
export class MediaUrls {
  constructor(private readonly config: MessagingMediaConfig) {}

  /** Whether MMS can be sent at all: carriers need a public address to fetch the media from. */
  get configured(): boolean {
    return this.config.publicBaseUrl !== undefined && this.config.urlSecret !== undefined;
  }

  downloadUrl(mediaId: string, messageId: string): string {
    const url = new URL(`v1/media/${encodeURIComponent(mediaId)}/content`, withSlash(this.publicBaseUrl()));
    url.searchParams.set('message', messageId);
    url.searchParams.set('signature', this.signature(mediaId, messageId));
    return url.toString();
  }

  verify(mediaId: string, messageId: string, signature: string): boolean {
    if (!this.configured || !/^[0-9a-f]{64}$/.test(signature)) return false;
    return timingSafeEqual(
      Buffer.from(signature, 'hex'),
      Buffer.from(this.signature(mediaId, messageId), 'hex'),
    );
  }

  private signature(mediaId: string, messageId: string): string {
    return createHmac('sha256', this.secret()).update(`${mediaId}.${messageId}`).digest('hex');
  }

  private publicBaseUrl(): string {
    if (this.config.publicBaseUrl === undefined) throw new Error('PUBLIC_API_URL is not configured');
    return this.config.publicBaseUrl;
  }

  private secret(): string {
    if (this.config.urlSecret === undefined) throw new Error('MEDIA_URL_SECRET is not configured');
    return this.config.urlSecret;
  }
}

function withSlash(base: string): string {
  return base.endsWith('/') ? base : `${base}/`;
}
