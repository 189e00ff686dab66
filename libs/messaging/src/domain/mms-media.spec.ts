import { describe, expect, it } from 'vitest';
import { MediaTooLargeError, TooManyMediaItemsError, UnsupportedMediaTypeError } from './messaging.errors';
import { DEFAULT_MMS_LIMITS, type MediaLimits, normalizeContentType, validateMedia } from './mms-media';

const MB = 1024 * 1024;

describe('validateMedia', () => {
  it('accepts the usual types and returns them normalized', () => {
    expect(
      validateMedia([
        { contentType: 'Image/JPG', sizeBytes: MB },
        { contentType: 'video/mp4', sizeBytes: 2 * MB },
        { contentType: 'text/vcard; charset=utf-8', sizeBytes: 300 },
        { contentType: 'application/pdf', sizeBytes: MB },
      ]).map((item) => item.contentType),
    ).toEqual(['image/jpeg', 'video/mp4', 'text/vcard', 'application/pdf']);
    expect(validateMedia([])).toEqual([]);
  });

  it('refuses types carriers do not carry', () => {
    const items = [
      { contentType: 'image/png', sizeBytes: 10 },
      { contentType: 'application/zip', sizeBytes: 10 },
    ];
    expect(() => validateMedia(items)).toThrow(UnsupportedMediaTypeError);
    expect(() => validateMedia(items)).toThrow(
      expect.objectContaining({ code: 'unsupported_media_type', contentType: 'application/zip' }),
    );
  });

  it('refuses an item over the per-item limit, naming it', () => {
    const items = [
      { contentType: 'image/png', sizeBytes: 10 },
      { contentType: 'image/png', sizeBytes: 5 * MB + 1 },
    ];
    expect(() => validateMedia(items)).toThrow(
      expect.objectContaining({ code: 'media_too_large', itemIndex: 1, limitBytes: 5 * MB }),
    );
  });

  it('refuses items that only together exceed the total', () => {
    const items = [
      { contentType: 'image/png', sizeBytes: 3 * MB },
      { contentType: 'image/gif', sizeBytes: 2 * MB + 1 },
    ];
    expect(() => validateMedia(items)).toThrow(MediaTooLargeError);
    expect(() => validateMedia(items)).toThrow(
      expect.objectContaining({ sizeBytes: 5 * MB + 1, limitBytes: 5 * MB, itemIndex: undefined }),
    );
    expect(validateMedia([{ contentType: 'image/png', sizeBytes: 5 * MB }])).toHaveLength(1);
  });

  it('refuses too many items', () => {
    const items = Array.from({ length: 11 }, () => ({ contentType: 'image/png', sizeBytes: 1 }));
    expect(() => validateMedia(items)).toThrow(TooManyMediaItemsError);
  });

  it('checks the type before the size', () => {
    expect(() => validateMedia([{ contentType: 'application/zip', sizeBytes: 50 * MB }])).toThrow(
      UnsupportedMediaTypeError,
    );
  });

  it('takes other limits', () => {
    const limits: MediaLimits = { ...DEFAULT_MMS_LIMITS, maxItemBytes: MB, maxTotalBytes: 600 * 1024 };
    expect(() => validateMedia([{ contentType: 'image/png', sizeBytes: 700 * 1024 }], limits)).toThrow(
      expect.objectContaining({ code: 'media_too_large', itemIndex: undefined }),
    );
  });
});

describe('normalizeContentType', () => {
  it('drops parameters, lowers case and resolves aliases', () => {
    expect(
      ['IMAGE/PNG', 'image/jpg', 'audio/mp3', ' text/vcard ; charset=utf-8'].map(normalizeContentType),
    ).toEqual(['image/png', 'image/jpeg', 'audio/mpeg', 'text/vcard']);
  });
});
