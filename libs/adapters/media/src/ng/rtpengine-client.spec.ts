import { createSocket, type RemoteInfo, Socket } from 'node:dgram';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MediaEngineUnavailableError, MediaRequestRefusedError } from '@switchyard/contracts';
import { bdecode, bencode, type BencodeInput, toPlain } from './bencode';
import {
  RtpengineClient,
  RtpengineClientClosedError,
  RtpengineCommandError,
  RtpengineTimeoutError,
} from './rtpengine-client';

interface ReceivedRequest {
  readonly cookie: string;
  readonly body: Record<string, unknown>;
  reply(answer: { [key: string]: BencodeInput }, cookie?: string): void;
  replyRaw(datagram: Buffer): void;
}

/** A UDP socket standing in for rtpengine's ng port: the test decides what each request gets back. */
class FakeNgServer {
  readonly requests: ReceivedRequest[] = [];
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: Socket) {
    socket.on('message', (message, remote) => this.receive(message, remote));
  }

  static async start(): Promise<FakeNgServer> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new FakeNgServer(socket);
  }

  get port(): number {
    return this.socket.address().port;
  }

  async nextRequest(index: number): Promise<ReceivedRequest> {
    while (this.requests.length <= index) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.requests[index]!;
  }

  private receive(message: Buffer, remote: RemoteInfo): void {
    const space = message.indexOf(0x20);
    const cookie = message.toString('latin1', 0, space);
    const send = (datagram: Buffer) => this.socket.send(datagram, remote.port, remote.address);
    this.requests.push({
      cookie,
      body: toPlain(bdecode(message.subarray(space + 1))) as Record<string, unknown>,
      reply: (answer, replyCookie = cookie) =>
        send(Buffer.concat([Buffer.from(`${replyCookie} `), bencode(answer)])),
      replyRaw: send,
    });
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}

describe('RtpengineClient', () => {
  let server: FakeNgServer;
  let client: RtpengineClient;

  beforeEach(async () => {
    server = await FakeNgServer.start();
    client = await RtpengineClient.connect({
      host: '127.0.0.1',
      port: server.port,
      timeoutMs: 300,
      retransmitAfterMs: 100,
    });
  });
  afterEach(async () => {
    await client.close();
    server.socket.close();
  });

  it('sends the command with its parameters under a fresh cookie and resolves with the answer', async () => {
    const first = client.command('offer', { 'call-id': 'c1', sdp: 'v=0' });
    const request = await server.nextRequest(0);
    expect(request.body).toEqual({ command: 'offer', 'call-id': 'c1', sdp: 'v=0' });
    request.reply({ result: 'ok', sdp: 'v=0 answered' });
    expect(toPlain({ ...(await first) })).toEqual({ result: 'ok', sdp: 'v=0 answered' });

    const second = client.ping();
    const ping = await server.nextRequest(1);
    expect(ping.cookie).not.toBe(request.cookie);
    ping.reply({ result: 'pong' });
    await second;
  });

  it('matches answers to requests by cookie, whatever their order', async () => {
    const a = client.command('query', { 'call-id': 'a' });
    const b = client.command('query', { 'call-id': 'b' });
    const [requestA, requestB] = [await server.nextRequest(0), await server.nextRequest(1)];
    const byCall = new Map([requestA, requestB].map((request) => [request.body['call-id'], request]));
    byCall.get('b')!.reply({ result: 'ok', which: 'b' });
    byCall.get('a')!.reply({ result: 'ok', which: 'a' });
    expect((await a)['which']?.toString()).toBe('a');
    expect((await b)['which']?.toString()).toBe('b');
  });

  it('turns an error answer into RtpengineCommandError with the reason', async () => {
    const answer = client.command('query', { 'call-id': 'missing' });
    (await server.nextRequest(0)).reply({ result: 'error', 'error-reason': 'Unknown call-id' });
    const error = await answer.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RtpengineCommandError);
    expect(error).toBeInstanceOf(MediaRequestRefusedError);
    expect(error).toMatchObject({ command: 'query', reason: 'Unknown call-id' });
  });

  it('retransmits with the same cookie until answered', async () => {
    const answer = client.ping();
    const [first, again] = [await server.nextRequest(0), await server.nextRequest(1)];
    expect(again.cookie).toBe(first.cookie);
    again.reply({ result: 'pong' });
    await answer;
  });

  it('waits twice as long before each retransmission, until the timeout', async () => {
    const patient = await RtpengineClient.connect({
      host: '127.0.0.1',
      port: server.port,
      timeoutMs: 1000,
      retransmitAfterMs: 100,
    });
    const sends = vi.spyOn(Socket.prototype, 'send');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const answer = patient.ping().catch((caught: unknown) => caught);
      let elapsedMs = 0;
      const sendsAt = async (ms: number) => {
        await vi.advanceTimersByTimeAsync(ms - elapsedMs);
        elapsedMs = ms;
        return sends.mock.calls.length;
      };
      // Sent at 0, 100, 300 and 700 ms; the next wait (800 ms) would end past the timeout.
      expect([await sendsAt(0), await sendsAt(99), await sendsAt(100), await sendsAt(299)]).toEqual([
        1, 1, 2, 2,
      ]);
      expect([await sendsAt(300), await sendsAt(699), await sendsAt(700), await sendsAt(999)]).toEqual([
        3, 3, 4, 4,
      ]);
      await sendsAt(1000);
      expect(await answer).toBeInstanceOf(RtpengineTimeoutError);
      expect(sends).toHaveBeenCalledTimes(4);
    } finally {
      vi.useRealTimers();
      sends.mockRestore();
      await patient.close();
    }
  });

  it('rejects with a timeout error and keeps working afterwards', async () => {
    const error = await client.ping().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RtpengineTimeoutError);
    expect(error).toBeInstanceOf(MediaEngineUnavailableError);

    const answer = client.ping();
    const later = await server.nextRequest(server.requests.length);
    later.reply({ result: 'pong' });
    await answer;
  });

  it('ignores answers with unknown cookies and rejects undecodable answers', async () => {
    const answer = client.ping();
    const request = await server.nextRequest(0);
    request.reply({ result: 'pong' }, 'somebodyelse');
    request.replyRaw(Buffer.from(`${request.cookie} d6:result`));
    await expect(answer).rejects.toThrow(/undecodable answer/);
  });

  it('rejects commands pending at close and any after it', async () => {
    const pending = client.ping();
    await server.nextRequest(0);
    await client.close();
    await expect(pending).rejects.toBeInstanceOf(RtpengineClientClosedError);
    await expect(client.ping()).rejects.toBeInstanceOf(RtpengineClientClosedError);
  });

  it('times out, without crashing, when nothing listens on the port', async () => {
    const port = server.port;
    server.socket.close();
    server = await FakeNgServer.start();
    const lonely = await RtpengineClient.connect({ host: '127.0.0.1', port, timeoutMs: 200 });
    await expect(lonely.ping()).rejects.toBeInstanceOf(RtpengineTimeoutError);
    await lonely.close();
  });
});
