import { describe, expect, it } from 'vitest';
import { adHocRingTimeoutSeconds, type QueueAgents, queueAgentsOf, targetsForRound } from './call-queue-wait';

const alice = { type: 'user', id: 'usr_alice' } as const;
const bob = { type: 'user', id: 'usr_bob' } as const;
const sales = {
  id: 'cq_sales',
  name: 'Sales',
  targets: [alice, bob],
  strategy: 'sequential',
  ringTimeoutSeconds: 15,
} as const;
const directory = {
  byName: async (_accountId: string, name: string) => (name === 'Sales' ? sales : null),
};

describe('queueAgentsOf', () => {
  it('takes a named queue’s agents, strategy and ring timeout, keyed by its id', async () => {
    expect(await queueAgentsOf('acc_1', { queueName: 'Sales' }, directory)).toEqual({
      queueKey: 'cq_sales',
      id: 'cq_sales',
      name: 'Sales',
      targets: [alice, bob],
      strategy: 'sequential',
      ringTimeoutSeconds: 15,
    });
  });

  it('is null for a queue name the account does not have', async () => {
    expect(await queueAgentsOf('acc_1', { queueName: 'Support' }, directory)).toBeNull();
  });

  it('rings a node’s own targets together, in a queue shared by nodes naming the same agents', async () => {
    const one = await queueAgentsOf('acc_1', { targets: [alice, bob] }, directory);
    const other = await queueAgentsOf('acc_1', { targets: [bob, alice] }, directory);
    expect(one).toMatchObject({
      targets: [alice, bob],
      strategy: 'simultaneous',
      ringTimeoutSeconds: adHocRingTimeoutSeconds,
    });
    expect(other!.queueKey).toBe(one!.queueKey);
    expect((await queueAgentsOf('acc_1', { targets: [alice] }, directory))!.queueKey).not.toBe(one!.queueKey);
  });
});

describe('targetsForRound', () => {
  const agents = (strategy: QueueAgents['strategy']): QueueAgents => ({
    queueKey: 'q',
    targets: [alice, bob],
    strategy,
    ringTimeoutSeconds: 10,
  });

  it('offers every agent at once for the simultaneous strategy', () => {
    expect(targetsForRound(agents('simultaneous'), 3)).toEqual([alice, bob]);
  });

  it.each(['sequential', 'round_robin', 'longest_idle'] as const)(
    'offers one agent per round in turn (%s)',
    (strategy) => {
      expect([0, 1, 2].map((round) => targetsForRound(agents(strategy), round))).toEqual([
        [alice],
        [bob],
        [alice],
      ]);
    },
  );
});
