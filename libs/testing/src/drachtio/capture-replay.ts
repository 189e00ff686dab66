import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { type FrameDirection } from './app-connection';
import { DrachtioTestServer, type DrachtioTestServerOptions } from './drachtio-test-server';
import { SrfTestApp, type SrfConnectOptions } from './srf-test-app';

/** Captured traffic of one scenario (see captures/README.md). */
export interface Capture {
  frames: Array<{ dir: FrameDirection; frame: string }>;
  appLog: string[];
}

/** The day the captures were taken (UTC); their frames only carry times of day. */
const CAPTURE_DATE = '2026-11-23';
const CAPTURES_DIRECTORY = join(__dirname, 'captures');

export function loadCapture(name: string): Capture {
  const directory = join(CAPTURES_DIRECTORY, name);
  const frames = readFileSync(join(directory, 'frames.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Capture['frames'][number]);
  const appLog = readFileSync(join(directory, 'app.log'), 'utf8')
    .split('\n')
    // process lifecycle of the captured apps (stopped by SIGTERM, o-bad-secret's exit timer), not app behaviour
    .filter((line) => line !== '' && line !== 'SIGTERM: disconnecting' && line !== 'exiting');
  return { frames, appLog };
}

/**
 * A deterministic clock for replaying a capture: starts at the time of day in the capture's first `Msg sent`
 * confirmation (so server-chosen CSeq numbers, which derive from the clock, equal the captured ones) and advances
 * one microsecond per reading (so Call-IDs, which also derive from it, stay distinct).
 */
export function replayClock(capture: Capture): () => number {
  const confirmation = capture.frames.find((entry) => entry.frame.includes('|Msg sent:|'));
  const time = /\|(\d{2}:\d{2}:\d{2}\.\d{6})\|/.exec(confirmation?.frame ?? '')?.[1] ?? '00:00:00.000000';
  let micros = Date.parse(`${CAPTURE_DATE}T${time.slice(0, 12)}Z`) * 1000 + Number(time.slice(12));
  return () => {
    micros += 1;
    return micros / 1000;
  };
}

/**
 * Values that legitimately differ from run to run, each replaced by a placeholder numbered in order of first
 * appearance, so that the same value must recur in the same places:
 *  - UUIDs: message ids of both sides, transaction ids, sofia's time-based Call-IDs, branches of proxied requests;
 *  - 13-character tags and `z9hG4bK` + 13-character branches that drachtio generates (SIPp's are fixed and kept);
 *  - the cnonce drachtio-srf picks for digest authentication, and every digest `response` (it depends on the cnonce).
 * Times of day (`HH:MM:SS.uuuuuu`) and ISO timestamps become un-numbered placeholders. Every replaced value has a
 * fixed length, so frame length prefixes are compared as they are. CSeq numbers and ports need no normalization.
 */
const VOLATILE_VALUES = new RegExp(
  [
    '(?<uuid>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})',
    '(?<=tag=)(?<tag>[A-Za-z0-9]{13})(?![A-Za-z0-9])',
    '(?<=branch=z9hG4bK)(?<branch>[A-Za-z0-9]{13})(?![A-Za-z0-9])',
    '(?<=cnonce=")(?<cnonce>[0-9a-f]{8})(?=")',
    '(?<=response=")(?<digest>[0-9a-f]{32})(?=")',
    '(?<time>\\b\\d{2}:\\d{2}:\\d{2}\\.\\d{6}\\b)',
    '(?<iso>\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z)',
  ].join('|'),
  'g',
);

/** Normalizes texts with one shared numbering (see {@link VOLATILE_VALUES}). */
export function normalizeVolatileValues(texts: readonly string[]): string[] {
  const placeholders = new Map<string, string>();
  const counts = new Map<string, number>();
  return texts.map((text) =>
    text.replace(VOLATILE_VALUES, (value: string, ...args: unknown[]) => {
      const groups = args[args.length - 1] as Record<string, string | undefined>;
      const kind = Object.keys(groups).find((name) => groups[name] !== undefined) ?? 'value';
      if (kind === 'time' || kind === 'iso') return `{${kind}}`;
      let placeholder = placeholders.get(value);
      if (placeholder === undefined) {
        const count = (counts.get(kind) ?? 0) + 1;
        counts.set(kind, count);
        placeholder = `{${kind}${count}}`;
        placeholders.set(value, placeholder);
      }
      return placeholder;
    }),
  );
}

export interface NormalizedTranscript {
  appToServer: string[];
  serverToApp: string[];
}

/** Both directions of a transcript, normalized with one numbering: app->server frames first, then server->app. */
export function normalizeTranscript(
  frames: ReadonlyArray<{ direction: FrameDirection; frame: string }>,
): NormalizedTranscript {
  const appToServer = frames.filter((entry) => entry.direction === 'app->server').map((entry) => entry.frame);
  const serverToApp = frames.filter((entry) => entry.direction === 'server->app').map((entry) => entry.frame);
  const normalized = normalizeVolatileValues([...appToServer, ...serverToApp]);
  return {
    appToServer: normalized.slice(0, appToServer.length),
    serverToApp: normalized.slice(appToServer.length),
  };
}

export function normalizedCapture(capture: Capture): NormalizedTranscript {
  return normalizeTranscript(capture.frames.map((entry) => ({ direction: entry.dir, frame: entry.frame })));
}

export interface ReplayScenario {
  /** Installs the handlers of the capture's app.js, ported. */
  app(app: SrfTestApp): void;
  /** Plays the network side, then waits until the app has done everything the capture shows. */
  network(server: DrachtioTestServer, app: SrfTestApp): Promise<void>;
  server?: DrachtioTestServerOptions;
  connect?: Partial<SrfConnectOptions>;
}

/**
 * Runs a ported capture app against a fresh server, plays the capture's network side, and compares the frames in
 * both directions, and the app's log, with the capture's (after {@link normalizeVolatileValues}).
 */
export async function replayCapture(name: string, scenario: ReplayScenario): Promise<void> {
  const capture = loadCapture(name);
  const server = await DrachtioTestServer.start({ now: replayClock(capture), ...scenario.server });
  const app = new SrfTestApp(server, scenario.connect);
  try {
    scenario.app(app);
    await scenario.network(server, app);
  } finally {
    await app.disconnect();
    await server.close();
  }
  expect(normalizeTranscript(server.frames)).toEqual(normalizedCapture(capture));
  expect(normalizeVolatileValues(app.log.lines)).toEqual(normalizeVolatileValues(capture.appLog));
}

/** The `connect` log line most capture apps write. */
export function logConnection(app: SrfTestApp): void {
  app.srf.on('connect', (error, hostport) =>
    app.log.write(error ? `connect error ${error.message}` : `connected ${hostport}`),
  );
}

/** The SDP every capture app answers or offers with. */
export const APP_SDP = [
  'v=0',
  'o=drachtio-app 1 1 IN IP4 127.0.0.1',
  's=trace-app',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 40000 RTP/AVP 0 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=sendrecv',
  '',
].join('\r\n');

/** Stands in for a capture app's timer: the test opens it when the scenario reaches that point. */
export function gate(): { open(): void; opened: Promise<void> } {
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}
