import { createSocket, type Socket } from 'node:dgram';
import { AwaitableQueue, WaitTimeoutError } from './drachtio/awaitable-queue';
import { parseNameAddr, randomToken, SipMessage } from './drachtio/sip-message';
import { bindUdp } from './drachtio/udp-socket';
import { type ReceivedRtp, RtpPeer } from './rtp-peer';

/**
 * A caller from outside: a minimal SIP UAC over real UDP with its own RTP endpoint (PCMU and RFC 2833), as the
 * PSTN behind a carrier trunk would place a call to a number. It talks to drachtio-server, or to the
 * DrachtioTestServer's UDP listener, and records what it hears.
 */

export interface SipServerAddress {
  /** A name or an IPv4 address. */
  readonly host: string;
  readonly port: number;
}

export interface TestCallOptions {
  /** The number called (E.164): the user part of the Request-URI and of To. */
  readonly to: string;
  /** The caller's number (E.164), the user part of From; default {@link defaultCallerNumber}. */
  readonly from?: string;
  /** Where the SIP server listens; the INVITE and every later request of the call go there. */
  readonly server: SipServerAddress;
  /** Address to send SIP from (one the sip app trusts as its carrier); default the one the OS routes by. */
  readonly localAddress?: string;
  /** Sends RTP to this host instead of the SDP answer's address: a media engine behind NAT or in a container. */
  readonly mediaHost?: string;
  /** RFC 2833 digits to press once, e.g. `1` or `12#`. */
  readonly digits?: string;
  /** When to press them, in ms after the answer; default as soon as the first audio arrives. */
  readonly digitsAfterMs?: number;
  /** Hangs up this long after the answer, unless the far end hangs up first. */
  readonly durationMs: number;
  /** How long to wait for the final response to the INVITE (Timer B); default 32 s. */
  readonly answerTimeoutMs?: number;
  /** Receives each transcript line as it is written. */
  readonly onTranscript?: (line: string) => void;
}

export interface TestCallResult {
  /** Every response status to the INVITE, in order (100, 180, 200, ...). */
  readonly statuses: readonly number[];
  readonly finalStatus: number;
  /** Who ended an answered call; undefined when the call was not answered. */
  readonly hangup: 'caller' | 'far end' | undefined;
  /** RTP packets received from the far end, any payload type. */
  readonly packetsReceived: number;
  /** What the caller heard: PCMU bytes at 8 kHz, with the pauses between prompts kept (`encodeMuLawWav` of @switchyard/media writes it as a WAV). */
  readonly heard: Buffer;
  /** Timed lines: SIP sent (→) and received (←), DTMF pressed, first audio, hangup. */
  readonly transcript: readonly string[];
}

export const defaultCallerNumber = '+15005550006';
const defaultAnswerTimeoutMs = 32_000;
const byeTimeoutMs = 5_000;
const inviteCseq = 1;
/** RFC 3261 Timer T1 and T2: a request is sent again after T1, then doubling intervals up to T2. */
const timerT1Ms = 500;
const timerT2Ms = 4_000;
const pcmu = 0;
const muLawSilence = 0xff;
const samplesPerMs = 8;
/** Arrival gaps up to this are jitter; longer ones are pauses in what the far end sent, kept as silence. */
const jitterSamples = 100 * samplesPerMs;
const userAgent = 'switchyard-test-call';

/** Places one call, presses the digits, stays for `durationMs` or until the far end hangs up. */
export async function placeTestCall(options: TestCallOptions): Promise<TestCallResult> {
  const phone = await RtpPeer.open();
  const sip = await UdpSipEndpoint.open(options.server, options.localAddress);
  try {
    return await new TestCall(sip, phone, options).run();
  } finally {
    phone.close();
    await sip.close();
  }
}

/** PCMU payloads in arrival order; a pause longer than jitter since `since` (ms) is filled with silence. */
export function heardAudio(received: readonly ReceivedRtp[], since: number): Buffer {
  const chunks: Buffer[] = [];
  let cursor = 0;
  for (const packet of received) {
    if (packet.payloadType !== pcmu) continue;
    const due = Math.round((packet.arrivedAt - since) * samplesPerMs);
    if (due - cursor > jitterSamples) {
      chunks.push(Buffer.alloc(due - cursor, muLawSilence));
      cursor = due;
    }
    chunks.push(packet.payload);
    cursor += packet.payload.length;
  }
  return Buffer.concat(chunks);
}

/** One call's dialog, media and transcript. */
class TestCall {
  private readonly transcript: string[] = [];
  private readonly statuses: number[] = [];
  private readonly started = performance.now();
  private readonly callId = `${randomToken(16)}@${userAgent}`;
  private readonly callerNumber: string;
  private readonly from: string;
  private readonly requestUri: string;
  private remoteParty: string;
  private remoteTarget: string;
  private cseq = inviteCseq;
  private answeredAt = 0;
  private ending = false;

  constructor(
    private readonly sip: UdpSipEndpoint,
    private readonly phone: RtpPeer,
    private readonly options: TestCallOptions,
  ) {
    this.callerNumber = options.from ?? defaultCallerNumber;
    const { host, port } = options.server;
    this.requestUri = `sip:${options.to}@${host}:${port}`;
    this.from = `<sip:${this.callerNumber}@${sip.local.address}>;tag=${randomToken(10)}`;
    this.remoteParty = `<${this.requestUri}>`;
    this.remoteTarget = this.requestUri;
  }

  async run(): Promise<TestCallResult> {
    const final = await this.invite();
    if (final.status >= 300) return this.result(final.status, undefined);
    this.phone.connectTo(this.mediaTarget(final.body));
    const media = this.sendMedia();
    const hangup = await this.stay();
    this.ending = true;
    await media;
    return this.result(final.status, hangup);
  }

  /** INVITE, provisional responses, the final one and its ACK (RFC 3261 13.2). */
  private async invite(): Promise<SipMessage> {
    const invite = this.request('INVITE', this.requestUri, this.phone.sdp());
    this.note(`→ INVITE ${this.requestUri} from ${parseNameAddr(this.from).uri}`);
    this.sip.sendRequest(invite);
    const deadline = performance.now() + (this.options.answerTimeoutMs ?? defaultAnswerTimeoutMs);
    for (;;) {
      const response = await this.sip.next(
        (message) => isResponseTo(message, invite),
        `a response to ${invite.startLine}`,
        Math.max(0, deadline - performance.now()),
      );
      this.statuses.push(response.status);
      this.note(`← ${response.startLine}`);
      if (response.status < 200) continue;
      if (response.status >= 300) {
        // the ACK of a failure belongs to the INVITE transaction: same branch, the response's To
        this.sip.send(
          this.request('ACK', invite.uri, '', { via: invite.get('via'), to: response.get('to') }),
        );
        return response;
      }
      this.remoteParty = response.get('to') ?? this.remoteParty;
      this.remoteTarget = parseNameAddr(response.get('contact') ?? `<${this.requestUri}>`).uri;
      const ack = this.request('ACK', this.remoteTarget, '');
      this.sip.send(ack);
      // a lost ACK makes the server send its 200 again: acknowledge every copy
      this.sip.intercept((message) => {
        if (!isResponseTo(message, invite)) return false;
        this.sip.send(ack);
        return true;
      });
      this.note('→ ACK');
      this.answeredAt = performance.now();
      return response;
    }
  }

  /** Until the far end's BYE (answered 200) or `durationMs`, then the caller's own BYE. */
  private async stay(): Promise<'caller' | 'far end'> {
    try {
      const bye = await this.sip.next(
        (message) => message.isRequest && message.method === 'BYE' && message.callId === this.callId,
        'the far end to hang up',
        this.options.durationMs,
      );
      this.note('← BYE');
      this.sip.send(bye.createResponse(200));
      this.note('→ 200 OK');
      return 'far end';
    } catch (error) {
      if (!(error instanceof WaitTimeoutError)) throw error;
    }
    this.cseq += 1;
    const bye = this.request('BYE', this.remoteTarget, '');
    this.note('→ BYE');
    this.sip.sendRequest(bye);
    const response = await this.sip
      .next((message) => isResponseTo(message, bye), `a response to ${bye.startLine}`, byeTimeoutMs)
      .catch((error: unknown) => {
        if (error instanceof WaitTimeoutError) return undefined;
        throw error;
      });
    this.note(response ? `← ${response.startLine}` : '  no response to the BYE');
    return 'caller';
  }

  /**
   * Sends silence as a phone does (the media engine learns the caller's address from it), and the digits once due.
   * Runs until the call ends.
   */
  private async sendMedia(): Promise<void> {
    let digits = this.options.digits ?? '';
    let heardFirstAudio = false;
    while (!this.ending) {
      if (!heardFirstAudio && this.phone.received.some((packet) => packet.payloadType === pcmu)) {
        heardFirstAudio = true;
        this.note('  first audio');
      }
      const due =
        this.options.digitsAfterMs === undefined
          ? heardFirstAudio
          : performance.now() - this.answeredAt >= this.options.digitsAfterMs;
      if (digits === '' || !due) {
        await this.phone.talk(1, muLawSilence);
        continue;
      }
      for (const digit of digits) {
        this.note(`→ DTMF ${digit}`);
        await this.phone.pressDigit(digit);
        // a pause between digits, so that each is a separate event
        await this.phone.talk(5, muLawSilence);
      }
      digits = '';
    }
  }

  private mediaTarget(answer: string): string {
    const { mediaHost } = this.options;
    return mediaHost === undefined ? answer : answer.replace(/^c=IN IP4 \S+/gm, `c=IN IP4 ${mediaHost}`);
  }

  private request(
    method: string,
    uri: string,
    sdp: string,
    overrides: { via?: string; to?: string } = {},
  ): SipMessage {
    const { address, port } = this.sip.local;
    const headers: Array<readonly [string, string]> = [
      ['Via', overrides.via ?? `SIP/2.0/UDP ${address}:${port};rport;branch=z9hG4bK-${randomToken(12)}`],
      ['Max-Forwards', '70'],
      ['From', this.from],
      ['To', overrides.to ?? this.remoteParty],
      ['Call-ID', this.callId],
      // an ACK takes the CSeq number of the INVITE it acknowledges
      ['CSeq', `${method === 'ACK' ? inviteCseq : this.cseq} ${method}`],
      ['Contact', `<sip:${this.callerNumber}@${address}:${port}>`],
      ['User-Agent', userAgent],
    ];
    if (sdp) headers.push(['Content-Type', 'application/sdp']);
    return SipMessage.request(method, uri, { headers, body: sdp });
  }

  private note(line: string): void {
    const entry = `[${((performance.now() - this.started) / 1000).toFixed(3).padStart(7)}] ${line}`;
    this.transcript.push(entry);
    this.options.onTranscript?.(entry);
  }

  private result(finalStatus: number, hangup: 'caller' | 'far end' | undefined): TestCallResult {
    const received = this.phone.received;
    if (hangup) this.note(`  heard ${received.length} RTP packets`);
    return {
      statuses: this.statuses,
      finalStatus,
      hangup,
      packetsReceived: received.length,
      heard: heardAudio(received, this.answeredAt),
      transcript: this.transcript,
    };
  }
}

function isResponseTo(message: SipMessage, request: SipMessage): boolean {
  return !message.isRequest && message.branch === request.branch && message.cseq.method === request.method;
}

/** A UDP socket speaking SIP to one server: requests retransmitted until answered, messages awaited by predicate. */
class UdpSipEndpoint {
  private readonly inbox = new AwaitableQueue<SipMessage>((message) => message.startLine);
  private readonly answeredBranches = new Set<string>();
  private readonly retransmissions = new Set<NodeJS.Timeout>();
  private interceptor: (message: SipMessage) => boolean = () => false;

  private constructor(
    private readonly socket: Socket,
    private readonly server: SipServerAddress,
    readonly local: { address: string; port: number },
  ) {
    socket.on('message', (datagram) => this.receive(datagram.toString('utf8')));
  }

  static async open(server: SipServerAddress, localAddress?: string): Promise<UdpSipEndpoint> {
    const address = localAddress ?? (await routedLocalAddress(server));
    const socket = await bindUdp(address, 0);
    return new UdpSipEndpoint(socket, server, { address, port: socket.address().port });
  }

  send(message: SipMessage): void {
    // UDP promises no delivery: a send error is a lost datagram, which retransmissions are for
    this.socket.send(message.toString(), this.server.port, this.server.host, () => undefined);
  }

  /** Sends a request, and again after T1, 2·T1, ... (at most T2 apart) until a response to it arrives. */
  sendRequest(request: SipMessage): void {
    const branch = request.branch ?? '';
    let interval = timerT1Ms;
    const retransmit = (): void => {
      this.retransmissions.delete(timer);
      if (this.answeredBranches.has(branch)) return;
      this.send(request);
      interval = Math.min(interval * 2, timerT2Ms);
      timer = setTimeout(retransmit, interval);
      this.retransmissions.add(timer);
    };
    let timer = setTimeout(retransmit, interval);
    this.retransmissions.add(timer);
    this.send(request);
  }

  /** The next received message that matches, already arrived or still to come. */
  next(
    matches: (message: SipMessage) => boolean,
    description: string,
    timeoutMs: number,
  ): Promise<SipMessage> {
    return this.inbox.take(matches, description, timeoutMs);
  }

  /** Messages `handle` returns true for are dealt with there and never reach {@link next}. */
  intercept(handle: (message: SipMessage) => boolean): void {
    this.interceptor = handle;
  }

  async close(): Promise<void> {
    for (const timer of this.retransmissions) clearTimeout(timer);
    this.inbox.close(new Error('the SIP socket is closed'));
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
  }

  private receive(text: string): void {
    let message: SipMessage;
    try {
      message = SipMessage.parse(text);
    } catch {
      return; // not SIP: dropped, as a SIP stack does
    }
    if (!message.isRequest) this.answeredBranches.add(message.branch ?? '');
    if (!this.interceptor(message)) this.inbox.push(message);
  }
}

/** The local address the OS would send from to reach the server (a connected UDP socket sends nothing). */
async function routedLocalAddress({ host, port }: SipServerAddress): Promise<string> {
  const probe = createSocket('udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.connect(port, host, () => resolve());
    });
    return probe.address().address;
  } finally {
    probe.close();
  }
}
