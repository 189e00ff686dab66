import { EventEmitter } from 'node:events';
import { type CallEnding, type CallRecord } from '@switchyard/calls';
import { fixedClock } from '@switchyard/contracts';
import { createLogger } from '@switchyard/logging';
import type Srf from 'drachtio-srf';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type AttemptOutcome } from './call-attempt';
import { type AnchoredCall, CallSession } from './call-session';
import { dialogFarSide, type SipDialog } from './far-side';

/** A dialog as drachtio-srf keeps it: `destroy` sends a BYE; a BYE from the network emits `destroy`. */
class FakeDialog extends EventEmitter {
  connected = true;
  readonly sip: { readonly remoteTag: string };
  readonly destroy = vi.fn(() => {
    this.connected = false;
  });

  constructor(remoteTag = 'tag') {
    super();
    this.sip = { remoteTag };
  }

  byeFromNetwork(): void {
    this.connected = false;
    this.emit('destroy');
  }
}

function recordSpy() {
  const endings: CallEnding[] = [];
  const legEndings: string[] = [];
  const record = {
    id: 'call_1',
    ended: (ending: CallEnding) => endings.push(ending),
    legEnded: (legId: string, ending: { sipReason: string }) => legEndings.push(legId, ending.sipReason),
  } as unknown as CallRecord;
  return { record, endings, legEndings };
}

describe('CallSession', () => {
  const clock = fixedClock('2026-12-04T10:00:00.000Z');
  let caller: FakeDialog;
  let callee: FakeDialog;

  beforeEach(() => {
    vi.useFakeTimers();
    caller = new FakeDialog();
    callee = new FakeDialog();
  });
  afterEach(() => vi.useRealTimers());

  const start = (maxDurationMs = 60_000) => {
    const spy = recordSpy();
    const finished = vi.fn();
    const far = dialogFarSide('leg_callee', callee as unknown as Srf.Dialog);
    new CallSession(
      spy.record,
      'leg_caller',
      caller as unknown as SipDialog,
      far,
      clock,
      maxDurationMs,
      finished,
    );
    return { ...spy, finished };
  };

  it('hangs up both sides when the maximum duration is reached, so a lost BYE cannot keep a call open', () => {
    const { endings, legEndings, finished } = start(60_000);
    vi.advanceTimersByTime(59_999);
    expect(endings).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(caller.destroy).toHaveBeenCalledOnce();
    expect(callee.destroy).toHaveBeenCalledOnce();
    expect(endings).toEqual([expect.objectContaining({ hangupSource: 'timeout', sipStatus: 200 })]);
    expect(legEndings.filter((entry) => entry.startsWith('leg_'))).toEqual(['leg_caller', 'leg_callee']);
    expect(finished).toHaveBeenCalledOnce();
  });

  it('ends at once when the caller hung up before the session listened (BYE before the listener)', () => {
    caller.connected = false;
    const { endings, finished } = start();
    expect(endings).toEqual([expect.objectContaining({ hangupSource: 'caller' })]);
    expect(caller.destroy).not.toHaveBeenCalled();
    expect(callee.destroy).toHaveBeenCalledOnce();
    expect(finished).toHaveBeenCalledOnce();
  });

  it('ends when the far side hung up while the caller was still being answered', () => {
    const far = dialogFarSide('leg_callee', callee as unknown as Srf.Dialog);
    callee.byeFromNetwork();
    const spy = recordSpy();
    new CallSession(spy.record, 'leg_caller', caller as unknown as SipDialog, far, clock, 60_000, vi.fn());
    expect(spy.endings).toEqual([expect.objectContaining({ hangupSource: 'callee' })]);
    expect(caller.destroy).toHaveBeenCalledOnce();
    expect(callee.destroy).not.toHaveBeenCalled();
  });

  it('relays a BYE from either side once, and records the call once', () => {
    const { endings } = start();
    callee.byeFromNetwork();
    caller.byeFromNetwork();
    vi.advanceTimersByTime(120_000);
    expect(endings).toHaveLength(1);
    expect(endings[0]).toMatchObject({ hangupSource: 'callee' });
    expect(caller.destroy).toHaveBeenCalledOnce();
  });

  describe('transfers of an anchored call', () => {
    const logger = createLogger({ service: 'sip', level: 'silent' });

    /** A session whose transfers ring a target that answers or fails when the test says. */
    function anchoredStart() {
      const spy = recordSpy();
      const finished = vi.fn();
      let settle: (outcome: AttemptOutcome) => void = () => undefined;
      const ringing = { abort: vi.fn(), abandon: vi.fn() };
      const media = {
        offer: vi.fn(async () => 'engine offer'),
        join: vi.fn(),
        rejoin: vi.fn(async () => undefined),
      };
      const anchored = {
        media,
        callerTag: 'caller-tag',
        hold: { watch: vi.fn(), release: vi.fn(async () => undefined) },
        transfers: async (to: string) =>
          to === 'nobody'
            ? null
            : () => ({ ...ringing, outcome: new Promise<AttemptOutcome>((resolve) => (settle = resolve)) }),
        recording: {},
        logger,
      } as unknown as AnchoredCall;
      const session = new CallSession(
        spy.record,
        'leg_caller',
        caller as unknown as SipDialog,
        dialogFarSide('leg_callee', callee as unknown as Srf.Dialog),
        clock,
        60_000,
        finished,
        anchored,
      );
      return {
        ...spy,
        session,
        media,
        ringing,
        finished,
        settle: (outcome: AttemptOutcome) => settle(outcome),
      };
    }

    it('replaces the callee by the target that answers, and hangs up the transferor', async () => {
      const { session, settle, legEndings, endings } = anchoredStart();
      expect(await session.control({ type: 'transfer', to: '6302' })).toEqual({ ok: true });
      const second = new FakeDialog('second-tag');
      settle({
        kind: 'answered',
        caller: caller as unknown as SipDialog,
        far: dialogFarSide('leg_second', second as unknown as Srf.Dialog),
      });
      await vi.waitFor(() => expect(callee.destroy).toHaveBeenCalledOnce());
      expect(legEndings).toEqual(['leg_callee', 'Transferred']);

      second.byeFromNetwork();
      expect(endings).toEqual([expect.objectContaining({ hangupSource: 'callee' })]);
      expect(legEndings.slice(2)).toEqual(['leg_caller', 'Callee hung up', 'leg_second', 'Callee hung up']);
      expect(caller.destroy).toHaveBeenCalledOnce();
    });

    it('keeps the caller when the transferor leaves and the target answers', async () => {
      const { session, settle, endings, legEndings } = anchoredStart();
      await session.control({ type: 'transfer', to: '6302' });
      callee.byeFromNetwork();
      expect(endings).toEqual([]);
      expect(legEndings).toEqual(['leg_callee', 'Transferred']);
      settle({
        kind: 'answered',
        caller: caller as unknown as SipDialog,
        far: dialogFarSide('leg_second', new FakeDialog('second-tag') as unknown as Srf.Dialog),
      });
      await vi.waitFor(() => expect(legEndings).toHaveLength(4));
      expect(endings).toEqual([]);
      expect(caller.destroy).not.toHaveBeenCalled();
    });

    it('ends the call when the transferor left and the transfer failed', async () => {
      const { session, settle, endings, finished } = anchoredStart();
      await session.control({ type: 'transfer', to: '6302' });
      callee.byeFromNetwork();
      settle({ kind: 'failed', sipStatus: 486, sipReason: 'Busy Here', source: 'callee' });
      await vi.waitFor(() => expect(finished).toHaveBeenCalledOnce());
      expect(endings).toEqual([expect.objectContaining({ hangupSource: 'callee' })]);
      expect(caller.destroy).toHaveBeenCalledOnce();
    });

    it('reconnects the caller to the transferor when the transfer failed', async () => {
      const { session, settle, media, endings } = anchoredStart();
      await session.control({ type: 'transfer', to: '6302' });
      expect(await session.control({ type: 'transfer', to: '6303' })).toMatchObject({
        ok: false,
        code: 'transfer_in_progress',
      });
      settle({ kind: 'failed', sipStatus: 486, sipReason: 'Busy Here', source: 'callee' });
      await vi.waitFor(() => expect(media.rejoin).toHaveBeenCalledWith('caller-tag', 'tag'));
      expect(endings).toEqual([]);
      expect(callee.destroy).not.toHaveBeenCalled();
    });

    it('stops ringing the target when the call ends meanwhile', async () => {
      const { session, ringing } = anchoredStart();
      await session.control({ type: 'transfer', to: '6302' });
      caller.byeFromNetwork();
      expect(ringing.abort).toHaveBeenCalledWith('caller');
      expect(await session.control({ type: 'transfer', to: '6302' })).toMatchObject({
        code: 'call_not_answered',
      });
    });

    it('refuses a target that names nobody', async () => {
      const { session, media } = anchoredStart();
      expect(await session.control({ type: 'transfer', to: 'nobody' })).toMatchObject({
        ok: false,
        code: 'transfer_target_not_found',
      });
      expect(media.offer).not.toHaveBeenCalled();
    });
  });
});
