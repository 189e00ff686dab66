import { MediaTooLargeError, TooManyMediaItemsError, UnsupportedMediaTypeError } from './messaging.errors';

export interface MediaItem {
  readonly contentType: string;
  readonly sizeBytes: number;
}

export interface MediaLimits {
  readonly allowedContentTypes: readonly string[];
  readonly maxItems: number;
  readonly maxItemBytes: number;
  readonly maxTotalBytes: number;
}

const MEGABYTE = 1024 * 1024;

/** What US and Canadian carriers deliver reliably; carriers transcode or drop anything else. */
export const DEFAULT_MMS_LIMITS: MediaLimits = {
  allowedContentTypes: [
    'image/jpeg',
    'image/png',
    'image/gif',
    'video/mp4',
    'video/3gpp',
    'audio/mpeg',
    'audio/mp4',
    'audio/amr',
    'application/pdf',
    'text/vcard',
    'text/x-vcard',
    'text/calendar',
  ],
  maxItems: 10,
  maxItemBytes: 5 * MEGABYTE,
  maxTotalBytes: 5 * MEGABYTE,
};

// Names clients often send for a standard type.
const CONTENT_TYPE_ALIASES: Readonly<Record<string, string>> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'audio/mp3': 'audio/mpeg',
};

/** The media type alone, in lower case, under its standard name: 'Image/JPG; q=1' becomes 'image/jpeg'. */
export function normalizeContentType(contentType: string): string {
  const essence = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return CONTENT_TYPE_ALIASES[essence] ?? essence;
}

/**
 * Returns the items with normalized content types, or throws: {@link TooManyMediaItemsError},
 * {@link UnsupportedMediaTypeError} (HTTP 415) or {@link MediaTooLargeError} (HTTP 413), in that order.
 */
export function validateMedia(
  items: readonly MediaItem[],
  limits: MediaLimits = DEFAULT_MMS_LIMITS,
): MediaItem[] {
  if (items.length > limits.maxItems) throw new TooManyMediaItemsError(items.length, limits.maxItems);
  const normalized = items.map((item) => ({ ...item, contentType: normalizeContentType(item.contentType) }));
  for (const item of normalized) {
    if (!limits.allowedContentTypes.includes(item.contentType)) {
      throw new UnsupportedMediaTypeError(item.contentType, limits.allowedContentTypes);
    }
  }
  normalized.forEach((item, index) => {
    if (item.sizeBytes > limits.maxItemBytes)
      throw new MediaTooLargeError(item.sizeBytes, limits.maxItemBytes, index);
  });
  const totalBytes = normalized.reduce((sum, item) => sum + item.sizeBytes, 0);
  if (totalBytes > limits.maxTotalBytes) throw new MediaTooLargeError(totalBytes, limits.maxTotalBytes);
  return normalized;
}
