import { type Socket } from 'node:dgram';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { AppConnection, type WireFrame } from './app-connection';
import { AwaitableQueue, ConditionWatch, type WaitOptions } from './awaitable-queue';
import { DrachtioSipStack, type Endpoint, type NetworkPacket } from './drachtio-sip-stack';
import { parseControlMessage, type ControlMessage } from './drachtio-wire';
import { SipIdentifiers } from './sip-identifiers';
import { SipMessage } from './sip-message';
import {
  ReceivedRequest,
  SipPeer,
  type NewRequestOptions,
  type NetworkCall,
  type PeerRequest,
  type SipNetwork,
} from './sip-peer';
import { bindUdp } from './udp-socket';

export interface DrachtioTestServerOptions {
  /** Shared secret apps must authenticate with; default `cymru` (as in the captures). */
  secret?: string;
  /** The SIP address the server claims to listen on; default 127.0.0.1:5060. Nothing is bound there without `sipUdp`. */
  sipAddress?: string;
  /** With `sipUdp`, also the UDP port bound; default an ephemeral one (which the server then claims). */
  sipPort?: number;
  /** Also listen for SIP over real UDP at the SIP address, as drachtio-server does (see {@link listenSipUdp}). */
  sipUdp?: boolean;
  /** Reported in the authenticate response; default `9c2dd4cb-snapshot` (the captured build). */
  version?: string;
  /** Send `cdr:*` frames to apps that route them, like `<cdrs>true</cdrs>` in drachtio.conf.xml; default false. */
  cdrs?: boolean;
  /** Wall clock in epoch ms for time fields, Call-IDs and CSeq numbers; inject one to make them deterministic. */
  now?: () => number;
  /** Default timeout of every wait; default 2000 ms. */
  timeoutMs?: number;
  /** Control port to listen on; default an ephemeral one. A fixed port lets a test start the app first. */
  port?: number;
  /** Address of the peer behind {@link DrachtioTestServer.invite} and {@link DrachtioTestServer.sendRequest}. */
  caller?: Endpoint;
}

/**
 * A stand-in for drachtio-server: speaks its TCP control protocol to drachtio-srf apps and lets the test play the
 * SIP network. SIP never touches a socket: peers are in-memory endpoints the test drives.
 *
 * ```ts
 * const server = await DrachtioTestServer.start();
 * srf.connect(server.connectOptions);
 * await server.waitForRoutes(['invite']);
 * const call = server.invite({ sdp });
 * const ok = await call.expectResponse(200);
 * call.ack();
 * await call.bye().expectResponse(200);
 * ```
 */
export class DrachtioTestServer {
  readonly host = '127.0.0.1';
  private readonly framesSeen: WireFrame[] = [];
  private readonly connections: AppConnection[] = [];
  private readonly watch = new ConditionWatch();
  private readonly inbox = new AwaitableQueue<NetworkPacket>(
    (packet) => `${packet.message.startLine} to ${packet.to.address}:${packet.to.port}`,
  );
  private readonly ids: SipIdentifiers;
  private readonly stack: DrachtioSipStack;
  private readonly secret: string;
  private readonly version: string;
  private readonly timeoutMs: number;
  private readonly sip: Endpoint;
  private readonly network: SipNetwork;
  private readonly callerPeer: SipPeer;
  private udpSocket: Socket | undefined;
  /** Sources that sent SIP over UDP: the stack's packets to them leave over UDP instead of the in-memory inbox. */
  private readonly udpPeers = new Set<string>();

  private constructor(
    private readonly tcpServer: Server,
    options: DrachtioTestServerOptions,
  ) {
    this.secret = options.secret ?? 'cymru';
    this.version = options.version ?? '9c2dd4cb-snapshot';
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.sip = { address: options.sipAddress ?? '127.0.0.1', port: options.sipPort ?? 5060 };
    this.ids = new SipIdentifiers(options.now ?? (() => performance.timeOrigin + performance.now()));
    this.stack = new DrachtioSipStack({
      sip: this.sip,
      ids: this.ids,
      cdrs: options.cdrs ?? false,
      connections: () => this.connections,
      toNetwork: (packet) => this.toNetwork(packet),
    });
    this.network = {
      sip: this.sip,
      timeoutMs: this.timeoutMs,
      inbox: this.inbox,
      deliver: (text, from) => this.stack.receiveFromNetwork(text, from),
      expireAck: (dialogId) => this.stack.expireAck(dialogId),
      failTransport: (request) => this.stack.failTransport(request),
    };
    this.callerPeer = this.peer(options.caller ?? { address: '127.0.0.1', port: 5070 }, 'caller');
    tcpServer.on('connection', (socket) => {
      const connection = new AppConnection(this.connections.length + 1, socket, {
        newMessageId: () => this.ids.uuid(),
        record: (frame) => {
          this.framesSeen.push(frame);
          this.watch.changed();
        },
        receive: (from, payload) => this.receive(from, payload),
        closed: () => this.watch.changed(),
      });
      this.connections.push(connection);
    });
  }

  /** Listens on 127.0.0.1, at `options.port` or an ephemeral port. */
  static async start(options: DrachtioTestServerOptions = {}): Promise<DrachtioTestServer> {
    // bound first, so that the server claims the SIP port peers really reach (in Via, Contact, and to the app)
    const udpSocket = options.sipUdp
      ? await bindUdp(options.sipAddress ?? '127.0.0.1', options.sipPort ?? 0)
      : undefined;
    const tcpServer = createServer();
    await new Promise<void>((resolve, reject) => {
      tcpServer.once('error', reject);
      tcpServer.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    }).catch((error: unknown) => {
      udpSocket?.close();
      throw error;
    });
    const server = new DrachtioTestServer(tcpServer, {
      ...options,
      sipPort: udpSocket?.address().port ?? options.sipPort,
    });
    if (udpSocket) server.attachUdp(udpSocket);
    return server;
  }

  get port(): number {
    return (this.tcpServer.address() as AddressInfo).port;
  }

  /** For `srf.connect(server.connectOptions)`. */
  get connectOptions(): { host: string; port: number; secret: string } {
    return { host: this.host, port: this.port, secret: this.secret };
  }

  /**
   * Opens a real UDP SIP listener on the SIP address (ephemeral port) of a server already started: datagrams reach
   * the stack as from the network, and what the stack sends to their sources goes back over UDP. The server still
   * claims its configured SIP port in Via and Contact, so such peers should send every request to {@link sipUdpPort}.
   */
  async listenSipUdp(): Promise<number> {
    if (this.udpSocket) throw new Error('the SIP UDP listener is already open');
    this.attachUdp(await bindUdp(this.sip.address, 0));
    return this.sipUdpPort;
  }

  /** The UDP port of the real SIP listener ({@link DrachtioTestServerOptions.sipUdp}, {@link listenSipUdp}). */
  get sipUdpPort(): number {
    if (!this.udpSocket)
      throw new Error('no SIP UDP listener: start with { sipUdp: true } or call listenSipUdp()');
    return this.udpSocket.address().port;
  }

  /** The server's SIP address as `address:port`. */
  get sipAddress(): string {
    return `${this.sip.address}:${this.sip.port}`;
  }

  /** App connections not yet closed. */
  get openConnections(): number {
    return this.connections.filter((connection) => connection.isOpen).length;
  }

  /** Every control frame so far, both directions, in the order the server read or wrote them. */
  get frames(): readonly WireFrame[] {
    return this.framesSeen;
  }

  /** Resolves with the first frame (already seen or still to come) that matches. */
  waitForFrame(
    matches: (frame: WireFrame) => boolean,
    description: string,
    options: WaitOptions = {},
  ): Promise<WireFrame> {
    return this.watch.waitFor(
      () => this.framesSeen.find(matches),
      `frame: ${description}`,
      this.timeout(options),
    );
  }

  /** Resolves once an authenticated app has registered every one of these routes (`invite`, `cdr:start`, ...). */
  waitForRoutes(verbs: readonly string[], options: WaitOptions = {}): Promise<void> {
    const registered = (connection: AppConnection): boolean =>
      connection.isOpen && connection.authenticated && verbs.every((verb) => connection.routes.has(verb));
    return this.watch
      .waitFor(
        () => (this.connections.some(registered) ? true : undefined),
        `routes ${verbs.join(', ')}`,
        this.timeout(options),
      )
      .then(() => undefined);
  }

  /** Resolves once every app connection has closed. */
  waitForDisconnect(options: WaitOptions = {}): Promise<void> {
    return this.watch
      .waitFor(
        () =>
          this.connections.length > 0 && this.connections.every((connection) => !connection.isOpen)
            ? true
            : undefined,
        'every app connection to close',
        this.timeout(options),
      )
      .then(() => undefined);
  }

  /** A SIP peer at `address:port` on the network side. */
  peer(endpoint: Partial<Endpoint> = {}, user = 'peer'): SipPeer {
    return new SipPeer(
      this.network,
      { address: endpoint.address ?? '127.0.0.1', port: endpoint.port ?? 5070 },
      user,
    );
  }

  /** An INVITE from the default caller peer. */
  invite(options: NewRequestOptions = {}): NetworkCall {
    return this.callerPeer.invite(options);
  }

  /** Sends a request (verbatim) from the default caller peer or `from`. */
  sendRequest(request: SipMessage | string, options: { from?: Endpoint } = {}): PeerRequest {
    return (options.from ? this.peer(options.from) : this.callerPeer).sendRequest(request);
  }

  /** The next request the app makes the server send to the network (to any peer, or to `to`; `uri` picks by Request-URI). */
  waitForAppRequest(
    method: string,
    options: WaitOptions & { to?: Endpoint; uri?: string } = {},
  ): Promise<ReceivedRequest> {
    const { to, uri } = options;
    return this.inbox
      .take(
        (packet) =>
          packet.message.isRequest &&
          packet.message.method === method &&
          (to === undefined || (packet.to.address === to.address && packet.to.port === to.port)) &&
          (uri === undefined || packet.message.uri === uri),
        `${method} from the app${to ? ` to ${to.address}:${to.port}` : ''}${uri ? ` for ${uri}` : ''}`,
        this.timeout(options),
      )
      .then((packet) => new ReceivedRequest(this.network, this.peer(packet.to), packet.message));
  }

  /** Closes every app connection, as a drachtio-server restart or a network cut does; apps may connect again. */
  dropAppConnections(): void {
    for (const connection of this.connections) connection.destroy();
  }

  /** Drops all app connections and stops listening; pending waits fail. */
  async close(): Promise<void> {
    for (const connection of this.connections) connection.destroy();
    this.inbox.close(new Error('DrachtioTestServer closed'));
    const udpSocket = this.udpSocket;
    if (udpSocket) await new Promise<void>((resolve) => udpSocket.close(() => resolve()));
    await new Promise<void>((resolve) => this.tcpServer.close(() => resolve()));
  }

  private attachUdp(socket: Socket): void {
    this.udpSocket = socket;
    socket.on('message', (datagram, { address, port }) => {
      const text = datagram.toString('utf8');
      try {
        SipMessage.parse(text);
      } catch {
        return; // not a SIP message: dropped, as a SIP stack does
      }
      this.udpPeers.add(endpointKey({ address, port }));
      this.stack.receiveFromNetwork(text, { address, port });
    });
  }

  private toNetwork(packet: NetworkPacket): void {
    if (!this.udpSocket || !this.udpPeers.has(endpointKey(packet.to))) return this.inbox.push(packet);
    // UDP promises no delivery: a send error is a lost datagram, which SIP's retransmissions are for
    this.udpSocket.send(packet.message.toString(), packet.to.port, packet.to.address, () => undefined);
  }

  private receive(connection: AppConnection, payload: string): void {
    const control = parseControlMessage(payload);
    if (!connection.authenticated && control.kind !== 'authenticate') return connection.destroy();
    try {
      this.dispatch(connection, control);
    } catch (error) {
      connection.reply(control.msgId, ['NOK', `Server error: ${(error as Error).message}`]);
    }
  }

  private dispatch(connection: AppConnection, control: ControlMessage): void {
    const [verb = ''] = control.args;
    switch (control.kind) {
      case 'authenticate':
        return this.authenticate(connection, control);
      case 'route':
        connection.routes.add(verb);
        return connection.reply(control.msgId, ['OK']);
      case 'remove_route':
        connection.routes.delete(verb);
        return connection.reply(control.msgId, ['OK']);
      case 'ping':
        return connection.reply(control.msgId, ['OK', 'pong']);
      case 'sip':
        return this.stack.handleAppSip(connection, control);
      case 'proxy':
        return this.stack.handleAppProxy(connection, control);
      default:
        return connection.reply(control.msgId, ['NOK', `unknown message type ${control.kind}`]);
    }
  }

  private authenticate(connection: AppConnection, control: ControlMessage): void {
    if (control.args[0] !== this.secret) {
      connection.reply(control.msgId, ['NO', 'incorrect secret']);
      return connection.end();
    }
    connection.authenticated = true;
    const hostports = `tcp/${this.sipAddress},udp/${this.sipAddress}`;
    connection.reply(control.msgId, ['OK', hostports, this.version, hostports]);
    this.watch.changed();
  }

  private timeout(options: WaitOptions): number {
    return options.timeoutMs ?? this.timeoutMs;
  }
}

function endpointKey({ address, port }: Endpoint): string {
  return `${address}:${port}`;
}
