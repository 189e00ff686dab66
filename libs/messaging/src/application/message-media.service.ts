import { Inject, Injectable } from '@nestjs/common';
import { type Principal } from '@switchyard/auth';
import { CLOCK, type Clock, newId, STORAGE, type StoragePort } from '@switchyard/contracts';
import { DomainError, NotFoundError, ValidationError } from '@switchyard/errors';
import { WebhookTargetGuard } from '@switchyard/webhooks';
import {
  DEFAULT_MMS_LIMITS,
  MediaTooLargeError,
  normalizeContentType,
  UnsupportedMediaTypeError,
  validateMedia,
} from '../domain';
import { MediaDownloader } from '../infrastructure/media-downloader';
import { type MessageMediaRecord, MessageMediaRepository } from '../infrastructure/message-media.repository';
import { type NewMessage } from '../infrastructure/message.repository';
import { MediaUrls } from './media-urls';
import { asDomainError } from './messaging-errors';

/** How long after a message went out its media stays downloadable: carriers fetch it at once, or retry soon. */
export const MEDIA_DOWNLOAD_GRACE_MS = 7 * 24 * 3_600_000;

export interface MediaDownload {
  readonly contentType: string;
  readonly content: Uint8Array;
}

/** MMS media: uploads validated (type, size) and kept through the storage port, and the carriers' downloads. */
@Injectable()
export class MessageMediaService {
  constructor(
    @Inject(MessageMediaRepository) private readonly media: MessageMediaRepository,
    @Inject(STORAGE) private readonly storage: StoragePort,
    @Inject(MediaUrls) private readonly urls: MediaUrls,
    @Inject(WebhookTargetGuard) private readonly targets: WebhookTargetGuard,
    @Inject(MediaDownloader) private readonly downloader: MediaDownloader,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Stores an upload. The type is checked before a byte is read (415), and the body is read only up to the
   * per-item limit (413), so an oversized upload is never held in memory whole.
   */
  async upload(
    principal: Principal,
    contentType: string | undefined,
    body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  ): Promise<MessageMediaRecord> {
    const type = normalizeContentType(contentType ?? '');
    this.check([{ contentType: type, sizeBytes: 0 }]);
    const content = await readAtMost(body, DEFAULT_MMS_LIMITS.maxItemBytes);
    if (content.byteLength === 0) {
      throw new ValidationError([
        { field: 'content', code: 'media_empty', message: 'The upload has no content.' },
      ]);
    }
    this.check([{ contentType: type, sizeBytes: content.byteLength }]);
    return this.store(principal.accountId, type, content, null);
  }

  async get(principal: Principal, id: string): Promise<MessageMediaRecord> {
    const media = await this.media.find(principal.accountId, id);
    if (!media) throw new NotFoundError('media', id);
    return media;
  }

  /** The account's media a message is to carry, in order, checked together against the per-message limits. */
  async forMessage(accountId: string, ids: readonly string[]): Promise<MessageMediaRecord[]> {
    this.assertConfigured();
    const found = await this.media.findMany(accountId, ids);
    const foundIds = new Set(found.map((media) => media.id));
    const missing = ids.flatMap((id, index) => (foundIds.has(id) ? [] : [{ id, index }]));
    if (missing.length > 0) {
      throw new ValidationError(
        missing.map(({ id, index }) => ({
          field: `mediaIds[${index}]`,
          code: 'media_not_found',
          message: `No media with id ${id}; upload it with POST /v1/media first.`,
        })),
      );
    }
    this.check(found, 'mediaIds');
    return found;
  }

  /**
   * Fetches the media of a message given by URL, now, so that a bad URL is the sender's 422 rather than a failed
   * message later; the carrier then downloads our copy. Each URL passes the webhooks' SSRF guard and is fetched
   * from the address it checked, and no more than the per-message limits is ever read.
   */
  async fetchForMessage(accountId: string, urls: readonly string[]): Promise<MessageMediaRecord[]> {
    this.assertConfigured();
    const limits = DEFAULT_MMS_LIMITS;
    const fetched: { url: string; contentType: string; content: Uint8Array }[] = [];
    let totalBytes = 0;
    for (const [index, url] of urls.entries()) {
      const field = `mediaUrls[${index}]`;
      const { url: parsed, target } = await this.checkedTarget(url, field);
      const maxBytes = Math.min(limits.maxItemBytes, limits.maxTotalBytes - totalBytes);
      const result = await this.downloader.download({
        url: parsed,
        target,
        maxBytes,
        acceptsType: (type) => limits.allowedContentTypes.includes(normalizeContentType(type)),
      });
      if (result.kind === 'unsupported_type') {
        throw asDomainError(
          new UnsupportedMediaTypeError(normalizeContentType(result.contentType), limits.allowedContentTypes),
          field,
        );
      }
      if (result.kind === 'too_large') {
        throw asDomainError(new MediaTooLargeError(result.sizeBytes, maxBytes, index), field);
      }
      if (result.kind === 'failed') {
        throw mediaUrlError(
          'media_url_fetch_failed',
          field,
          `${url} could not be fetched: ${result.reason}.`,
        );
      }
      totalBytes += result.content.byteLength;
      fetched.push({ url, contentType: normalizeContentType(result.contentType), content: result.content });
    }
    return Promise.all(
      fetched.map((item) => this.store(accountId, item.contentType, item.content, item.url)),
    );
  }

  /** The columns of a message carrying the media: ids, types, sizes and the URLs the carrier downloads them from. */
  messageColumns(
    media: readonly MessageMediaRecord[],
    messageId: string,
  ): Pick<NewMessage, 'mediaIds' | 'mediaContentTypes' | 'mediaSizeBytes' | 'mediaUrls'> {
    return {
      mediaIds: media.map((item) => item.id),
      mediaContentTypes: media.map((item) => item.contentType),
      mediaSizeBytes: media.map((item) => item.sizeBytes),
      mediaUrls: media.map((item) => this.urls.downloadUrl(item.id, messageId)),
    };
  }

  /**
   * The bytes a carrier fetches for a message: only through a URL signed for that message, and only while the
   * message is pending or went out in the last {@link MEDIA_DOWNLOAD_GRACE_MS}. Anything else is a 404, which
   * tells a prober nothing.
   */
  async download(mediaId: string, messageId: string, signature: string): Promise<MediaDownload> {
    const notFound = new NotFoundError('media', mediaId);
    if (!this.urls.verify(mediaId, messageId, signature)) throw notFound;
    const carried = await this.media.findCarried(mediaId, messageId);
    if (!carried || !this.stillNeeded(carried.message)) throw notFound;
    const content = await this.storage.get(carried.media.storageKey);
    if (!content) throw notFound;
    return { contentType: carried.media.contentType, content };
  }

  private assertConfigured(): void {
    if (!this.urls.configured) {
      throw new DomainError(
        'unprocessable',
        'mms_not_configured',
        'MMS needs PUBLIC_API_URL and MEDIA_URL_SECRET, so that carriers can download the media.',
      );
    }
  }

  private async checkedTarget(url: string, field: string) {
    try {
      return await this.targets.resolve(url);
    } catch (error) {
      if (error instanceof DomainError) {
        const reason = 'it must be an http(s) URL whose host resolves to public addresses only';
        throw mediaUrlError(
          'media_url_not_allowed',
          field,
          `Media cannot be fetched from ${url}: ${reason}.`,
        );
      }
      throw error;
    }
  }

  private stillNeeded(message: { status: string; sentAt: Date | null }): boolean {
    if (['scheduled', 'queued', 'sending'].includes(message.status)) return true;
    return (
      message.sentAt !== null &&
      this.clock.now().getTime() - message.sentAt.getTime() <= MEDIA_DOWNLOAD_GRACE_MS
    );
  }

  private async store(
    accountId: string,
    contentType: string,
    content: Uint8Array,
    sourceUrl: string | null,
  ): Promise<MessageMediaRecord> {
    const now = this.clock.now();
    const id = newId('messageMedia', now.getTime());
    const stored = await this.storage.put(`message-media/${accountId}/${id}`, content, contentType);
    return this.media.insert({
      id,
      accountId,
      contentType,
      sizeBytes: stored.sizeBytes,
      sha256: stored.sha256,
      storageKey: stored.key,
      sourceUrl,
      createdAt: now,
    });
  }

  private check(items: readonly { contentType: string; sizeBytes: number }[], field = 'content'): void {
    try {
      validateMedia(items);
    } catch (error) {
      throw asDomainError(error, field);
    }
  }
}

function mediaUrlError(code: string, field: string, message: string): DomainError {
  return new DomainError('unprocessable', code, message, { fieldErrors: [{ field, code, message }] });
}

/** The whole body, or {@link MediaTooLargeError} as soon as it passes `limit` bytes. */
async function readAtMost(
  body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  limit: number,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > limit) throw asDomainError(new MediaTooLargeError(size, limit));
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
