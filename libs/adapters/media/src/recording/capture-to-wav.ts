import { type RecordingLayout } from '@switchyard/contracts';
import { decodeG711 } from './g711';
import { readPcap, udpOf, type UdpDatagram } from './pcap';
import { parseRtp } from './rtp';
import { encodeWav } from './wav';

export const recordingSampleRate = 8000;
const samplesPerUs = recordingSampleRate / 1_000_000;
/** Further than this from where the capture time puts it, an RTP timestamp is taken as a jump and re-anchored. */
const maxTimestampDriftSamples = recordingSampleRate;

/** One sender's audio: where the engine received it, and its decoded samples placed on the capture's timeline. */
export interface CapturedAudioStream {
  readonly sourceAddress: string;
  readonly sourcePort: number;
  readonly destinationAddress: string;
  readonly destinationPort: number;
  readonly ssrc: number;
  /** Decoded 16-bit samples by absolute position (samples since the first packet of the capture). */
  readonly chunks: readonly { readonly at: number; readonly samples: Int16Array }[];
}

interface StreamBuilder {
  readonly stream: Omit<CapturedAudioStream, 'chunks'>;
  /** By position, so a repeated packet replaces its first copy instead of adding to it. */
  readonly chunks: Map<number, Int16Array>;
  anchorTimestamp: number;
  anchorPosition: number;
  /** RTP timestamp of the last packet, unwrapped past 2^32. */
  lastTimestamp: number;
}

/**
 * Splits a capture into G.711 audio streams, one per sender and SSRC. A packet's place comes from its RTP
 * timestamp relative to its stream's first packet, whose place comes from the capture clock, so the parties line
 * up with each other and jitter in arrival does not move samples; a timestamp jump re-anchors on the capture clock.
 */
export function audioStreamsOf(pcap: Uint8Array): CapturedAudioStream[] {
  const datagrams = readPcap(pcap)
    .map(udpOf)
    .filter((datagram): datagram is UdpDatagram => datagram !== null);
  if (datagrams.length === 0) return [];
  const startUs = datagrams.reduce(
    (earliest, datagram) => Math.min(earliest, datagram.capturedAtUs),
    Infinity,
  );
  const builders = new Map<string, StreamBuilder>();
  for (const datagram of datagrams) {
    const rtp = parseRtp(datagram.payload);
    const samples = rtp && decodeG711(rtp.payloadType, rtp.payload);
    if (!rtp || !samples) continue;
    const key = `${datagram.sourceAddress}|${datagram.sourcePort}|${datagram.destinationPort}|${rtp.ssrc}`;
    const capturePosition = Math.round((datagram.capturedAtUs - startUs) * samplesPerUs);
    let builder = builders.get(key);
    if (!builder) {
      builder = {
        stream: {
          sourceAddress: datagram.sourceAddress,
          sourcePort: datagram.sourcePort,
          destinationAddress: datagram.destinationAddress,
          destinationPort: datagram.destinationPort,
          ssrc: rtp.ssrc,
        },
        chunks: new Map(),
        anchorTimestamp: rtp.timestamp,
        anchorPosition: capturePosition,
        lastTimestamp: rtp.timestamp,
      };
      builders.set(key, builder);
    }
    const timestamp = unwrap(rtp.timestamp, builder.lastTimestamp);
    builder.lastTimestamp = timestamp;
    let position = builder.anchorPosition + (timestamp - builder.anchorTimestamp);
    if (Math.abs(position - capturePosition) > maxTimestampDriftSamples) {
      builder.anchorTimestamp = timestamp;
      builder.anchorPosition = capturePosition;
      position = capturePosition;
    }
    builder.chunks.set(Math.max(0, position), samples);
  }
  return [...builders.values()].map(({ stream, chunks }) => ({
    ...stream,
    chunks: [...chunks].map(([at, samples]) => ({ at, samples })),
  }));
}

/** The 32-bit RTP timestamp nearest to the previous one, so wrapping past 2^32 keeps counting forwards. */
function unwrap(timestamp: number, previous: number): number {
  const delta = (((timestamp - previous) % 2 ** 32) + 2 ** 32) % 2 ** 32;
  return delta >= 2 ** 31 ? previous + delta - 2 ** 32 : previous + delta;
}

export interface RenderedRecording {
  readonly wav: Buffer;
  readonly durationMs: number;
  readonly channels: readonly string[];
}

/**
 * Renders streams as a WAV: `mixed` sums every party into one channel, `channel-per-party` gives each party its
 * own channel in order of first appearance. `partyOf` names a stream's party (a leg tag); silence fills the gaps.
 */
export function renderRecording(
  streams: readonly CapturedAudioStream[],
  layout: RecordingLayout,
  partyOf: (stream: CapturedAudioStream) => string,
): RenderedRecording {
  const parties = [...new Set(streams.map(partyOf))];
  let frames = 0;
  for (const stream of streams) {
    for (const chunk of stream.chunks) frames = Math.max(frames, chunk.at + chunk.samples.length);
  }
  const channelCount = layout === 'mixed' ? 1 : Math.max(1, parties.length);
  const channels = Array.from({ length: channelCount }, () => new Int32Array(frames));
  for (const stream of streams) {
    const channel = channels[layout === 'mixed' ? 0 : parties.indexOf(partyOf(stream))]!;
    for (const { at, samples } of stream.chunks) {
      for (let index = 0; index < samples.length; index++) channel[at + index]! += samples[index]!;
    }
  }
  return {
    wav: encodeWav(channels, recordingSampleRate),
    durationMs: Math.round((frames / recordingSampleRate) * 1000),
    channels: parties,
  };
}
