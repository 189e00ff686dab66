import { type MediaAnswer, type MediaEngine, type MediaOffer } from '@switchyard/contracts';
import { describe, expect, it, vi } from 'vitest';
import { BridgeMedia } from './bridge-media';

const sdpOf = (port: number, direction: string) =>
  ['v=0', 'c=IN IP4 127.0.0.1', `m=audio ${port} RTP/AVP 0`, `a=${direction}`, ''].join('\r\n');

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
    const media = new BridgeMedia(engine as unknown as MediaEngine, 'sip-call-1', {
      tag: 'caller',
      sdp: sdpOf(4000, 'sendrecv'),
    });
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
});
