import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callStatuses, type CallStatus, isLive, type StatusChange } from './call-status';
import { advanceTimeline, callDurations, canAdvance } from './call-timeline';

const start = new Date('2026-03-01T12:00:00.000Z');
const at = (milliseconds: number): Date => new Date(start.getTime() + milliseconds);
const change = (status: CallStatus, milliseconds = 0): StatusChange => ({ status, at: at(milliseconds) });

const finals: CallStatus[] = ['completed', 'busy', 'no_answer', 'failed', 'canceled'];
const allowed: Record<CallStatus, readonly CallStatus[]> = {
  initiated: ['ringing', 'answered', ...finals],
  ringing: ['answered', 'busy', 'no_answer', 'failed', 'canceled'],
  answered: ['completed'],
  completed: [],
  busy: [],
  no_answer: [],
  failed: [],
  canceled: [],
};
const pairs = callStatuses.flatMap((from) =>
  callStatuses.map((to) => ({ from, to, ok: allowed[from].includes(to) })),
);

describe('canAdvance', () => {
  it.each(pairs)('$from -> $to: $ok', ({ from, to, ok }) => {
    expect(canAdvance(from, to)).toBe(ok);
  });
});

describe('advanceTimeline', () => {
  it('records a ringing, answered, completed call', () => {
    let timeline: StatusChange[] | null = [change('initiated')];
    for (const [status, ms] of [
      ['ringing', 100],
      ['answered', 3_000],
      ['completed', 65_000],
    ] as const) {
      timeline = advanceTimeline(timeline!, change(status, ms));
    }
    expect(timeline).toEqual([
      change('initiated'),
      change('ringing', 100),
      change('answered', 3_000),
      change('completed', 65_000),
    ]);
  });

  it('opens only with initiated', () => {
    expect(advanceTimeline([], change('initiated'))).toEqual([change('initiated')]);
    expect(advanceTimeline([], change('ringing'))).toBeNull();
  });

  it.each(pairs)('after $from, $to is taken: $ok', ({ from, to, ok }) => {
    const timeline = [change(from)];
    expect(advanceTimeline(timeline, change(to, 1_000))).toEqual(
      ok ? [change(from), change(to, 1_000)] : null,
    );
  });

  it('ignores a duplicate', () => {
    expect(advanceTimeline([change('initiated'), change('ringing', 10)], change('ringing', 20))).toBeNull();
  });

  it('keeps a change stamped before the last entry at that entry time', () => {
    expect(
      advanceTimeline([change('initiated'), change('answered', 5_000)], change('completed', 4_990)),
    ).toEqual([change('initiated'), change('answered', 5_000), change('completed', 5_000)]);
  });

  it('never moves past a final status, and keeps statuses in order and times ascending', () => {
    const arbitraryChange = fc.record({
      status: fc.constantFrom(...callStatuses),
      at: fc.integer({ min: 0, max: 3_600_000 }).map(at),
    });
    fc.assert(
      fc.property(fc.array(arbitraryChange, { maxLength: 30 }), (changes) => {
        let timeline: StatusChange[] = [change('initiated')];
        for (const next of changes) {
          const advanced = advanceTimeline(timeline, next);
          if (!isLive(timeline.at(-1)!.status)) expect(advanced).toBeNull();
          if (advanced) timeline = advanced;
        }
        timeline.forEach((entry, index) => {
          if (index === 0) return;
          const previous = timeline[index - 1]!;
          expect(isLive(previous.status)).toBe(true);
          expect(canAdvance(previous.status, entry.status)).toBe(true);
          expect(entry.at.getTime()).toBeGreaterThanOrEqual(previous.at.getTime());
        });
      }),
    );
  });
});

describe('callDurations', () => {
  it('is unknown while the call is live', () => {
    expect(callDurations({ startedAt: start, answeredAt: at(2_000), endedAt: null })).toEqual({
      totalSeconds: null,
      billableSeconds: null,
    });
  });

  it('rounds both durations up to whole seconds', () => {
    expect(callDurations({ startedAt: start, answeredAt: at(2_500), endedAt: at(62_501) })).toEqual({
      totalSeconds: 63,
      billableSeconds: 61,
    });
    expect(callDurations({ startedAt: start, answeredAt: at(1_000), endedAt: at(1_001) })).toEqual({
      totalSeconds: 2,
      billableSeconds: 1,
    });
  });

  it('bills nothing for an unanswered call', () => {
    expect(callDurations({ startedAt: start, answeredAt: null, endedAt: at(30_000) })).toEqual({
      totalSeconds: 30,
      billableSeconds: 0,
    });
  });

  it('never returns negative durations when clocks disagree', () => {
    expect(callDurations({ startedAt: start, answeredAt: at(1_000), endedAt: at(500) })).toEqual({
      totalSeconds: 1,
      billableSeconds: 0,
    });
  });
});
