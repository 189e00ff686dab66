import { describe, expect, it } from 'vitest';
import { MediaUrls } from './media-urls';

describe('media download URLs', () => {
  const urls = new MediaUrls({
    publicBaseUrl: 'https://api.example.test/',
    urlSecret: 'a-secret-of-at-least-32-characters!!',
  });

  it('sign a media item for one message, under the public address', () => {
    const url = new URL(urls.downloadUrl('med_1', 'msg_1'));
    expect(`${url.origin}${url.pathname}`).toBe('https://api.example.test/v1/media/med_1/content');
    expect(url.searchParams.get('message')).toBe('msg_1');
    expect(urls.verify('med_1', 'msg_1', url.searchParams.get('signature')!)).toBe(true);
  });

  it('do not open another media item, another message, or anything once the signature is touched', () => {
    const signature = new URL(urls.downloadUrl('med_1', 'msg_1')).searchParams.get('signature')!;
    expect(urls.verify('med_2', 'msg_1', signature)).toBe(false);
    expect(urls.verify('med_1', 'msg_2', signature)).toBe(false);
    expect(urls.verify('med_1', 'msg_1', signature.replace(/^./, signature[0] === 'a' ? 'b' : 'a'))).toBe(
      false,
    );
    expect(urls.verify('med_1', 'msg_1', 'not-hex')).toBe(false);
  });

  it('verify nothing when unconfigured', () => {
    const unconfigured = new MediaUrls({});
    expect(unconfigured.configured).toBe(false);
    expect(unconfigured.verify('med_1', 'msg_1', '0'.repeat(64))).toBe(false);
  });
});
