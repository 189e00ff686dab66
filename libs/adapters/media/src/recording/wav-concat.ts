/** The format fields of a PCM WAV's `fmt ` chunk. */
export interface WavFormat {
  readonly audioFormat: number;
  readonly channels: number;
  readonly sampleRate: number;
  readonly bitsPerSample: number;
}

interface ParsedWav {
  readonly format: WavFormat;
  /** Offset of the `data` chunk's header. */
  readonly dataChunkAt: number;
  readonly data: Buffer;
}

function parseWav(wav: Uint8Array): ParsedWav {
  const bytes = Buffer.from(wav.buffer, wav.byteOffset, wav.byteLength);
  if (
    bytes.length < 12 ||
    bytes.toString('latin1', 0, 4) !== 'RIFF' ||
    bytes.toString('latin1', 8, 12) !== 'WAVE'
  )
    throw new RangeError('not a WAV file');
  let format: WavFormat | undefined;
  for (let at = 12; at + 8 <= bytes.length;) {
    const id = bytes.toString('latin1', at, at + 4);
    const size = bytes.readUInt32LE(at + 4);
    if (id === 'fmt ') {
      format = {
        audioFormat: bytes.readUInt16LE(at + 8),
        channels: bytes.readUInt16LE(at + 10),
        sampleRate: bytes.readUInt32LE(at + 12),
        bitsPerSample: bytes.readUInt16LE(at + 22),
      };
    } else if (id === 'data') {
      if (!format) throw new RangeError('WAV data before its format');
      return { format, dataChunkAt: at, data: bytes.subarray(at + 8, Math.min(bytes.length, at + 8 + size)) };
    }
    // RIFF chunks are padded to an even length.
    at += 8 + size + (size % 2);
  }
  throw new RangeError('WAV without a data chunk');
}

/** The format of a WAV file. */
export function wavFormat(wav: Uint8Array): WavFormat {
  return parseWav(wav).format;
}

/**
 * One WAV of the given WAVs' audio, one after the other (the segments of a paused and resumed recording). They must
 * share one format; the result keeps the first one's header chunks.
 */
export function concatWavs(wavs: readonly Uint8Array[]): Buffer {
  const parsed = wavs.map(parseWav);
  const [first] = parsed;
  if (!first) throw new RangeError('nothing to concatenate');
  const differing = parsed.find((wav) => !sameFormat(wav.format, first.format));
  if (differing) {
    throw new RangeError(`WAV formats differ: ${describe(first.format)} and ${describe(differing.format)}`);
  }
  const dataLength = parsed.reduce((total, wav) => total + wav.data.length, 0);
  const header = Buffer.from(Buffer.from(wavs[0]!).subarray(0, first.dataChunkAt + 8));
  header.writeUInt32LE(header.length - 8 + dataLength, 4);
  header.writeUInt32LE(dataLength, first.dataChunkAt + 4);
  return Buffer.concat([header, ...parsed.map((wav) => wav.data)]);
}

function sameFormat(a: WavFormat, b: WavFormat): boolean {
  return (
    a.audioFormat === b.audioFormat &&
    a.channels === b.channels &&
    a.sampleRate === b.sampleRate &&
    a.bitsPerSample === b.bitsPerSample
  );
}

function describe(format: WavFormat): string {
  return `${format.channels} ch ${format.sampleRate} Hz ${format.bitsPerSample}-bit (format ${format.audioFormat})`;
}
