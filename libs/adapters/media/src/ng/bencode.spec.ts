import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BencodeError, type BencodeValue, bdecode, bencode, toPlain } from './bencode';

const bencodeValue: fc.Arbitrary<BencodeValue> = fc.letrec<{ value: BencodeValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes)),
    // Every safe integer (fast-check biases towards 0 and the bounds); never -0, which bencode cannot tell from 0.
    fc.maxSafeInteger(),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 8 }), tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('bencode', () => {
  it('encodes the ng protocol shapes', () => {
    expect(bencode({ command: 'ping' }).toString()).toBe('d7:command4:pinge');
    expect(
      bencode({
        'call-id': 'c1',
        flags: ['inject DTMF'],
        duration: 100,
        on: true,
        skipped: undefined,
      }).toString(),
    ).toBe('d7:call-id2:c18:durationi100e5:flagsl11:inject DTMFe2:oni1ee');
    expect(bencode({ codec: { transcode: ['telephone-event'] } }).toString()).toBe(
      'd5:codecd9:transcodel15:telephone-eventeee',
    );
  });

  it('sorts dictionary keys by their bytes and counts string lengths in bytes', () => {
    expect(bencode({ b: 1, a: 2, é: 'ü' }).toString('utf8')).toBe('d1:ai2e1:bi1e2:é2:üe');
  });

  it('keeps binary strings byte for byte', () => {
    const binary = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x3a, 0x65]);
    const decoded = bdecode(bencode({ blob: binary })) as { blob: Buffer };
    expect(Buffer.compare(decoded.blob, binary)).toBe(0);
  });

  it('decodes an rtpengine answer and reads it as text', () => {
    const answer = bdecode(Buffer.from('d6:result2:ok3:sdp5:v=0\r\n8:durationi-5ee'));
    expect(toPlain(answer)).toEqual({ result: 'ok', sdp: 'v=0\r\n', duration: -5 });
  });

  it.each([
    ['', 'unexpected end'],
    ['i12', 'unterminated integer'],
    ['i-0e', 'invalid integer'],
    ['i03e', 'invalid integer'],
    ['5:abc', 'past the end'],
    ['d3:key', 'unexpected end'],
    ['l', 'unexpected end'],
    ['i1ei2e', 'trailing bytes'],
    ['x', 'unexpected byte'],
    ['01:a', 'invalid string length'],
  ])('refuses %j (%s)', (input, message) => {
    expect(() => bdecode(Buffer.from(input, 'latin1'))).toThrow(message);
  });

  it('refuses values with no bencode form', () => {
    expect(() => bencode(1.5)).toThrow(BencodeError);
    expect(() => bencode(undefined)).toThrow(BencodeError);
  });

  it('decodes what it encodes, for any value', () => {
    fc.assert(
      fc.property(bencodeValue, (value) => {
        expect(bdecode(bencode(value))).toEqual(value);
      }),
    );
  });

  it('re-encodes what it decodes to the same bytes', () => {
    fc.assert(
      fc.property(bencodeValue, (value) => {
        const bytes = bencode(value);
        expect(Buffer.compare(bencode(bdecode(bytes)), bytes)).toBe(0);
      }),
    );
  });

  it('fails on any garbage with a BencodeError only', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        try {
          bdecode(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(BencodeError);
        }
      }),
    );
  });
});
