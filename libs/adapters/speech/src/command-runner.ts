import { execFile } from 'node:child_process';

export interface CommandOutput {
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a binary with an argument array (never through a shell) and resolves with its output once it exits 0. */
export type CommandRunner = (
  command: string,
  args: readonly string[],
  timeoutMs: number,
) => Promise<CommandOutput>;

/** The binary is not installed or not on the PATH (Debian packages `espeak-ng` and `sox`). */
export class AudioToolMissingError extends Error {
  constructor(readonly tool: string) {
    super(`"${tool}" is not installed or not on the PATH`);
    this.name = 'AudioToolMissingError';
  }
}

/** The binary ran but exited with an error or was killed after its timeout. */
export class AudioToolFailedError extends Error {
  constructor(
    readonly tool: string,
    readonly detail: string,
    readonly timedOut: boolean,
  ) {
    super(`"${tool}" failed: ${detail}`);
    this.name = 'AudioToolFailedError';
  }
}

export const execFileRunner: CommandRunner = (command, args, timeoutMs) =>
  new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { timeout: timeoutMs, killSignal: 'SIGKILL', encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (!error) return resolve({ stdout, stderr });
        if (error.code === 'ENOENT') return reject(new AudioToolMissingError(command));
        const timedOut = error.killed === true;
        const detail = timedOut ? `timed out after ${timeoutMs} ms` : stderr.trim() || error.message;
        reject(new AudioToolFailedError(command, detail, timedOut));
      },
    );
  });
