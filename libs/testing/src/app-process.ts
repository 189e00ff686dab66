import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');

export interface AppProcess {
  readonly child: ChildProcess;
  readonly stderr: () => string;
  /** Resolves with the first JSON log line matching `predicate`; rejects if the process exits first. */
  waitForLog(
    predicate: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  waitForExit(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

/** Runs an app's real entry point (e.g. `apps/worker/src/main.ts`) as its own process with the given environment. */
export function spawnApp(entry: string, env: Record<string, string | undefined>): AppProcess {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join(root, entry)], {
    cwd: root,
    env: { PATH: process.env.PATH, ...env } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdoutBuffer = '';
  let stderrText = '';
  const lines: Record<string, unknown>[] = [];
  const listeners = new Set<(line: Record<string, unknown>) => void>();
  child.stdout!.on('data', (chunk: Buffer) => {
    stdoutBuffer += chunk.toString('utf8');
    let newline = stdoutBuffer.indexOf('\n');
    while (newline >= 0) {
      const text = stdoutBuffer.slice(0, newline);
      stdoutBuffer = stdoutBuffer.slice(newline + 1);
      newline = stdoutBuffer.indexOf('\n');
      try {
        const line = JSON.parse(text) as Record<string, unknown>;
        lines.push(line);
        for (const listener of listeners) listener(line);
      } catch {
        // Not a log line (e.g. a runtime warning); ignored.
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderrText += chunk.toString('utf8');
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });

  const withTimeout = <T>(promise: Promise<T>, timeoutMs: number, what: string) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; stderr:\n${stderrText}`)),
        timeoutMs,
      );
      promise.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });

  return {
    child,
    stderr: () => stderrText,
    waitForLog(predicate, timeoutMs = 20_000) {
      const found = lines.find(predicate);
      if (found) return Promise.resolve(found);
      const match = new Promise<Record<string, unknown>>((resolve, reject) => {
        const listener = (line: Record<string, unknown>) => {
          if (!predicate(line)) return;
          listeners.delete(listener);
          resolve(line);
        };
        listeners.add(listener);
        void exited.then(({ code }) =>
          reject(
            new Error(`process exited with ${code} before the awaited log line; stderr:\n${stderrText}`),
          ),
        );
      });
      return withTimeout(match, timeoutMs, 'a log line');
    },
    waitForExit(timeoutMs = 20_000) {
      return withTimeout(exited, timeoutMs, 'the process to exit');
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** A worker process (`apps/worker`), resolved once its job workers have started. */
export async function startWorkerProcess(env: Record<string, string | undefined>): Promise<AppProcess> {
  const worker = spawnApp('apps/worker/src/main.ts', env);
  await worker.waitForLog((line) => line.msg === 'job workers started');
  return worker;
}
