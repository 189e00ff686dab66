import { type AwaitableQueue, type WaitOptions } from './awaitable-queue';
import { type Endpoint, type NetworkPacket } from './drachtio-sip-stack';
import { digestAuthorization, type DigestCredentials } from './sip-digest';
import {
  headerEntries,
  headerParameter,
  parseNameAddr,
  randomToken,
  SipMessage,
  utf8Length,
  type SipHeaderInit,
} from './sip-message';

/** What the network side of the test needs from the server. */
export interface SipNetwork {
  /** The server's SIP address, where peers send everything. */
  readonly sip: Endpoint;
  readonly timeoutMs: number;
  /** Messages the server sent to peers, claimed by the handles below. */
  readonly inbox: AwaitableQueue<NetworkPacket>;
  /** Delivers a message from a peer to the server, as if received over UDP. */
  deliver(text: string, from: Endpoint): void;
  expireAck(dialogId: string): void;
  failTransport(request: SipMessage): void;
}

export interface SipRequestOptions {
  headers?: SipHeaderInit;
  body?: string;
  /** Content-Type for `body`; defaults to application/sdp. */
  contentType?: string;
}

export interface NewRequestOptions extends SipRequestOptions {
  /** Defaults to `sip:service@<server SIP address>`. */
  requestUri?: string;
  /** Defaults to `<sip:<user>@<peer address>>`; a random tag is added unless it has one. */
  from?: string;
  /** Defaults to `<requestUri>`. */
  to?: string;
  callId?: string;
  /** Defaults to 1. */
  cseq?: number;
  /** SDP offer; sets the body with Content-Type application/sdp. */
  sdp?: string;
}

export interface SipResponseOptions {
  reason?: string;
  /** To tag for a request without one; by default one tag per received request. */
  toTag?: string;
  /** Contact header; INVITE responses above 100 get the peer's own Contact by default. */
  contact?: string;
  headers?: SipHeaderInit;
  body?: string;
  /** SDP answer; sets the body with Content-Type application/sdp. */
  sdp?: string;
}

function timeoutOf(network: SipNetwork, options: WaitOptions): number {
  return options.timeoutMs ?? network.timeoutMs;
}

function sameEndpoint(a: Endpoint, b: Endpoint): boolean {
  return a.address === b.address && a.port === b.port;
}

function describeEndpoint({ address, port }: Endpoint): string {
  return `${address}:${port}`;
}

/** A SIP user agent on the network side, at one address:port; everything it sends goes to the server. */
export class SipPeer {
  constructor(
    private readonly network: SipNetwork,
    readonly endpoint: Endpoint,
    readonly user = 'peer',
  ) {}

  /** `<sip:user@address:port>` */
  get contact(): string {
    return `<sip:${this.user}@${describeEndpoint(this.endpoint)}>`;
  }

  /** Sends a request exactly as given (text is sent verbatim). */
  sendRequest(request: SipMessage | string): PeerRequest {
    const text = request.toString();
    this.network.deliver(text, this.endpoint);
    return new PeerRequest(this.network, this, SipMessage.parse(text));
  }

  /** Sends a response exactly as given, for answers {@link ReceivedRequest.respond} cannot shape. */
  sendResponse(response: SipMessage | string): void {
    this.network.deliver(response.toString(), this.endpoint);
  }

  /**
   * Sends a new INVITE, built from options or given verbatim:
   * `const call = peer.invite({ sdp }); await call.expectResponse(200); call.ack();`
   */
  invite(request: NewRequestOptions | SipMessage | string = {}): NetworkCall {
    const message =
      typeof request === 'string' || request instanceof SipMessage
        ? request
        : this.newRequest('INVITE', request);
    return new NetworkCall(this.network, this, this.sendRequest(message));
  }

  /** Sends a request outside any dialog (OPTIONS, REGISTER, MESSAGE, ...). */
  request(method: string, options: NewRequestOptions = {}): PeerRequest {
    return this.sendRequest(this.newRequest(method, options));
  }

  /** The next request the server sends to this peer, optionally only one of the given call. */
  expectRequest(method: string, options: WaitOptions & { callId?: string } = {}): Promise<ReceivedRequest> {
    const { callId } = options;
    const description = `${method} to ${describeEndpoint(this.endpoint)}${callId ? ` in call ${callId}` : ''}`;
    return this.network.inbox
      .take(
        (packet) =>
          sameEndpoint(packet.to, this.endpoint) &&
          packet.message.isRequest &&
          packet.message.method === method &&
          (callId === undefined || packet.message.callId === callId),
        description,
        timeoutOf(this.network, options),
      )
      .then((packet) => new ReceivedRequest(this.network, this, packet.message));
  }

  private newRequest(method: string, options: NewRequestOptions): SipMessage {
    const requestUri = options.requestUri ?? `sip:service@${describeEndpoint(this.network.sip)}`;
    const from = options.from ?? `<sip:${this.user}@${describeEndpoint(this.endpoint)}>`;
    const dialog = {
      from: headerParameter(from, 'tag') === undefined ? `${from};tag=${randomToken(10)}` : from,
      to: options.to ?? `<${requestUri}>`,
      callId: options.callId ?? `${randomToken(12)}@${this.endpoint.address}`,
      cseq: options.cseq ?? 1,
    };
    return this.buildRequest(method, requestUri, dialog, withSdp(options));
  }

  /** Requests in the style of SIPp's built-in scenarios. */
  buildRequest(
    method: string,
    requestUri: string,
    dialog: { from: string; to: string; callId: string; cseq: number },
    options: SipRequestOptions,
  ): SipMessage {
    const body = options.body ?? '';
    const headers: Array<readonly [string, string]> = [
      ['Via', `SIP/2.0/UDP ${describeEndpoint(this.endpoint)};branch=z9hG4bK-${randomToken(12)}`],
      ['From', dialog.from],
      ['To', dialog.to],
      ['Call-ID', dialog.callId],
      ['CSeq', `${dialog.cseq} ${method}`],
      ['Contact', this.contact],
      ['Max-Forwards', '70'],
      ...headerEntries(options.headers ?? []).map(({ name, value }) => [name, value] as const),
    ];
    const hasContentType = headers.some(([name]) => name.toLowerCase() === 'content-type');
    if (body && !hasContentType) headers.push(['Content-Type', options.contentType ?? 'application/sdp']);
    return SipMessage.request(method, requestUri, { headers, body });
  }
}

function withSdp(options: NewRequestOptions): SipRequestOptions {
  return options.sdp === undefined
    ? options
    : { ...options, body: options.sdp, contentType: 'application/sdp' };
}

/** A request a peer sent; await its responses in order. */
export class PeerRequest {
  constructor(
    protected readonly network: SipNetwork,
    readonly peer: SipPeer,
    readonly message: SipMessage,
  ) {}

  /**
   * Resolves with the next response of this status. Provisional responses of another status are skipped; a final
   * response of another status fails, naming both.
   */
  async expectResponse(status: number, options: WaitOptions = {}): Promise<SipMessage> {
    const deadline = Date.now() + timeoutOf(this.network, options);
    const { branch, startLine } = this.message;
    const method = this.message.method;
    for (;;) {
      const packet = await this.network.inbox.take(
        (candidate) =>
          sameEndpoint(candidate.to, this.peer.endpoint) &&
          !candidate.message.isRequest &&
          candidate.message.branch === branch &&
          candidate.message.cseq.method === method,
        `${status} response to ${startLine}`,
        Math.max(0, deadline - Date.now()),
      );
      const response = packet.message;
      if (response.status === status) return response;
      if (response.status >= 200) {
        throw new Error(`expected ${status} to ${startLine} but received ${response.startLine}`);
      }
    }
  }

  /**
   * Answers a 401/407 challenge: the same request again with the next CSeq, a new branch and the digest
   * Authorization (or Proxy-Authorization) header.
   */
  authenticate(challenge: SipMessage, credentials: DigestCredentials): PeerRequest {
    const proxy = challenge.status === 407;
    const header = challenge.get(proxy ? 'proxy-authenticate' : 'www-authenticate');
    if (!header) throw new Error(`no digest challenge in ${challenge.startLine}`);
    const retry = this.message.clone();
    const { seq, method } = this.message.cseq;
    retry.set(
      'Via',
      (this.message.get('via') ?? '').replace(/branch=[^;,\s]+/, `branch=z9hG4bK-${randomToken(12)}`),
    );
    retry.set('CSeq', `${seq + 1} ${method}`);
    // keep Content-Length last, where SIP stacks usually print it
    retry
      .remove('content-length')
      .set(
        proxy ? 'Proxy-Authorization' : 'Authorization',
        digestAuthorization(header, { method, uri: retry.uri }, credentials),
      )
      .add('Content-Length', String(utf8Length(retry.body)));
    return this.peer.sendRequest(retry);
  }
}

/** The peer's view of a dialog: send in-dialog requests, await the ones the app sends. */
export class PeerDialog {
  protected cseq: number;

  constructor(
    protected readonly network: SipNetwork,
    readonly peer: SipPeer,
    readonly callId: string,
    /** From of this peer's requests, with its tag. */
    protected localParty: string,
    /** To of this peer's requests, with the server's tag once known. */
    protected remoteParty: string,
    /** Request-URI of in-dialog requests: the server's Contact. */
    protected remoteTarget: string,
    cseq: number,
  ) {
    this.cseq = cseq;
  }

  /** In-dialog request (re-INVITE, INFO, REFER, ...) with the next CSeq. */
  request(method: string, options: SipRequestOptions = {}): PeerRequest {
    this.cseq += 1;
    return this.send(method, this.cseq, options);
  }

  bye(options: SipRequestOptions = {}): PeerRequest {
    return this.request('BYE', options);
  }

  /** ACKs the 2xx to a re-INVITE sent with {@link request}: the ACK takes the re-INVITE's CSeq number. */
  ackReinvite(reinvite: PeerRequest, options: SipRequestOptions = {}): SipMessage {
    return this.send('ACK', reinvite.message.cseq.seq, options).message;
  }

  /** The next request the app sends in this dialog (BYE, NOTIFY, re-INVITE, ...). */
  expectRequest(method: string, options: WaitOptions = {}): Promise<ReceivedRequest> {
    return this.peer.expectRequest(method, { ...options, callId: this.callId });
  }

  protected send(method: string, cseq: number, options: SipRequestOptions): PeerRequest {
    const dialog = { from: this.localParty, to: this.remoteParty, callId: this.callId, cseq };
    return this.peer.sendRequest(this.peer.buildRequest(method, this.remoteTarget, dialog, options));
  }
}

/** An INVITE the peer sent to the server, and the dialog it creates. */
export class NetworkCall extends PeerDialog {
  private answered = false;

  constructor(
    network: SipNetwork,
    peer: SipPeer,
    readonly invite: PeerRequest,
  ) {
    const { message } = invite;
    super(
      network,
      peer,
      message.callId,
      message.get('from') ?? '',
      message.get('to') ?? '',
      message.uri,
      message.cseq.seq,
    );
  }

  /** The dialog id drachtio gives this call: `<Call-ID>;from-tag=<this peer's tag>`. */
  get dialogId(): string {
    return `${this.callId};from-tag=${this.invite.message.fromTag ?? ''}`;
  }

  /** Awaits a response to the INVITE (see {@link PeerRequest.expectResponse}) and learns the server's tag and Contact. */
  async expectResponse(status: number, options: WaitOptions = {}): Promise<SipMessage> {
    const response = await this.invite.expectResponse(status, options);
    if (response.toTag !== undefined) this.remoteParty = response.get('to') ?? this.remoteParty;
    const contact = response.get('contact');
    if (contact && status < 300) this.remoteTarget = parseNameAddr(contact).uri;
    if (status >= 200 && status < 300) this.answered = true;
    return response;
  }

  /** ACKs the 2xx awaited with {@link expectResponse}. */
  ack(options: SipRequestOptions = {}): SipMessage {
    if (!this.answered) throw new Error(`no 2xx to ACK yet for ${this.invite.message.startLine}`);
    return this.send('ACK', this.invite.message.cseq.seq, options).message;
  }

  /** ACKs the INVITE's failure (non-2xx) and sends it again with credentials for the challenge; see {@link PeerRequest.authenticate}. */
  authenticate(challenge: SipMessage, credentials: DigestCredentials): NetworkCall {
    const invite = this.invite.message;
    const ack = SipMessage.request('ACK', invite.uri, {
      headers: [
        ['Via', invite.get('via') ?? ''],
        ['From', invite.get('from') ?? ''],
        ['To', challenge.get('to') ?? ''],
        ['Call-ID', invite.callId],
        ['CSeq', `${invite.cseq.seq} ACK`],
        ['Max-Forwards', '70'],
      ],
    });
    this.peer.sendRequest(ack);
    return new NetworkCall(this.network, this.peer, this.invite.authenticate(challenge, credentials));
  }

  /** CANCELs the INVITE: same Via branch, same CSeq number. */
  cancel(): PeerRequest {
    const invite = this.invite.message;
    const cancel = SipMessage.request('CANCEL', invite.uri, {
      headers: [
        ['Via', invite.get('via') ?? ''],
        ['From', invite.get('from') ?? ''],
        ['To', invite.get('to') ?? ''],
        ['Call-ID', invite.callId],
        ['CSeq', `${invite.cseq.seq} CANCEL`],
        ['Max-Forwards', '70'],
      ],
    });
    return this.peer.sendRequest(cancel);
  }

  /**
   * Never ACK the 2xx: makes the server give up at once (a real one waits ~32 s, Timer H), so it sends the peer a BYE
   * with `Reason: SIP;cause=200;text="ACK timeout"` and reports it to the app as `unsolicited`. Resolves with that BYE.
   */
  expireAck(options: WaitOptions = {}): Promise<ReceivedRequest> {
    this.network.expireAck(this.dialogId);
    return this.expectRequest('BYE', options);
  }
}

/** A request the server sent to a peer; answer it like a UAS would. */
export class ReceivedRequest {
  private readonly localTag = randomToken(10);
  private established: PeerDialog | undefined;

  constructor(
    private readonly network: SipNetwork,
    readonly peer: SipPeer,
    readonly message: SipMessage,
  ) {}

  /** Sends a response: Via/From/To(+tag)/Call-ID/CSeq copied, then Contact, `headers`, body, Content-Length. */
  respond(status: number, options: SipResponseOptions = {}): SipMessage {
    const request = this.message;
    const isInvite = request.method === 'INVITE';
    const contact =
      options.contact ?? (isInvite && status > 100 && status < 300 ? this.peer.contact : undefined);
    const body = options.sdp ?? options.body ?? '';
    const headers: Array<readonly [string, string]> = contact === undefined ? [] : [['Contact', contact]];
    if (options.sdp !== undefined) headers.push(['Content-Type', 'application/sdp']);
    headers.push(...headerEntries(options.headers ?? []).map(({ name, value }) => [name, value] as const));
    const toTag = status > 100 ? (options.toTag ?? this.localTag) : undefined;
    const response = request.createResponse(status, { reason: options.reason, toTag, headers, body });
    this.network.deliver(response.toString(), this.peer.endpoint);
    if (isInvite && status >= 200 && status < 300) {
      const requestContact = request.get('contact') ?? request.get('from') ?? '';
      this.established = new PeerDialog(
        this.network,
        this.peer,
        request.callId,
        response.get('to') ?? '',
        request.get('from') ?? '',
        parseNameAddr(requestContact).uri,
        0,
      );
    }
    return response;
  }

  /** The dialog a 2xx to this INVITE established. */
  get dialog(): PeerDialog {
    if (!this.established) throw new Error(`no 2xx sent yet for ${this.message.startLine}`);
    return this.established;
  }

  /** Nothing listens at this address: the server answers the app with a locally generated 503 instead. */
  failTransport(): void {
    this.network.failTransport(this.message);
  }
}
