import { describe, expect, it } from 'vitest';
import { type FlowDocument } from './flow-model';
import { simulateFlow } from './flow-simulator';

const menuPrompt = { type: 'tts', text: 'Press 1 for sales' } as const;

const flow: FlowDocument = {
  startNodeId: 'menu',
  nodes: [
    {
      id: 'menu',
      kind: 'menu',
      prompt: menuPrompt,
      timeoutSeconds: 5,
      interDigitTimeoutSeconds: 2,
      maxDigits: 1,
      maxRetries: 0,
      options: { '1': 'Sales' },
      directDial: false,
      exits: { 'digit:1': 'sales', timeout: null, invalid: null },
    },
    {
      id: 'sales',
      kind: 'ring',
      targets: [
        { type: 'user', id: 'u1' },
        { type: 'user', id: 'u2' },
      ],
      strategy: 'round_robin',
      ringTimeoutSeconds: 20,
      exits: { answered: null, no_answer: null, busy: null },
    },
  ],
};

const at = new Date('2026-01-05T15:00:00Z');

describe('simulateFlow', () => {
  it('reports the actions and path of the start and of every event', () => {
    const steps = simulateFlow(flow, {
      at,
      from: '+15550001111',
      to: '+15559990000',
      roundRobinMemory: { sales: 1 },
      events: [
        { type: 'digits', digits: '1' },
        { type: 'leg_result', outcome: 'answered' },
      ],
    });
    expect(steps).toEqual([
      {
        event: null,
        actions: [
          { type: 'answer' },
          {
            type: 'gather',
            prompt: menuPrompt,
            timeoutSeconds: 5,
            interDigitTimeoutSeconds: 2,
            maxDigits: 1,
          },
        ],
        path: [],
        finished: false,
      },
      {
        event: { type: 'digits', digits: '1' },
        actions: [
          {
            type: 'dial',
            legId: 'simulated-call:leg:1',
            targets: [{ type: 'user', id: 'u2' }],
            strategy: 'round_robin',
            timeoutSeconds: 20,
            callerId: { number: '+15550001111' },
          },
        ],
        path: [{ nodeId: 'menu', kind: 'menu', exit: 'digit:1', at: at.toISOString(), digits: '1' }],
        finished: false,
        roundRobinMemory: { sales: 0 },
      },
      {
        event: { type: 'leg_result', outcome: 'answered' },
        actions: [{ type: 'hangup', reason: 'end_of_flow' }],
        path: [{ nodeId: 'sales', kind: 'ring', exit: 'answered', at: at.toISOString() }],
        finished: true,
      },
    ]);
  });

  it('stops at the end of the call, leaving later events unused', () => {
    const steps = simulateFlow(flow, {
      at,
      from: '+15550001111',
      to: '+15559990000',
      events: [{ type: 'gather_timeout' }, { type: 'digits', digits: '1' }],
    });
    expect(steps.map(({ event, finished }) => ({ event, finished }))).toEqual([
      { event: null, finished: false },
      { event: { type: 'gather_timeout' }, finished: true },
    ]);
  });
});
