import { writeFile } from 'node:fs/promises';
import { type CommandOutput, type CommandRunner } from './command-runner';

/**
 * An 8 kHz mono mu-law WAV of silence laid out as sox writes it (an 18-byte `fmt ` and a `fact` chunk), with
 * optional chunks (e.g. `LIST`) between those and `data`.
 */
export function silentTelephonyWav(durationMs: number, chunksBeforeData: readonly Buffer[] = []): Buffer {
  const samples = durationMs * 8;
  const fmt = Buffer.alloc(26);
  fmt.write('fmt ', 0, 'latin1');
  fmt.writeUInt32LE(18, 4);
  fmt.writeUInt16LE(7, 8); // WAVE_FORMAT_MULAW
  fmt.writeUInt16LE(1, 10);
  fmt.writeUInt32LE(8000, 12);
  fmt.writeUInt32LE(8000, 16);
  fmt.writeUInt16LE(1, 20);
  fmt.writeUInt16LE(8, 22);
  const fact = Buffer.alloc(12);
  fact.write('fact', 0, 'latin1');
  fact.writeUInt32LE(4, 4);
  fact.writeUInt32LE(samples, 8);
  // 0xff is mu-law's zero.
  const silence = Buffer.alloc(samples, 0xff);
  const dataHeader = Buffer.alloc(8);
  dataHeader.write('data', 0, 'latin1');
  dataHeader.writeUInt32LE(silence.length, 4);
  const body = Buffer.concat([
    Buffer.from('WAVE', 'latin1'),
    fmt,
    fact,
    ...chunksBeforeData,
    dataHeader,
    silence,
  ]);
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
