import { testEnvironment } from '@switchyard/testing';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CallControlBus, type CallControlCommand } from './call-control.bus';
import { CallsRedis } from './calls-redis';

describe('CallControlBus', () => {
  const env = testEnvironment();
  const connections: CallsRedis[] = [];
  const stops: (() => Promise<void>)[] = [];
  /** A bus on its own connection, as each process (the api, every sip instance) has one. */
  const bus = () => {
    const redis = new CallsRedis(new Redis(env.REDIS_URL!), env.REDIS_KEY_PREFIX!);
    connections.push(redis);
    return new CallControlBus(redis);
  };
  const api = bus();
  /** A sip instance holding these calls: it answers for them and stays silent about the others. */
  async function sipInstance(held: readonly string[], heard: [string, CallControlCommand][] = []) {
    const instance = bus();
    stops.push(
      await instance.serve(async (callId, command) => {
        heard.push([callId, command]);
        return held.includes(callId) ? { ok: true, recordingId: `rec_of_${callId}` } : null;
      }),
    );
    return instance;
  }

  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });
  afterAll(() => {
    api.onApplicationShutdown();
    for (const connection of connections) connection.onApplicationShutdown();
  });

  it('delivers a request to every instance and resolves with the reply of the one holding the call', async () => {
    const heardByOther: [string, CallControlCommand][] = [];
    await sipInstance(['call_a'], []);
    await sipInstance(['call_b'], heardByOther);
    const command: CallControlCommand = { type: 'recording.start', layout: 'mixed' };

    expect(await api.request('call_b', command)).toEqual({ ok: true, recordingId: 'rec_of_call_b' });
    expect(await api.request('call_a', command)).toEqual({ ok: true, recordingId: 'rec_of_call_a' });
    expect(heardByOther).toEqual([
      ['call_b', command],
      ['call_a', command],
    ]);
  });

  it('keeps concurrent requests apart', async () => {
    await sipInstance(['call_a', 'call_b', 'call_c']);
    const replies = await Promise.all(
      ['call_a', 'call_b', 'call_c'].map((callId) => api.request(callId, { type: 'transfer', to: '101' })),
    );
    expect(replies.map((reply) => reply?.ok && reply.recordingId)).toEqual([
      'rec_of_call_a',
      'rec_of_call_b',
      'rec_of_call_c',
    ]);
  });

  it('resolves with null when no instance holds the call, or none listens', async () => {
    expect(await api.request('call_nobody', { type: 'transfer', to: '101' }, 50)).toBeNull();
    await sipInstance(['call_a']);
    await sipInstance([]);
    expect(
      await api.request('call_nobody', { type: 'recording.stop', recordingId: 'rec_1' }, 200),
    ).toBeNull();
  });

  it('passes refusals through and answers call_control_failed when the holder’s handler throws', async () => {
    const instance = bus();
    stops.push(
      await instance.serve(async (callId) => {
        if (callId === 'call_refused') return { ok: false, code: 'call_not_answered', detail: 'Not yet.' };
        throw new Error('media engine exploded');
      }),
    );
    expect(await api.request('call_refused', { type: 'recording.start', layout: 'mixed' })).toEqual({
      ok: false,
      code: 'call_not_answered',
      detail: 'Not yet.',
    });
    expect(await api.request('call_broken', { type: 'recording.start', layout: 'mixed' })).toEqual({
      ok: false,
      code: 'call_control_failed',
      detail: 'media engine exploded',
    });
  });

  it('ignores malformed messages on the request channel', async () => {
    const heard: [string, CallControlCommand][] = [];
    await sipInstance(['call_a'], heard);
    await connections[0]!.client.publish(`${env.REDIS_KEY_PREFIX}:calls:control`, 'not json');
    await connections[0]!.client.publish(`${env.REDIS_KEY_PREFIX}:calls:control`, '{"callId":"call_a"}');
    expect(await api.request('call_a', { type: 'transfer', to: '101' })).toMatchObject({ ok: true });
    expect(heard).toEqual([['call_a', { type: 'transfer', to: '101' }]]);
  });
});
