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
