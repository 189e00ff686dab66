const headerLength = 44;

/**
 * A 16-bit PCM WAV of equally long channels, interleaved. Sample values are clamped to the 16-bit range, so
 * channels built by summing parties need no clamping of their own.
 */
export function encodeWav(channels: readonly ArrayLike<number>[], sampleRate: number): Buffer {
  if (channels.length === 0) throw new RangeError('a WAV needs at least one channel');
  const frames = channels[0]!.length;
  if (channels.some((channel) => channel.length !== frames))
    throw new RangeError('channels differ in length');
  const blockAlign = channels.length * 2;
  const dataLength = frames * blockAlign;
  const wav = Buffer.alloc(headerLength + dataLength);
  wav.write('RIFF', 0, 'latin1');
  wav.writeUInt32LE(36 + dataLength, 4);
  wav.write('WAVE', 8, 'latin1');
  wav.write('fmt ', 12, 'latin1');
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(channels.length, 22);
  wav.writeUInt32LE(sampleRate, 24);
  wav.writeUInt32LE(sampleRate * blockAlign, 28);
  wav.writeUInt16LE(blockAlign, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36, 'latin1');
  wav.writeUInt32LE(dataLength, 40);
  let at = headerLength;
  for (let frame = 0; frame < frames; frame++) {
    for (const channel of channels) {
      wav.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(channel[frame]!))), at);
      at += 2;
    }
  }
  return wav;
}

/**
 * A mono mu-law WAV of G.711 bytes, laid out as sox writes one (an 18-byte `fmt ` chunk and a `fact` chunk with the
 * sample count, which non-PCM formats carry): the format rtpengine plays to PCMU legs without transcoding.
 */
export function encodeMuLawWav(muLaw: Uint8Array, sampleRate = 8_000): Buffer {
  const padding = muLaw.length % 2;
  const header = Buffer.alloc(58);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(50 + muLaw.length + padding, 4);
  header.write('WAVE', 8, 'latin1');
  header.write('fmt ', 12, 'latin1');
  header.writeUInt32LE(18, 16);
  header.writeUInt16LE(7, 20); // mu-law
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate, 28);
  header.writeUInt16LE(1, 32);
  header.writeUInt16LE(8, 34);
  header.writeUInt16LE(0, 36);
  header.write('fact', 38, 'latin1');
  header.writeUInt32LE(4, 42);
  header.writeUInt32LE(muLaw.length, 46);
  header.write('data', 50, 'latin1');
  header.writeUInt32LE(muLaw.length, 54);
  return Buffer.concat([header, muLaw, Buffer.alloc(padding)]);
}

/** Samples of a 16-bit PCM mono WAV as written by `encodeWav`; anything else is refused. */
function monoSamplesOf(wav: Uint8Array): { samples: Int16Array; sampleRate: number } {
  const buffer = Buffer.from(wav.buffer, wav.byteOffset, wav.byteLength);
  const valid =
    buffer.length >= headerLength &&
    buffer.toString('latin1', 0, 4) === 'RIFF' &&
    buffer.toString('latin1', 8, 12) === 'WAVE' &&
    buffer.readUInt16LE(20) === 1 &&
    buffer.readUInt16LE(22) === 1 &&
    buffer.readUInt16LE(34) === 16;
  if (!valid) throw new RangeError('not a 16-bit PCM mono WAV');
  const frames = Math.floor((buffer.length - headerLength) / 2);
  const samples = new Int16Array(frames);
  for (let frame = 0; frame < frames; frame++) samples[frame] = buffer.readInt16LE(headerLength + frame * 2);
  return { samples, sampleRate: buffer.readUInt32LE(24) };
}

export interface TrimmedWav {
  readonly wav: Buffer;
  /** Length of what is left. */
  readonly durationMs: number;
}

/**
 * Cuts the quiet end off a 16-bit PCM mono WAV: everything after the last 20 ms block whose loudest sample reaches
 * `threshold` (about -40 dBFS by default), plus `keepMs` of it so the message does not end abruptly.
 */
export function trimTrailingSilence(
  wav: Uint8Array,
  options: { threshold?: number; keepMs?: number } = {},
): TrimmedWav {
  const { threshold = 330, keepMs = 200 } = options;
  const { samples, sampleRate } = monoSamplesOf(wav);
  const block = sampleRate / 50;
  let end = 0;
  for (let start = 0; start < samples.length; start += block) {
    const slice = samples.subarray(start, start + block);
    if (slice.some((sample) => Math.abs(sample) >= threshold)) end = start + slice.length;
  }
  const kept = end === 0 ? 0 : Math.min(samples.length, end + (keepMs * sampleRate) / 1000);
  return {
    wav: encodeWav([samples.subarray(0, kept)], sampleRate),
    durationMs: Math.round((kept * 1000) / sampleRate),
  };
}
