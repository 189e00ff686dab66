import { describe, expect, it } from 'vitest';
import {
  encodeFrame,
  formatWireTime,
  FrameDecoder,
  FramingError,
  parseControlMessage,
} from './drachtio-wire';

describe('drachtio control-protocol framing', () => {
  it('prefixes the payload with its length in UTF-8 bytes, not characters', () => {
    const payload = 'id|sip|txn|\r\nSIP/2.0 200 OK\r\nX-Reply: ¡sí! ✓ 🎉\r\n\r\n';

    const frame = encodeFrame(payload);

    expect(frame).toBe(`${Buffer.byteLength(payload)}#${payload}`);
    expect(Buffer.byteLength(payload)).toBeGreaterThan(payload.length);
  });

  it('cuts frames packed into one read and frames split at any byte, even inside a character', () => {
    const payloads = ['a|route|invite', 'b|sip|t|\r\nMESSAGE sip:x SIP/2.0\r\n\r\nhéllo 👋', 'c|ping'];
    const stream = Buffer.from(payloads.map(encodeFrame).join(''));
    const packed = new FrameDecoder();
    const byteByByte = new FrameDecoder();

    const fromPacked = packed.push(stream);
    const fromBytes = [...stream].flatMap((byte) => byteByByte.push(Buffer.from([byte])));

    expect(fromPacked).toEqual(payloads);
    expect(fromBytes).toEqual(payloads);
  });

  it('refuses a length of more than five digits or a non-digit before #, as drachtio-server does', () => {
    expect(() => new FrameDecoder().push(Buffer.from('123456#x'))).toThrow(FramingError);
    expect(() => new FrameDecoder().push(Buffer.from('12a#x'))).toThrow(FramingError);
    expect(() => new FrameDecoder().push(Buffer.from('#x'))).toThrow(FramingError);
  });

  it('splits the leader on | and keeps the SIP message after the first CRLF', () => {
    const message = parseControlMessage(
      'm1|sip|txn1||\r\nBYE sip:placeholder SIP/2.0\r\nContent-Length: 0\r\n\r\n',
    );

    expect(message).toEqual({
      msgId: 'm1',
      kind: 'sip',
      args: ['txn1', '', ''],
      sip: 'BYE sip:placeholder SIP/2.0\r\nContent-Length: 0\r\n\r\n',
    });
    expect(parseControlMessage('m2|route|invite').sip).toBeUndefined();
  });

  it('writes times of day in UTC with microseconds', () => {
    expect(formatWireTime(Date.parse('2026-11-23T18:57:25.414Z') + 0.5)).toBe('18:57:25.414500');
  });
});
