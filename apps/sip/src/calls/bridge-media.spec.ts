import { type MediaAnswer, type MediaEngine, type MediaOffer, type MediaStats } from '@switchyard/contracts';
import { type Logger } from '@switchyard/logging';
import { describe, expect, it, vi } from 'vitest';
import { BridgeMedia, callerLegOptions, measureAndDelete } from './bridge-media';

/** A party's SDP, with RFC 2833 events as phones usually offer them. */
const sdpOf = (port: number, direction: string) =>
  [
    'v=0',
    'c=IN IP4 127.0.0.1',
    `m=audio ${port} RTP/AVP 0 101`,
    'a=rtpmap:101 telephone-event/8000',
    `a=${direction}`,
    '',
  ].join('\r\n');
/** A party that sends its keys as in-band tones. */
const tonesOnlySdp = ['v=0', 'c=IN IP4 127.0.0.1', 'm=audio 4000 RTP/AVP 0', 'a=sendrecv', ''].join('\r\n');

const stats: MediaStats = {
  packets: 300,
  bytes: 51_600,
  errors: 1,
  legs: [
    { legTag: 'callee', packets: 100, bytes: 17_200, errors: 0 },
    { legTag: 'prompts', packets: 0, bytes: 0, errors: 0 },
    { legTag: 'caller', packets: 200, bytes: 34_400, errors: 1 },
  ],
  quality: [],
};

function measurements() {
  return {
    record: { mediaMeasured: vi.fn() },
    logger: { warn: vi.fn() } as unknown as Logger & { warn: ReturnType<typeof vi.fn> },
  };
}

/** An engine that answers every offer and answer with its own port, keeping the direction it was given. */
function fakeEngine() {
  const engine = {
    offer: vi.fn(async (offer: MediaOffer) => ({ sdp: offer.sdp.replace(/m=audio \d+/, 'm=audio 30000') })),
    answer: vi.fn(async (answer: MediaAnswer) => ({
      sdp: answer.sdp.replace(/m=audio \d+/, 'm=audio 30002'),
    })),
  };
  return engine;
}

describe('BridgeMedia', () => {
  async function bridged() {
    const engine = fakeEngine();
    const media = new BridgeMedia(
      engine as unknown as MediaEngine,
      'sip-call-1',
      { tag: 'caller', sdp: sdpOf(4000, 'sendrecv') },
      measurements(),
    );
    expect(await media.offer('caller')).toContain('m=audio 30000');
    expect(await media.join('caller', 'callee', sdpOf(5000, 'sendrecv'))).toContain('m=audio 30002');
    engine.offer.mockClear();
    engine.answer.mockClear();
    return { engine, media };
  }

  it('answers a hold for the other party with its own SDP, receiving only', async () => {
    const { engine, media } = await bridged();
    const answer = await media.reoffer('callee', 'caller', sdpOf(5000, 'sendonly'));

    expect(engine.offer).toHaveBeenCalledWith({
      callId: 'sip-call-1',
      fromTag: 'callee',
      sdp: sdpOf(5000, 'sendonly'),
    });
    expect(engine.answer).toHaveBeenCalledWith({
      callId: 'sip-call-1',
      fromTag: 'callee',
      toTag: 'caller',
      sdp: sdpOf(4000, 'recvonly'),
    });
    expect(answer).toBe(sdpOf(30002, 'recvonly'));
  });

  it('keeps the other party receiving under an inactive hold, and answers the holder inactive', async () => {
    const { engine, media } = await bridged();
    const answer = await media.reoffer('caller', 'callee', sdpOf(4000, 'inactive'));

    expect(engine.answer.mock.calls[0]![0].sdp).toBe(sdpOf(5000, 'recvonly'));
    expect(answer).toBe(sdpOf(30002, 'inactive'));
  });

  it('offers a new party the SDP a party gave last, and rejoins a party with its last SDP', async () => {
    const { engine, media } = await bridged();
    await media.reoffer('caller', 'callee', sdpOf(4002, 'sendrecv'));
    await media.offer('caller');
    expect(engine.offer).toHaveBeenLastCalledWith({
      callId: 'sip-call-1',
      fromTag: 'caller',
      sdp: sdpOf(4002, 'sendrecv'),
    });

    await media.rejoin('caller', 'callee');
    expect(engine.answer).toHaveBeenLastCalledWith({
      callId: 'sip-call-1',
      fromTag: 'caller',
      toTag: 'callee',
      sdp: sdpOf(5000, 'sendrecv'),
    });
  });

  it('asks the engine to detect the in-band tones of a caller without RFC 2833, on every offer of its leg', async () => {
    const engine = fakeEngine();
    const media = new BridgeMedia(
      engine as unknown as MediaEngine,
      'sip-call-1',
      { tag: 'caller', sdp: tonesOnlySdp },
      measurements(),
    );
    await media.offer('caller');
    await media.join('caller', 'callee', sdpOf(5000, 'sendrecv'));
    await media.reoffer('callee', 'caller', sdpOf(5000, 'sendonly'));

    expect(engine.offer.mock.calls.map(([offer]) => [offer.fromTag, offer.options])).toEqual([
      ['caller', { detectInbandDtmf: true }],
      ['callee', undefined],
    ]);
    expect(engine.answer.mock.calls.map(([answer]) => [answer.toTag, answer.options])).toEqual([
      ['callee', undefined],
      ['caller', { detectInbandDtmf: true }],
    ]);
  });
});

describe('callerLegOptions', () => {
  it('detects in-band DTMF only for a caller that offers no telephone-event', () => {
    expect(callerLegOptions(tonesOnlySdp)).toEqual({ detectInbandDtmf: true });
    expect(callerLegOptions(sdpOf(4000, 'sendrecv'))).toBeUndefined();
  });
});

describe('measureAndDelete', () => {
  const roleOf = (tag: string) => (tag === 'caller' ? 'caller' : tag === 'prompts' ? null : 'callee');

  it('records what the engine measured, then deletes the session', async () => {
    const sink = measurements();
    const engine = { stats: vi.fn(async () => stats), delete: vi.fn(async () => undefined) };

    await measureAndDelete(engine as unknown as MediaEngine, 'sip-call-1', roleOf, sink);

    expect(sink.record.mediaMeasured).toHaveBeenCalledWith(stats, roleOf);
    expect(engine.stats.mock.invocationCallOrder[0]).toBeLessThan(engine.delete.mock.invocationCallOrder[0]!);
    expect(engine.delete).toHaveBeenCalledWith('sip-call-1');
  });

  it('deletes the session without measurements when the engine refuses or does not answer in time', async () => {
    vi.useFakeTimers();
    try {
      for (const stats of [
        vi.fn(async () => Promise.reject(new Error('Unknown call-id'))),
        vi.fn(() => new Promise<MediaStats>(() => undefined)),
      ]) {
        const sink = measurements();
        const engine = { stats, delete: vi.fn(async () => undefined) };
        const deleting = measureAndDelete(engine as unknown as MediaEngine, 'sip-call-1', roleOf, sink);
        await vi.advanceTimersByTimeAsync(500);
        await deleting;

        expect(sink.record.mediaMeasured).not.toHaveBeenCalled();
        expect(sink.logger.warn).toHaveBeenCalledWith(expect.anything(), 'media stats not taken');
        expect(engine.delete).toHaveBeenCalledWith('sip-call-1');
      }
    } finally {
      vi.useRealTimers();
    }
  });
});
