import { describe, expect, it } from 'vitest';
import { answeringDirection, isHold, mediaDirection, withDirection } from './sdp-direction';

const sdp = (...extra: string[]) =>
  [
    'v=0',
    'o=- 1 1 IN IP4 127.0.0.1',
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    'm=audio 4000 RTP/AVP 0',
    ...extra,
    '',
  ].join('\r\n');

describe('SDP media direction', () => {
  it('reads the last direction attribute, sendrecv when there is none', () => {
    expect(mediaDirection(sdp('a=sendrecv'))).toBe('sendrecv');
    expect(mediaDirection(sdp())).toBe('sendrecv');
    expect(mediaDirection(sdp('a=inactive'))).toBe('inactive');
    expect(mediaDirection(sdp().replace('t=0 0', 't=0 0\r\na=sendrecv') + 'a=sendonly\r\n')).toBe('sendonly');
  });

  it('takes the RFC 2543 hold, a 0.0.0.0 connection address, for sendonly', () => {
    expect(mediaDirection(sdp('a=sendrecv').replace('c=IN IP4 127.0.0.1', 'c=IN IP4 0.0.0.0'))).toBe(
      'sendonly',
    );
  });

  it('counts sendonly and inactive offers as holds', () => {
    expect(isHold(sdp('a=sendonly'))).toBe(true);
    expect(isHold(sdp('a=inactive'))).toBe(true);
    expect(isHold(sdp('a=sendrecv'))).toBe(false);
    expect(isHold(sdp('a=recvonly'))).toBe(false);
  });

  it('answers each direction as RFC 3264 says', () => {
    expect(answeringDirection('sendonly')).toBe('recvonly');
    expect(answeringDirection('recvonly')).toBe('sendonly');
    expect(answeringDirection('inactive')).toBe('inactive');
    expect(answeringDirection('sendrecv')).toBe('sendrecv');
  });

  it('replaces every direction attribute by one at media level, keeping the line ends', () => {
    const changed = withDirection(sdp('a=rtpmap:0 PCMU/8000', 'a=sendrecv'), 'recvonly');
    expect(changed).toBe(sdp('a=rtpmap:0 PCMU/8000', 'a=recvonly'));
    expect(withDirection('v=0\nm=audio 1 RTP/AVP 0\n', 'inactive')).toBe(
      'v=0\nm=audio 1 RTP/AVP 0\na=inactive\n',
    );
  });
});
