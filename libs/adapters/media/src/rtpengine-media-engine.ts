import { open, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { DtmfLogListener } from './dtmf-log-listener';
import {
  type DtmfListener,
  type InjectDtmfRequest,
  type MediaAnswer,
  type MediaDescription,
  type MediaEngine,
  type MediaLegOptions,
  type MediaOffer,
  type MediaRecording,
  type MediaStats,
  type PlayingMedia,
  type PlayMediaRequest,
  type SilenceWatchOptions,
  type StopRecordingRequest,
} from '@switchyard/contracts';
import { type BencodeInput, toPlain } from './ng/bencode';
import { RtpengineClient, RtpengineCommandError, type NgAnswer } from './ng/rtpengine-client';
import { audioStreamsOf, type CapturedAudioStream, renderRecording } from './recording/capture-to-wav';
import { decodeG711 } from './recording/g711';
import { GrowingPcap, udpOf } from './recording/pcap';
import { parseRtp } from './recording/rtp';
import { watchSilence } from './recording/silence';

export interface RtpengineMediaEngineOptions {
  /** rtpengine's `listen-ng` UDP address. */
  readonly ngHost: string;
  readonly ngPort: number;
  readonly ngTimeoutMs?: number;
  /** The address rtpengine's `dtmf-log-dest` names: the engine listens there for reported digits. */
  readonly dtmfLogHost: string;
  readonly dtmfLogPort: number;
  /** rtpengine's `recording-dir` (with `recording-method = pcap`), as this process sees it. */
  readonly recordingDirectory: string;
}

const sdpAnswerSchema = z.object({ sdp: z.string() });
const playMediaAnswerSchema = z.object({ duration: z.number() });
const streamSchema = z.object({
  'local port': z.number(),
  flags: z.array(z.string()).default([]),
  stats: z.object({ packets: z.number(), bytes: z.number(), errors: z.number() }),
});
const mosSchema = z.object({
  MOS: z.number(),
  'round-trip time': z.number(),
  jitter: z.number(),
  'packet loss': z.number(),
});
const queryAnswerSchema = z.object({
  tags: z.record(
    z.string(),
    z.object({ medias: z.array(z.object({ streams: z.array(streamSchema).default([]) })).default([]) }),
  ),
  totals: z.object({ RTP: z.object({ packets: z.number(), bytes: z.number(), errors: z.number() }) }),
  SSRC: z
    .record(
      z.string(),
      z.object({ 'average MOS': mosSchema.optional(), 'cumulative loss': z.number().optional() }),
    )
    .default({}),
});
type QueryAnswer = z.infer<typeof queryAnswerSchema>;

/** What the adapter remembers of a call between commands. */
interface CallMedia {
  /** Leg tags in order of first appearance, the caller's first. */
  readonly legs: string[];
  allowDtmfInjection: boolean;
  /** Capture files of the call that existed when the current recording started; the recording's are the others. */
  recordingBaseline?: ReadonlySet<string>;
  /** Stops of the silence watches on the current recording. */
  readonly silenceWatches: Set<() => void>;
}

/** How often a silence watch reads the growing capture; small next to rtpengine's delay of about 0.4 s in writing it. */
const silencePollMs = 250;

/** rtpengine's "unknown call" refusal, which `delete` treats as already done. */
const unknownCallReason = 'Unknown call-id';

/**
 * The media engine on rtpengine (userspace, `table = -1`): ng commands over UDP, digits from the DTMF log socket,
 * recordings from the pcap files rtpengine writes (what each party sent in), rendered to WAV by this adapter.
 */
export class RtpengineMediaEngine implements MediaEngine {
  private readonly calls = new Map<string, CallMedia>();

  private constructor(
    private readonly client: RtpengineClient,
    private readonly dtmfLog: DtmfLogListener,
    private readonly options: RtpengineMediaEngineOptions,
  ) {}

  static async start(options: RtpengineMediaEngineOptions): Promise<RtpengineMediaEngine> {
    const client = await RtpengineClient.connect({
      host: options.ngHost,
      port: options.ngPort,
      timeoutMs: options.ngTimeoutMs,
    });
    try {
      const dtmfLog = await DtmfLogListener.listen(options.dtmfLogHost, options.dtmfLogPort);
      return new RtpengineMediaEngine(client, dtmfLog, options);
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.client.close(), this.dtmfLog.close()]);
  }

  async offer(offer: MediaOffer): Promise<MediaDescription> {
    const call = this.callMedia(offer.callId);
    noteLeg(call, offer.fromTag);
    if (offer.options?.allowDtmfInjection) call.allowDtmfInjection = true;
    if (offer.options?.record) call.recordingBaseline = await this.captureFilesOf(offer.callId);
    const answer = await this.client.command('offer', {
      'call-id': offer.callId,
      'from-tag': offer.fromTag,
      sdp: offer.sdp,
      ...this.legParameters(call, offer.options),
      ...(offer.options?.detectInbandDtmf && { codec: { transcode: ['telephone-event'] } }),
    });
    return parse(sdpAnswerSchema, answer, 'offer');
  }

  async answer(answer: MediaAnswer): Promise<MediaDescription> {
    const call = this.callMedia(answer.callId);
    noteLeg(call, answer.fromTag);
    noteLeg(call, answer.toTag);
    if (answer.options?.allowDtmfInjection) call.allowDtmfInjection = true;
    if (answer.options?.record) call.recordingBaseline = await this.captureFilesOf(answer.callId);
    const reply = await this.client.command('answer', {
      'call-id': answer.callId,
      'from-tag': answer.fromTag,
      'to-tag': answer.toTag,
      sdp: answer.sdp,
      ...this.legParameters(call, answer.options),
    });
    return parse(sdpAnswerSchema, reply, 'answer');
  }

  async delete(callId: string): Promise<void> {
    this.stopSilenceWatches(callId);
    this.calls.delete(callId);
    this.dtmfLog.forget(callId);
    try {
      await this.client.command('delete', { 'call-id': callId });
    } catch (error) {
      if (!(error instanceof RtpengineCommandError && error.reason === unknownCallReason)) throw error;
    }
  }

  async playMedia(request: PlayMediaRequest): Promise<PlayingMedia> {
    const answer = await this.client.command('play media', {
      'call-id': request.callId,
      'from-tag': request.legTag,
      file: request.file,
      // rtpengine has no endless repeat; this many outlasts any call, for hold music and ringback.
      ...(request.loop && { 'repeat-times': 100_000 }),
    });
    return { durationMs: parse(playMediaAnswerSchema, answer, 'play media').duration };
  }

  async stopMedia(callId: string, legTag: string): Promise<void> {
    await this.client.command('stop media', { 'call-id': callId, 'from-tag': legTag });
  }

  async injectDtmf(request: InjectDtmfRequest): Promise<void> {
    // rtpengine queues injected digits of a leg, so the digits are handed over one after the other.
    for (const digit of request.digits) {
      await this.client.command('play DTMF', {
        'call-id': request.callId,
        'from-tag': request.fromLegTag,
        code: digit,
        duration: request.durationMs ?? 100,
      });
    }
  }

  onDtmf(callId: string, listener: DtmfListener): () => void {
    return this.dtmfLog.subscribe(callId, listener);
  }

  async startRecording(callId: string): Promise<void> {
    const call = this.callMedia(callId);
    call.recordingBaseline = await this.captureFilesOf(callId);
    await this.client.command('start recording', { 'call-id': callId });
  }

  async stopRecording(request: StopRecordingRequest): Promise<MediaRecording> {
    this.stopSilenceWatches(request.callId);
    // The legs' receiving ports name the parties in the capture; the query must come while the call exists.
    const partyByPort = partiesByLocalPort(await this.query(request.callId));
    await this.client.command('stop recording', { 'call-id': request.callId });
    const baseline = this.calls.get(request.callId)?.recordingBaseline ?? new Set<string>();
    const files = [...(await this.captureFilesOf(request.callId))].filter((file) => !baseline.has(file));
    const streams: CapturedAudioStream[] = [];
    for (const file of files) {
      streams.push(...audioStreamsOf(await readFile(path.join(this.pcapDirectory, file))));
    }
    const legs = this.calls.get(request.callId)?.legs ?? [];
    const rendered = renderRecording(
      // Parties in the order the call met them, so the caller takes the first channel.
      [...streams].sort(
        (a, b) =>
          legOrder(legs, partyByPort.get(a.destinationPort)) -
          legOrder(legs, partyByPort.get(b.destinationPort)),
      ),
      request.layout ?? 'mixed',
      (stream) => partyByPort.get(stream.destinationPort) ?? `${stream.sourceAddress}:${stream.sourcePort}`,
    );
    await Promise.all(files.map((file) => this.removeCapture(file)));
    return rendered;
  }

  watchSilence(
    callId: string,
    legTag: string,
    options: SilenceWatchOptions,
    onSilence: () => void,
  ): () => void {
    const call = this.callMedia(callId);
    const stop = watchSilence({
      ...options,
      readNewAudio: this.newAudioReader(callId, legTag, call.recordingBaseline ?? new Set()),
      onSilence,
      pollMs: silencePollMs,
      now: () => performance.now(),
    });
    call.silenceWatches.add(stop);
    return () => {
      stop();
      call.silenceWatches.delete(stop);
    };
  }

  async stats(callId: string): Promise<MediaStats> {
    const answer = await this.query(callId);
    return {
      ...answer.totals.RTP,
      legs: Object.entries(answer.tags).map(([legTag, leg]) => {
        const streams = leg.medias
          .flatMap((media) => media.streams)
          .filter((stream) => stream.flags.includes('RTP'));
        return {
          legTag,
          packets: sum(streams.map((stream) => stream.stats.packets)),
          bytes: sum(streams.map((stream) => stream.stats.bytes)),
          errors: sum(streams.map((stream) => stream.stats.errors)),
        };
      }),
      quality: Object.entries(answer.SSRC).flatMap(([ssrc, entry]) => {
        const mos = entry['average MOS'];
        if (!mos) return [];
        return [
          {
            ssrc: Number(ssrc),
            // rtpengine reports MOS in tenths and round-trip time in microseconds.
            mos: mos.MOS / 10,
            jitterMs: mos.jitter,
            packetLossPercent: mos['packet loss'],
            roundTripMs: mos['round-trip time'] / 1000,
            packetsLost: entry['cumulative loss'] ?? 0,
          },
        ];
      }),
    };
  }

  private async query(callId: string): Promise<QueryAnswer> {
    return parse(queryAnswerSchema, await this.client.command('query', { 'call-id': callId }), 'query');
  }

  private callMedia(callId: string): CallMedia {
    let call = this.calls.get(callId);
    if (!call) {
      call = { legs: [], allowDtmfInjection: false, silenceWatches: new Set() };
      this.calls.set(callId, call);
    }
    return call;
  }

  private legParameters(
    call: CallMedia,
    options: MediaLegOptions | undefined,
  ): { [key: string]: BencodeInput } {
    return {
      // Injected digits are mixed into media rtpengine decodes itself, so injection needs transcoding both ways.
      ...(call.allowDtmfInjection && { flags: ['always transcode', 'inject DTMF'] }),
      ...(options?.record && { 'record call': 'yes' }),
    };
  }

  private get pcapDirectory(): string {
    return path.join(this.options.recordingDirectory, 'pcaps');
  }

  /** rtpengine names a call's captures `<percent-encoded call id>-<16 hex digits>.pcap`, one per recording. */
  private async captureFilesOf(callId: string): Promise<Set<string>> {
    const names = await readdir(this.pcapDirectory).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
    return new Set(
      names.filter((name) => {
        const match = /^(.*)-[0-9a-f]{16}\.pcap$/.exec(name);
        return match !== null && safeDecode(match[1]!) === callId;
      }),
    );
  }

  /**
   * Reads, at each call, the audio `legTag` sent that the current recording's capture gained since the previous
   * call. rtpengine writes captures in 4 KB blocks (about 0.4 s of one party's G.711), so audio arrives that late,
   * and the last, unfilled block of a leg that stopped sending only when the recording stops.
   */
  private newAudioReader(
    callId: string,
    legTag: string,
    baseline: ReadonlySet<string>,
  ): () => Promise<Int16Array[]> {
    const capture = new GrowingPcap();
    let legPorts: ReadonlySet<number> | undefined;
    let file: string | undefined;
    let offset = 0;
    return async () => {
      const ports = (legPorts ??= localPortsOf(await this.query(callId), legTag));
      file ??= [...(await this.captureFilesOf(callId))].find((name) => !baseline.has(name));
      if (file === undefined) return [];
      const added = await bytesFrom(path.join(this.pcapDirectory, file), offset);
      offset += added.length;
      return capture.push(added).flatMap((packet) => {
        const datagram = udpOf(packet);
        const rtp = datagram && ports.has(datagram.destinationPort) ? parseRtp(datagram.payload) : null;
        const samples = rtp && decodeG711(rtp.payloadType, rtp.payload);
        return samples ? [samples] : [];
      });
    };
  }

  private stopSilenceWatches(callId: string): void {
    const watches = this.calls.get(callId)?.silenceWatches ?? new Set();
    for (const stop of watches) stop();
    watches.clear();
  }

  private async removeCapture(file: string): Promise<void> {
    const metadata = `rtpengine-meta-${file.replace(/\.pcap$/, '.txt')}`;
    await Promise.all([
      rm(path.join(this.pcapDirectory, file), { force: true }),
      rm(path.join(this.options.recordingDirectory, 'metadata', metadata), { force: true }),
    ]);
  }
}

function noteLeg(call: CallMedia, tag: string): void {
  if (!call.legs.includes(tag)) call.legs.push(tag);
}

function legOrder(legs: readonly string[], tag: string | undefined): number {
  const index = tag === undefined ? -1 : legs.indexOf(tag);
  return index < 0 ? legs.length : index;
}

function partiesByLocalPort(answer: QueryAnswer): Map<number, string> {
  const parties = new Map<number, string>();
  for (const [tag, leg] of Object.entries(answer.tags)) {
    for (const stream of leg.medias.flatMap((media) => media.streams)) parties.set(stream['local port'], tag);
  }
  return parties;
}

/** The engine's receiving ports of one leg: in a capture, what the leg sent goes to them. */
function localPortsOf(answer: QueryAnswer, legTag: string): Set<number> {
  return new Set([...partiesByLocalPort(answer)].filter(([, tag]) => tag === legTag).map(([port]) => port));
}

async function bytesFrom(file: string, offset: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const bytes = Buffer.alloc(Math.max(0, size - offset));
    const { bytesRead } = await handle.read(bytes, 0, bytes.length, offset);
    return bytes.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function parse<T>(schema: z.ZodType<T>, answer: NgAnswer, command: string): T {
  const parsed = schema.safeParse(toPlain({ ...answer }));
  if (!parsed.success) throw new RtpengineCommandError(command, `unexpected answer: ${parsed.error.message}`);
  return parsed.data;
}

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
