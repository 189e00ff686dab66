import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BusinessHoursSchedule } from './business-hours';
import { type FlowAction, type FlowEvent } from './flow-actions';
import {
  advance,
  type AwaitedInput,
  type ExecutionContext,
  type ExecutionResult,
  fixedClock,
  startExecution,
} from './flow-executor';
import {
  FLOW_EXIT_RULES,
  FLOW_NODE_KINDS,
  type FlowDocument,
  type FlowNode,
  type FlowNodeKind,
  requiredExits,
} from './flow-model';
import { validateFlow } from './flow-validator';

const MAX_TARGETS = 3;

const office: BusinessHoursSchedule = {
  name: 'Office',
  timeZone: 'America/New_York',
  weekly: [{ day: 'mon', start: '09:00', end: '17:00' }],
  exceptions: [
    {
      name: 'Closure',
      dates: { type: 'date', date: '2026-01-06' },
      status: 'closed',
      destinationKey: 'holiday',
    },
  ],
};

// Open, closed, and during the keyed exception.
const instantArb = fc.constantFrom('2026-01-05T15:00:00Z', '2026-01-05T23:00:00Z', '2026-01-06T15:00:00Z');

const promptArb = fc.oneof(
  fc.record({ type: fc.constant('tts' as const), text: fc.constantFrom('Hello', 'Goodbye') }),
  fc.record({ type: fc.constant('audio' as const), audioId: fc.constantFrom('audio-1', 'audio-2') }),
);
const targetsArb = fc.array(
  fc.record({
    type: fc.constantFrom('user' as const, 'team' as const, 'device' as const),
    id: fc.constantFrom('u1', 'u2', 'd1'),
  }),
  { minLength: 1, maxLength: MAX_TARGETS },
);

/** A node of the kind without its exits. */
function configArb(kind: FlowNodeKind, id: string): fc.Arbitrary<Omit<FlowNode, 'exits'>> {
  switch (kind) {
    case 'schedule':
      return fc.constant({ id, kind, scheduleId: 'office' });
    case 'menu':
      return fc.record(
        {
          id: fc.constant(id),
          kind: fc.constant(kind),
          prompt: promptArb,
          invalidPrompt: promptArb,
          timeoutPrompt: promptArb,
          timeoutSeconds: fc.constant(5),
          interDigitTimeoutSeconds: fc.constant(2),
          maxDigits: fc.integer({ min: 2, max: 4 }),
          maxRetries: fc.integer({ min: 0, max: 3 }),
          repeatKey: fc.constant('*'),
          options: fc
            .subarray(['1', '2', '3'])
            .map((keys) => Object.fromEntries(keys.map((key) => [key, `Option ${key}`]))),
          directDial: fc.boolean(),
        },
        {
          requiredKeys: [
            'id',
            'kind',
            'prompt',
            'timeoutSeconds',
            'interDigitTimeoutSeconds',
            'maxDigits',
            'maxRetries',
            'options',
            'directDial',
          ],
        },
      );
    case 'play':
      return fc.record({ id: fc.constant(id), kind: fc.constant(kind), prompt: promptArb });
    case 'ring':
      return fc.record({
        id: fc.constant(id),
        kind: fc.constant(kind),
        targets: targetsArb,
        strategy: fc.constantFrom(
          'simultaneous' as const,
          'sequential' as const,
          'round_robin' as const,
          'longest_idle' as const,
        ),
        ringTimeoutSeconds: fc.constant(20),
      });
    case 'forward':
      return fc.constantFrom(
        { id, kind, destination: '+15551234567', callerIdPolicy: 'caller' as const },
        {
          id,
          kind,
          destination: 'sip:desk@pbx.example.com',
          callerIdPolicy: 'fixed' as const,
          fixedCallerId: '+15550000000',
        },
      );
    case 'voicemail':
      return fc.constant({ id, kind, boxId: 'box-1' });
    case 'queue':
      return fc.oneof(
        fc.constant({ id, kind, queueName: 'support', announcePosition: true, maxWaitSeconds: 60 }),
        targetsArb.map((targets) => ({ id, kind, targets, announcePosition: false, maxWaitSeconds: 60 })),
      );
    case 'webhook':
      return fc.constant({
        id,
        kind,
        url: 'https://hooks.example.com/call',
        timeoutSeconds: 5,
        method: 'POST' as const,
      });
    case 'set':
      return fc.constant({ id, kind, tags: ['seen'] });
    case 'hangup':
      return fc.constant({ id, kind });
  }
}

/**
 * Exits lead only to later nodes, except a menu's, which may lead anywhere: every loop then passes through a
 * menu, as validation requires.
 */
function nodeArb(index: number, count: number): fc.Arbitrary<FlowNode> {
  const ids = Array.from({ length: count }, (_, other) => other).map((other) => `n${other}`);
  return fc
    .constantFrom(...FLOW_NODE_KINDS)
    .chain((kind) => configArb(kind, `n${index}`))
    .chain((config) => {
      const reachable = config.kind === 'menu' ? ids : ids.slice(index + 1);
      const targetArb = reachable.length > 0 ? fc.option(fc.constantFrom(...reachable)) : fc.constant(null);
      const shape = { ...config, exits: {} } as FlowNode;
      const optional = config.kind === 'menu' ? [] : FLOW_EXIT_RULES[config.kind].optional;
      const exitNames = [
        ...requiredExits(shape),
        ...optional,
        ...(config.kind === 'schedule' ? ['exception:holiday'] : []),
      ];
      const exitsArb = fc.record(Object.fromEntries(exitNames.map((name) => [name, targetArb])), {
        requiredKeys: requiredExits(shape),
      });
      return exitsArb.map((exits) => ({ ...config, exits }) as FlowNode);
    });
}

/** Drops the nodes the start cannot reach, which keeps every exit pointing at a kept node. */
function withoutUnreachable(nodes: readonly FlowNode[]): FlowDocument {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const reached = new Set(['n0']);
  const pending = ['n0'];
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    for (const target of Object.values(byId.get(id)?.exits ?? {})) {
      if (target !== null && !reached.has(target)) {
        reached.add(target);
        pending.push(target);
      }
    }
  }
  return { startNodeId: 'n0', nodes: nodes.filter((node) => reached.has(node.id)) };
}

const flowArb = fc
  .integer({ min: 1, max: 10 })
  .chain((count) => fc.tuple(...Array.from({ length: count }, (_, index) => nodeArb(index, count))))
  .map(withoutUnreachable);

const contextArb = fc.record({
  callId: fc.constant('call-1'),
  accountId: fc.constant('account-1'),
  from: fc.constant('+15550001111'),
  to: fc.constant('+15559990000'),
  schedules: fc.constant({ office }),
  availability: fc.dictionary(
    fc.constantFrom('u1', 'u2', 'd1'),
    fc.constantFrom('available' as const, 'busy' as const, 'offline' as const),
  ),
  roundRobinMemory: fc.dictionary(fc.constantFrom('n0', 'n1', 'n2', 'n3'), fc.nat(10)),
  idleSince: fc.constant({ u2: '2026-01-05T08:00:00Z' }),
  extensions: fc.constant({ '201': { type: 'user' as const, id: 'u1' } }),
}) satisfies fc.Arbitrary<ExecutionContext>;

const eventArb: fc.Arbitrary<FlowEvent> = fc.oneof(
  fc.record({
    type: fc.constant('digits' as const),
    digits: fc.constantFrom('1', '2', '3', '*', '201', '999', ''),
  }),
  fc.constant({ type: 'gather_timeout' as const }),
  fc.record({
    type: fc.constant('leg_result' as const),
    outcome: fc.constantFrom('answered' as const, 'no_answer' as const, 'busy' as const, 'failed' as const),
  }),
  fc.record({
    type: fc.constant('webhook_response' as const),
    actions: fc.constantFrom<unknown>(
      [],
      [{ type: 'play', prompt: { type: 'tts', text: 'Hi' } }],
      [{ type: 'hangup' }],
      [{ type: 'dial' }],
      'junk',
    ),
  }),
  fc.constant({ type: 'webhook_error' as const }),
  fc.constant({ type: 'play_finished' as const }),
  fc.record({
    type: fc.constant('queue_result' as const),
    outcome: fc.constantFrom('answered' as const, 'overflow' as const),
  }),
  fc.constant({ type: 'voicemail_finished' as const }),
  fc.constant({ type: 'caller_hangup' as const }),
);

/** The action whose completion the awaited event reports. */
const AWAITED_ACTION: Record<AwaitedInput['kind'], FlowAction['type']> = {
  gather: 'gather',
  playback: 'play',
  leg: 'dial',
  webhook: 'http_request',
  queue: 'enqueue',
  voicemail: 'record_voicemail',
};

/** The event that ends a wait without the caller or anyone else doing anything. */
const NOTHING_HAPPENED: Record<AwaitedInput['kind'], FlowEvent> = {
  gather: { type: 'gather_timeout' },
  playback: { type: 'play_finished' },
  leg: { type: 'leg_result', outcome: 'no_answer' },
  webhook: { type: 'webhook_error' },
  queue: { type: 'queue_result', outcome: 'overflow' },
  voicemail: { type: 'voicemail_finished' },
};

function assertConsistent(
  flow: FlowDocument,
  previous: ExecutionResult | undefined,
  result: ExecutionResult,
): void {
  const ids = new Set(flow.nodes.map((node) => node.id));
  for (const step of result.path) expect(ids.has(step.nodeId)).toBe(true);
  const { awaiting } = result.state;
  if (result.finished) {
    expect(awaiting).toBeNull();
    return;
  }
  // Not finished: something is pending, at a node of the flow, started by the last action or still pending.
  expect(awaiting).not.toBeNull();
  if (!awaiting) return;
  expect(ids.has(awaiting.nodeId)).toBe(true);
  if (result.actions.length > 0) expect(result.actions.at(-1)?.type).toBe(AWAITED_ACTION[awaiting.kind]);
  else expect(result.state).toBe(previous?.state);
}

describe('executor properties', () => {
  it('generates flows that pass validation', () => {
    fc.assert(
      fc.property(flowArb, (flow) => {
        expect(validateFlow(flow)).toEqual({ valid: true, flow });
      }),
      { numRuns: 300 },
    );
  });

  it('never gets stuck and never leaves the graph, whatever the events', () => {
    fc.assert(
      fc.property(
        flowArb,
        contextArb,
        instantArb,
        fc.array(eventArb, { maxLength: 40 }),
        (flow, context, instant, events) => {
          const clock = fixedClock(new Date(instant));
          let result = startExecution(flow, context, clock);
          assertConsistent(flow, undefined, result);
          for (const event of events) {
            const next = advance(result.state, event, clock);
            assertConsistent(flow, result, next);
            result = next;
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('ends within a bounded number of events when nothing ever happens', () => {
    fc.assert(
      fc.property(flowArb, contextArb, instantArb, (flow, context, instant) => {
        const clock = fixedClock(new Date(instant));
        // Between two failed menu attempts the call crosses each other node at most once, each ring
        // node costing one event per target; failed attempts are never given back without valid input.
        const menuAttempts = flow.nodes.reduce(
          (sum, node) => sum + (node.kind === 'menu' ? node.maxRetries + 1 : 0),
          0,
        );
        const bound = flow.nodes.length * MAX_TARGETS * (menuAttempts + 2);
        let result = startExecution(flow, context, clock);
        let events = 0;
        while (result.state.awaiting && events <= bound) {
          result = advance(result.state, NOTHING_HAPPENED[result.state.awaiting.kind], clock);
          events += 1;
        }
        expect(result.finished).toBe(true);
        expect(events).toBeLessThanOrEqual(bound);
      }),
      { numRuns: 300 },
    );
  });
});
