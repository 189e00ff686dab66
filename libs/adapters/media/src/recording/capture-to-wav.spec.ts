import { describe, expect, it } from 'vitest';
import { audioStreamsOf, type CapturedAudioStream, renderRecording } from './capture-to-wav';
import { GrowingPcap, PcapFormatError, readPcap, udpOf } from './pcap';
import { parseRtp } from './rtp';

interface TestPacket {
  readonly atMs: number;
  readonly from: [string, number];
  readonly to: [string, number];
  readonly payload: Buffer;
}

function ipv4Udp({ from, to, payload }: TestPacket): Buffer {
  const packet = Buffer.alloc(28 + payload.length);
  packet[0] = 0x45;
  packet.writeUInt16BE(packet.length, 2);
  packet[8] = 64;
  packet[9] = 17;
  Buffer.from(from[0].split('.').map(Number)).copy(packet, 12);
  Buffer.from(to[0].split('.').map(Number)).copy(packet, 16);
  packet.writeUInt16BE(from[1], 20);
  packet.writeUInt16BE(to[1], 22);
  packet.writeUInt16BE(8 + payload.length, 24);
  payload.copy(packet, 28);
  return packet;
}

/** A pcap as rtpengine writes it (`recording-format = raw`): little-endian, microseconds, link type 101. */
function pcapOf(
  packets: readonly TestPacket[],
  options: { bigEndianNanoseconds?: boolean; ethernet?: boolean } = {},
) {
  const big = options.bigEndianNanoseconds === true;
  const u32 = (value: number) => {
    const bytes = Buffer.alloc(4);
    if (big) bytes.writeUInt32BE(value);
    else bytes.writeUInt32LE(value);
    return bytes;
  };
  const header = Buffer.concat([
    u32(big ? 0xa1b23c4d : 0xa1b2c3d4),
    big ? Buffer.from([0, 2, 0, 4]) : Buffer.from([2, 0, 4, 0]),
    u32(0),
    u32(0),
    u32(65535),
    u32(options.ethernet ? 1 : 101),
  ]);
  const records = packets.map((packet) => {
    let frame = ipv4Udp(packet);
    if (options.ethernet) frame = Buffer.concat([Buffer.alloc(12), Buffer.from([0x08, 0x00]), frame]);
    const seconds = 1_700_000_000 + Math.floor(packet.atMs / 1000);
    const fraction = big ? (packet.atMs % 1000) * 1_000_000 : (packet.atMs % 1000) * 1000;
    return Buffer.concat([u32(seconds), u32(fraction), u32(frame.length), u32(frame.length), frame]);
  });
  return Buffer.concat([header, ...records]);
}

function rtp(
  payloadType: number,
  sequence: number,
  timestamp: number,
  ssrc: number,
  payload: Buffer,
): Buffer {
  const header = Buffer.alloc(12);
  header[0] = 0x80;
  header[1] = payloadType;
  header.writeUInt16BE(sequence & 0xffff, 2);
  header.writeUInt32BE(timestamp >>> 0, 4);
  header.writeUInt32BE(ssrc, 8);
  return Buffer.concat([header, payload]);
}

const caller: [string, number] = ['10.0.0.1', 4000];
const callee: [string, number] = ['10.0.0.2', 5000];
const engineForCaller: [string, number] = ['127.0.0.1', 30000];
const engineForCallee: [string, number] = ['127.0.0.1', 30002];
/** mu-law bytes decoding to +8316 and -8316: loud enough to see, small enough to add up without clamping. */
const loud = 0x9f;
const loudNegative = 0x1f;

/** `count` 20 ms PCMU packets from `from`, starting at `startMs` with RTP timestamp `firstTimestamp`. */
function talk(
  from: [string, number],
  to: [string, number],
  options: { startMs: number; count: number; byte: number; ssrc: number; firstTimestamp?: number },
): TestPacket[] {
  return Array.from({ length: options.count }, (_, index) => ({
    atMs: options.startMs + index * 20,
    from,
    to,
    payload: rtp(
      0,
      index,
      (options.firstTimestamp ?? 1000) + index * 160,
      options.ssrc,
      Buffer.alloc(160, options.byte),
    ),
  }));
}

const partyByPort = (stream: CapturedAudioStream) =>
  stream.destinationPort === engineForCaller[1] ? 'caller' : 'callee';

function samplesOf(wav: Buffer, channels: number, channel: number): number[] {
  const frames = (wav.length - 44) / (channels * 2);
  return Array.from({ length: frames }, (_, frame) => wav.readInt16LE(44 + (frame * channels + channel) * 2));
}

describe('readPcap and udpOf', () => {
  it('reads rtpengine raw IPv4 captures into UDP datagrams with capture times', () => {
    const payload = Buffer.from('hello');
    const [packet] = readPcap(pcapOf([{ atMs: 1250, from: caller, to: engineForCaller, payload }]));

    expect(packet!.capturedAtUs).toBe(1_700_000_001_250_000);
    expect(udpOf(packet!)).toEqual({
      capturedAtUs: 1_700_000_001_250_000,
      sourceAddress: '10.0.0.1',
      sourcePort: 4000,
      destinationAddress: '127.0.0.1',
      destinationPort: 30000,
      payload,
    });
  });

  it('reads big-endian nanosecond captures and Ethernet frames', () => {
    const packets = [{ atMs: 7, from: caller, to: engineForCaller, payload: Buffer.from('x') }];
    expect(readPcap(pcapOf(packets, { bigEndianNanoseconds: true }))[0]!.capturedAtUs).toBe(
      1_700_000_000_007_000,
    );
    expect(udpOf(readPcap(pcapOf(packets, { ethernet: true }))[0]!)!.payload.toString()).toBe('x');
  });

  it('stops at a record cut short, as in a file still being written', () => {
    const file = pcapOf(talk(caller, engineForCaller, { startMs: 0, count: 3, byte: loud, ssrc: 1 }));
    expect(readPcap(file.subarray(0, file.length - 10))).toHaveLength(2);
  });

  it('reads a file as it grows, whatever the chunks, header and records included', () => {
    const file = pcapOf(talk(caller, engineForCaller, { startMs: 0, count: 5, byte: loud, ssrc: 1 }));
    const growing = new GrowingPcap();
    // Records of 216 bytes after the 24-byte header: the header is cut, then records are.
    const chunkLengths = [10, 20, 250, 1, 0, 300, file.length];
    const read: number[] = [];
    let at = 0;
    for (const length of chunkLengths) {
      read.push(growing.push(file.subarray(at, at + length)).length);
      at += length;
    }

    expect(read).toEqual([0, 0, 1, 0, 0, 1, 3]);
    expect(read.reduce((sum, count) => sum + count)).toBe(readPcap(file).length);
  });

  it('refuses files that are not pcap and link types it cannot read', () => {
    expect(() => readPcap(Buffer.alloc(24))).toThrow(PcapFormatError);
    const wrongLink = pcapOf([]);
    wrongLink.writeUInt32LE(105, 20);
    expect(() => readPcap(wrongLink)).toThrow(/link type 105/);
  });

  it('skips packets that are not UDP', () => {
    const [packet] = readPcap(pcapOf([{ atMs: 0, from: caller, to: callee, payload: Buffer.alloc(4) }]));
    packet!.ipPacket[9] = 6;
    expect(udpOf(packet!)).toBeNull();
  });
});

describe('parseRtp', () => {
  it('finds the payload past CSRCs and a header extension, without padding', () => {
    const packet = Buffer.concat([
      Buffer.from([0xb1, 0x88, 0, 7, 0, 0, 0, 160, 0, 0, 0, 9]),
      Buffer.alloc(4), // one CSRC
      Buffer.from([0xbe, 0xde, 0, 1, 1, 2, 3, 4]), // extension of one word
      Buffer.from([0xaa, 0xbb, 0, 2]), // payload then two bytes of padding
    ]);
    expect(parseRtp(packet)).toEqual({
      payloadType: 8,
      marker: true,
      sequence: 7,
      timestamp: 160,
      ssrc: 9,
      payload: Buffer.from([0xaa, 0xbb]),
    });
  });

  it('ignores RTCP and non-RTP datagrams', () => {
    expect(parseRtp(Buffer.from([0x80, 200, 0, 6, ...Buffer.alloc(24)]))).toBeNull();
    expect(parseRtp(Buffer.from('not rtp at all'))).toBeNull();
  });
});

describe('audioStreamsOf and renderRecording', () => {
  it('turns one second from each party into a one-second WAV, mixed or a channel each', () => {
    const pcap = pcapOf([
      ...talk(caller, engineForCaller, { startMs: 0, count: 50, byte: loud, ssrc: 11 }),
      ...talk(callee, engineForCallee, { startMs: 0, count: 50, byte: loudNegative, ssrc: 22 }),
    ]);
    const streams = audioStreamsOf(pcap);
    expect(streams.map((stream) => [stream.sourcePort, stream.ssrc])).toEqual([
      [4000, 11],
      [5000, 22],
    ]);

    const mixed = renderRecording(streams, 'mixed', partyByPort);
    expect(mixed).toMatchObject({ durationMs: 1000, channels: ['caller', 'callee'] });
    expect(new Set(samplesOf(mixed.wav, 1, 0))).toEqual(new Set([0]));

    const split = renderRecording(streams, 'channel-per-party', partyByPort);
    expect(split.wav.readUInt16LE(22)).toBe(2);
    expect(split.durationMs).toBe(1000);
    expect(new Set(samplesOf(split.wav, 2, 0))).toEqual(new Set([8316]));
    expect(new Set(samplesOf(split.wav, 2, 1))).toEqual(new Set([-8316]));
  });

  it('places a party that starts later by the capture clock and fills lost packets with silence', () => {
    const callerPackets = talk(caller, engineForCaller, { startMs: 0, count: 50, byte: loud, ssrc: 1 });
    const calleePackets = talk(callee, engineForCallee, {
      startMs: 500,
      count: 25,
      byte: loud,
      ssrc: 2,
      firstTimestamp: 999_999,
    });
    callerPackets.splice(10, 1); // lost on the way
    const rendered = renderRecording(
      audioStreamsOf(pcapOf([...callerPackets, ...calleePackets])),
      'channel-per-party',
      partyByPort,
    );
    const callerSamples = samplesOf(rendered.wav, 2, 0);
    const calleeSamples = samplesOf(rendered.wav, 2, 1);
    expect(rendered.durationMs).toBe(1000);
    expect(callerSamples.slice(1600, 1760)).toEqual(Array(160).fill(0));
    expect(callerSamples[1760]).toBe(8316);
    expect(calleeSamples.slice(0, 4000)).toEqual(Array(4000).fill(0));
    expect(calleeSamples.slice(4000)).toEqual(Array(4000).fill(8316));
  });

  it('places packets by RTP timestamp, whatever their arrival order, across a timestamp wrap', () => {
    const packets = talk(caller, engineForCaller, {
      startMs: 0,
      count: 10,
      byte: loud,
      ssrc: 1,
      firstTimestamp: 2 ** 32 - 800,
    });
    packets[3] = {
      ...packets[3]!,
      payload: rtp(0, 3, 2 ** 32 - 800 + 3 * 160, 1, Buffer.alloc(160, loudNegative)),
    };
    const reordered = [packets[0]!, packets[1]!, packets[2]!, packets[4]!, packets[3]!, ...packets.slice(5)];
    const samples = samplesOf(
      renderRecording(audioStreamsOf(pcapOf(reordered)), 'mixed', partyByPort).wav,
      1,
      0,
    );
    expect(samples).toHaveLength(1600);
    expect(samples.slice(480, 640)).toEqual(Array(160).fill(-8316));
    expect(samples.slice(640, 1600)).toEqual(Array(960).fill(8316));
  });

  it('counts a repeated packet once and skips telephone-events and other payload types', () => {
    const packets = talk(caller, engineForCaller, { startMs: 0, count: 2, byte: loud, ssrc: 1 });
    const event = { ...packets[1]!, payload: rtp(101, 2, 1320, 1, Buffer.from([1, 0x8a, 0, 160])) };
    const samples = samplesOf(
      renderRecording(audioStreamsOf(pcapOf([...packets, packets[1]!, event])), 'mixed', partyByPort).wav,
      1,
      0,
    );
    expect(samples).toEqual(Array(320).fill(8316));
  });

  it('decodes PCMA', () => {
    const packet = talk(caller, engineForCaller, { startMs: 0, count: 1, byte: 0, ssrc: 1 })[0]!;
    const pcma = { ...packet, payload: rtp(8, 0, 0, 1, Buffer.alloc(160, 0xaa)) };
    const samples = samplesOf(
      renderRecording(audioStreamsOf(pcapOf([pcma])), 'mixed', partyByPort).wav,
      1,
      0,
    );
    expect(new Set(samples)).toEqual(new Set([32256]));
  });

  it('renders an empty capture as an empty WAV', () => {
    const rendered = renderRecording(audioStreamsOf(pcapOf([])), 'mixed', partyByPort);
    expect(rendered).toMatchObject({ durationMs: 0, channels: [] });
    expect(rendered.wav.length).toBe(44);
  });
});
