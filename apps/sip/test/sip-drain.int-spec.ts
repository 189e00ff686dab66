import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dial, type SipTestBed, startSipTestBed, type TestDevice } from './sip-test-bed';

describe('graceful drain on shutdown', () => {
  let bed: SipTestBed;
  let desk: TestDevice;

  beforeAll(async () => {
    bed = await startSipTestBed({ SIP_DRAIN_TIMEOUT_SECONDS: '30' });
    desk = await bed.createDevice('4001');
    await bed.buyNumber();
  });
  afterAll(() => bed.close());

  it('refuses new calls with 503 while live calls go on, and stops once they ended', async () => {
    const peer = bed.server.peer({ address: '127.0.4.1', port: 5062 }, 'phone');
    const live = await dial(peer, desk, '+14155550160');
    await live.expectResponse(200);
    live.ack();

    let stopped = false;
    const stopping = bed.closeApp().then(() => (stopped = true));
    await bed.logs.waitFor((line) => line.msg === 'draining: waiting for live calls to end');

    const refused = bed.server.peer({ address: '127.0.4.2', port: 5062 }, 'phone').invite({
      requestUri: `sip:+14155550161@${desk.sipDomain}`,
      from: `<sip:${desk.username}@${desk.sipDomain}>`,
    });
    const unavailable = await refused.expectResponse(503);
    expect(unavailable.get('retry-after')).toBe('5');
    expect(stopped).toBe(false);

    await live.bye().expectResponse(200);
    await stopping;
    await bed.server.waitForDisconnect();
  });
});

describe('losing the connection to drachtio-server', () => {
  let bed: SipTestBed;
  let desk: TestDevice;

  beforeAll(async () => {
    bed = await startSipTestBed();
    desk = await bed.createDevice('4101');
    await bed.buyNumber();
  });
  afterAll(() => bed.close());

  it('closes the records of the calls that went with it, reconnects and takes new calls', async () => {
    const peer = bed.server.peer({ address: '127.0.4.11', port: 5062 }, 'phone');
    const live = await dial(peer, desk, '+14155550170');
    await live.expectResponse(200);
    live.ack();

    bed.server.dropAppConnections();
    await bed.logs.waitFor(
      (line) => line.msg === 'closed the records of calls lost with the drachtio connection',
    );
    await bed.server.waitForRoutes(['invite', 'register']);
    await bed.settled();
    const listed = await bed.apiRequest('GET', '/v1/calls?number=%2B14155550170');
    expect(listed.body.data[0]).toMatchObject({
      status: 'completed',
      hangupSource: 'system',
      sipReason: 'Lost the control connection to drachtio-server',
    });

    const next = await dial(
      bed.server.peer({ address: '127.0.4.12', port: 5062 }, 'phone'),
      desk,
      '+14155550171',
    );
    await next.expectResponse(200);
    next.ack();
    await next.bye().expectResponse(200);
  });
});
