import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SilenceTracker, watchSilence } from './silence';

/** A 20 ms frame whose loudest sample is `peak`. */
const frame = (peak: number) => Int16Array.from({ length: 160 }, (_, index) => (index === 80 ? peak : 0));
/** -40 dBFS, the default threshold, is a peak of 327.68. */
const quiet = frame(320);
const loud = frame(330);

describe('SilenceTracker', () => {
  it('counts silence from the start, and again from the last frame reaching the threshold', () => {
    const tracker = new SilenceTracker({ silenceMs: 1_000 }, 0);

    expect(tracker.msUntilSilence(400)).toBe(600);
    expect(tracker.msUntilSilence(1_000)).toBe(0);
    tracker.hear(loud, 1_200);
    tracker.hear(quiet, 1_500);
    expect(tracker.msUntilSilence(2_199)).toBe(1);
    expect(tracker.msUntilSilence(2_300)).toBe(0);
  });

  it('finds sound in any 20 ms frame of a longer packet, and either sign', () => {
    const tracker = new SilenceTracker({ silenceMs: 100 }, 0);
    const packet = new Int16Array(480);
    packet[400] = -400;

    tracker.hear(packet, 50);

    expect(tracker.msUntilSilence(149)).toBe(1);
  });

  it('takes a threshold in dBFS', () => {
    const tracker = new SilenceTracker({ silenceMs: 100, thresholdDbfs: -20 }, 0);
    // -20 dBFS is a peak of 3276.8.
    tracker.hear(frame(3_276), 50);
    expect(tracker.msUntilSilence(100)).toBe(0);
    tracker.hear(frame(3_277), 150);
    expect(tracker.msUntilSilence(200)).toBe(50);
  });
});

describe('watchSilence', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A watch over a leg whose audio arrives as `arrivals` say: polled at `atMs`, the frames that came by then. */
  function watch(silenceMs: number, arrivals: Map<number, Int16Array[]> = new Map()) {
    const onSilence = vi.fn();
    const readNewAudio = vi.fn(async () => arrivals.get(Date.now()) ?? []);
    const stop = watchSilence({ silenceMs, readNewAudio, onSilence, pollMs: 250, now: () => Date.now() });
    return { onSilence, readNewAudio, stop };
  }

  it('fires once, silenceMs after the last sound it read', async () => {
    const { onSilence, readNewAudio } = watch(
      1_000,
      new Map([
        [250, [loud, loud]],
        [500, [loud, quiet]],
        [750, [quiet, quiet]],
      ]),
    );

    await vi.advanceTimersByTimeAsync(1_499);
    expect(onSilence).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(onSilence).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(onSilence).toHaveBeenCalledTimes(1);
    expect(readNewAudio).toHaveBeenCalledTimes(6);
  });

  it('takes a leg that sends nothing for silent, reading again when the silence would be complete', async () => {
    const { onSilence, readNewAudio } = watch(600);

    await vi.advanceTimersByTimeAsync(599);
    expect(onSilence).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);

    expect(onSilence).toHaveBeenCalledTimes(1);
    expect(readNewAudio).toHaveBeenCalledTimes(3);
  });

  it('takes audio that cannot be read for silence', async () => {
    const onSilence = vi.fn();
    watchSilence({
      silenceMs: 500,
      readNewAudio: () => Promise.reject(new Error('EACCES')),
      onSilence,
      pollMs: 250,
      now: () => Date.now(),
    });

    await vi.advanceTimersByTimeAsync(500);

    expect(onSilence).toHaveBeenCalledTimes(1);
  });

  it('neither reads nor fires once stopped', async () => {
    const { onSilence, readNewAudio, stop } = watch(500);
    await vi.advanceTimersByTimeAsync(250);

    stop();
    await vi.advanceTimersByTimeAsync(2_000);

    expect(readNewAudio).toHaveBeenCalledTimes(1);
    expect(onSilence).not.toHaveBeenCalled();
  });

  it('does not fire for a read that was under way when it was stopped', async () => {
    let finishRead!: (audio: Int16Array[]) => void;
    const onSilence = vi.fn();
    const stop = watchSilence({
      silenceMs: 100,
      readNewAudio: () => new Promise((resolve) => (finishRead = resolve)),
      onSilence,
      pollMs: 250,
      now: () => Date.now(),
    });
    await vi.advanceTimersByTimeAsync(250);

    stop();
    finishRead([]);
    await vi.advanceTimersByTimeAsync(1_000);

    expect(onSilence).not.toHaveBeenCalled();
  });
});
