import { writeFile } from 'node:fs/promises';
import { type CommandOutput, type CommandRunner } from './command-runner';

/** A 16-bit 8 kHz mono WAV of silence, with optional chunks (e.g. `LIST`) between `fmt ` and `data`. */
export function silentTelephonyWav(durationMs: number, chunksBeforeData: readonly Buffer[] = []): Buffer {
  const fmt = Buffer.alloc(24);
  fmt.write('fmt ', 0, 'latin1');
  fmt.writeUInt32LE(16, 4);
  fmt.writeUInt16LE(1, 8);
  fmt.writeUInt16LE(1, 10);
  fmt.writeUInt32LE(8000, 12);
  fmt.writeUInt32LE(16_000, 16);
  fmt.writeUInt16LE(2, 20);
  fmt.writeUInt16LE(16, 22);
  const samples = Buffer.alloc(durationMs * 16);
  const dataHeader = Buffer.alloc(8);
  dataHeader.write('data', 0, 'latin1');
  dataHeader.writeUInt32LE(samples.length, 4);
  const body = Buffer.concat([Buffer.from('WAVE', 'latin1'), fmt, ...chunksBeforeData, dataHeader, samples]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}

/**
 * Stands in for espeak-ng and sox in unit tests: records every run, writes a file where the real binary would, and
 * holds syntheses until `release()` when created held.
 */
export class FakeAudioTools {
  readonly runs: { command: string; args: readonly string[] }[] = [];
  failNextSynthesis = false;
  private readonly released: Promise<void>;
  private releaseHeld: () => void = () => undefined;

  constructor(options: { held?: boolean } = {}) {
    this.released = options.held ? new Promise((resolve) => (this.releaseHeld = resolve)) : Promise.resolve();
  }

  release(): void {
    this.releaseHeld();
  }

  /** How many times espeak-ng was asked to speak (version reads not counted). */
  syntheses(): number {
    return this.runs.filter((run) => run.command === 'espeak-ng' && run.args.includes('-w')).length;
  }

  readonly runner: CommandRunner = async (command, args): Promise<CommandOutput> => {
    this.runs.push({ command, args });
    if (command === 'espeak-ng' && args[0] === '--version')
      return { stdout: 'eSpeak NG text-to-speech: 1.51  Data at: /fake\n', stderr: '' };
    if (command === 'espeak-ng') {
      await this.released;
      if (this.failNextSynthesis) {
        this.failNextSynthesis = false;
        throw new Error('espeak-ng crashed');
      }
      await writeFile(args[args.indexOf('-w') + 1]!, 'spoken audio');
      return { stdout: '', stderr: '' };
    }
    // sox: the output file is its last argument.
    await writeFile(args[args.length - 1]!, silentTelephonyWav(1200));
    return { stdout: '', stderr: '' };
  };
}
