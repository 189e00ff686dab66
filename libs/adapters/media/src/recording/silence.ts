import { type SilenceWatchOptions } from '@switchyard/contracts';
import { recordingSampleRate } from './capture-to-wav';

/** About the level `trimTrailingSilence` keeps, so what ends a message live and what trimming keeps agree. */
const defaultSilenceThresholdDbfs = -40;
const fullScale = 32_768;
const samplesPerFrame = recordingSampleRate / 50;

/**
 * How long a leg has been quiet, on the watcher's clock: a 20 ms frame whose loudest sample reaches the threshold
 * is sound, and the silence is the time since sound was last heard (or since watching began). Audio that never
 * arrives counts as silence, so a phone that stops sending (DTX/VAD) goes quiet as well.
 */
export class SilenceTracker {
  private readonly threshold: number;
  private lastSoundAt: number;

  constructor(
    private readonly options: SilenceWatchOptions,
    startedAt: number,
  ) {
    this.threshold = fullScale * 10 ** ((options.thresholdDbfs ?? defaultSilenceThresholdDbfs) / 20);
    this.lastSoundAt = startedAt;
  }

  /** Samples of the leg that reached the watcher at `now`. */
  hear(samples: Int16Array, now: number): void {
    for (let start = 0; start < samples.length; start += samplesPerFrame) {
      const frame = samples.subarray(start, start + samplesPerFrame);
      if (frame.some((sample) => Math.abs(sample) >= this.threshold)) {
        this.lastSoundAt = now;
        return;
      }
    }
  }

  /** How much longer the leg must stay quiet, 0 once it has been quiet for `silenceMs`. */
  msUntilSilence(now: number): number {
    return Math.max(0, this.lastSoundAt + this.options.silenceMs - now);
  }
}

export interface LiveSilenceWatch extends SilenceWatchOptions {
  /** The leg's audio that arrived since the previous call; a failure counts as nothing heard. */
  readonly readNewAudio: () => Promise<readonly Int16Array[]>;
  readonly onSilence: () => void;
  readonly pollMs: number;
  readonly now: () => number;
}

/**
 * Reads the leg's new audio every `pollMs` (sooner when the silence would be complete sooner) and calls `onSilence`
 * once the tracker finds `silenceMs` of silence; then, or when the returned function is called, it stops. Reads
 * never overlap: the next one is planned when the previous one is done.
 */
export function watchSilence(options: LiveSilenceWatch): () => void {
  const tracker = new SilenceTracker(options, options.now());
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const poll = async (): Promise<void> => {
    // A capture that cannot be read tells of no sound: the watch then ends in silence, not never.
    const arrived = await options.readNewAudio().catch(() => []);
    if (stopped) return;
    for (const samples of arrived) tracker.hear(samples, options.now());
    const remainingMs = tracker.msUntilSilence(options.now());
    if (remainingMs === 0) {
      stopped = true;
      options.onSilence();
      return;
    }
    timer = setTimeout(() => void poll(), Math.min(options.pollMs, remainingMs));
  };
  timer = setTimeout(() => void poll(), options.pollMs);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
