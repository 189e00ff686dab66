import { EventEmitter } from 'node:events';
import { type CallEnding, type CallRecord } from '@switchyard/calls';
import { fixedClock } from '@switchyard/contracts';
import type Srf from 'drachtio-srf';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallSession } from './call-session';
import { dialogFarSide, type SipDialog } from './far-side';

/** A dialog as drachtio-srf keeps it: `destroy` sends a BYE; a BYE from the network emits `destroy`. */
class FakeDialog extends EventEmitter {
  connected = true;
  readonly destroy = vi.fn(() => {
    this.connected = false;
  });

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
    legEnded: (legId: string) => legEndings.push(legId),
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
    expect(legEndings).toEqual(['leg_caller', 'leg_callee']);
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
});
