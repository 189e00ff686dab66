import { WebhookReceiver } from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookHttpClient } from './webhook-http.client';

describe('WebhookHttpClient (a receiver on 127.0.0.1)', () => {
  let receiver: WebhookReceiver;
  const client = new WebhookHttpClient(300);
  const loopback = { address: '127.0.0.1', family: 4 as const };

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => {
    client.close();
    await receiver.close();
  });

  it('connects to the checked address, never asking DNS, while the URL keeps naming the host', async () => {
    receiver.url('/pinned', () => ({ status: 202, body: 'x'.repeat(5000), headers: { 'Retry-After': '7' } }));
    const port = new URL(receiver.origin).port;
    // No resolver knows this name: the request can only arrive through the pinned address.
    const url = new URL(`http://hooks.invalid:${port}/pinned`);
    const response = await client.post({
      url,
      target: loopback,
      body: '{"a":1}',
      headers: { 'X-Event-Id': 'evt_1' },
    });
    expect(response).toMatchObject({ kind: 'response', statusCode: 202, retryAfter: '7' });
    expect(response.kind === 'response' && response.body).toHaveLength(1024);
    const [request] = receiver.requestsTo('/pinned');
    expect(request!.headers.host).toBe(`hooks.invalid:${port}`);
    expect(request!.headers['content-length']).toBe('7');
    expect(request!.body).toBe('{"a":1}');
  });

  it('gives up on a receiver that does not answer in time', async () => {
    const url = new URL(receiver.url('/silent', () => 'hold'));
    const response = await client.post({ url, target: loopback, body: '{}', headers: {} });
    expect(response).toMatchObject({ kind: 'network_error', error: expect.stringMatching(/^ETIMEDOUT/) });
    expect(response.latencyMs).toBeGreaterThanOrEqual(290);
    receiver.releaseHeld();
  });
});
