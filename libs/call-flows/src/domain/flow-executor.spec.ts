import { describe, expect, it } from 'vitest';
import { type BusinessHoursSchedule } from './business-hours';
import { type FlowEvent } from './flow-actions';
import {
  advance,
  type ExecutionContext,
  type ExecutionResult,
  fixedClock,
  MAX_AUTOMATIC_STEPS,
  startExecution,
} from './flow-executor';
import { type FlowDocument, type FlowNode, type MenuNode, type RingNode } from './flow-model';

// Monday 2026-01-05, 10:00 in New York.
const now = '2026-01-05T15:00:00.000Z';
const clock = fixedClock(new Date(now));
const context: ExecutionContext = {
  callId: 'call-1',
  accountId: 'account-1',
  from: '+15550001111',
  to: '+15559990000',
};
const prompt = (text: string) => ({ type: 'tts', text }) as const;
const bye: FlowNode = { id: 'bye', kind: 'hangup', exits: {} };

function flowOf(...nodes: FlowNode[]): FlowDocument {
  return { startNodeId: nodes[0]?.id ?? '', nodes };
}

/** Starts the call and feeds the events, returning every result (the start's first). */
function call(
  flow: FlowDocument,
  events: readonly FlowEvent[] = [],
  callContext = context,
): ExecutionResult[] {
  const results = [startExecution(flow, callContext, clock)];
  for (const event of events) {
    const previous = results[results.length - 1];
    if (previous) results.push(advance(previous.state, event, clock));
  }
  return results;
}

function last(results: readonly ExecutionResult[]): ExecutionResult {
  const result = results[results.length - 1];
  if (!result) throw new Error('no results');
  return result;
}

const step = (nodeId: string, kind: FlowNode['kind'], exit: string | null, extra = {}) => ({
  nodeId,
  kind,
  exit,
  at: now,
  ...extra,
});

describe('executor: schedule node', () => {
  const officeHours: BusinessHoursSchedule = {
    name: 'Office',
    timeZone: 'America/New_York',
    weekly: [{ day: 'mon', start: '09:00', end: '17:00' }],
    exceptions: [
      {
        name: 'Closure',
        dates: { type: 'date', date: '2026-01-05' },
        status: 'closed',
        destinationKey: 'closure',
      },
    ],
  };
  const schedule = (exits: Record<string, string | null>): FlowNode => ({
    id: 'hours',
    kind: 'schedule',
    scheduleId: 'office',
    exits,
  });
  const flow = (exits: Record<string, string | null>) =>
    flowOf(
      schedule(exits),
      { id: 'open-msg', kind: 'play', prompt: prompt('Open'), exits: { next: null } },
      bye,
    );

  it('takes the open exit while open, without answering', () => {
    const open = { ...officeHours, exceptions: [] };
    const [start] = call(flow({ open: 'bye', closed: null }), [], {
      ...context,
      schedules: { office: open },
    });
    expect(start?.path).toEqual([step('hours', 'schedule', 'open'), step('bye', 'hangup', null)]);
    expect(start?.actions).toEqual([{ type: 'hangup', reason: 'hangup_node' }]);
  });

  it('takes the closed exit while closed, and when the schedule cannot be found', () => {
    const closed = { ...officeHours, exceptions: [], weekly: [] };
    const exits = { open: null, closed: 'open-msg' };
    expect(call(flow(exits), [], { ...context, schedules: { office: closed } })[0]?.path[0]).toEqual(
      step('hours', 'schedule', 'closed'),
    );
    expect(call(flow(exits))[0]?.path[0]).toEqual(step('hours', 'schedule', 'closed'));
  });

  it("takes a keyed exception's exit when the node has it, else closed", () => {
    const withSchedules = { ...context, schedules: { office: officeHours } };
    const [keyed] = call(
      flow({ open: null, closed: null, 'exception:closure': 'open-msg' }),
      [],
      withSchedules,
    );
    expect(keyed?.path[0]).toEqual(step('hours', 'schedule', 'exception:closure'));
    expect(keyed?.actions).toEqual([{ type: 'answer' }, { type: 'play', prompt: prompt('Open') }]);
    const [unkeyed] = call(flow({ open: null, closed: 'bye' }), [], withSchedules);
    expect(unkeyed?.path[0]).toEqual(step('hours', 'schedule', 'closed'));
  });
});

describe('executor: menu node', () => {
  const menu: MenuNode = {
    id: 'menu',
    kind: 'menu',
    prompt: prompt('Press 1 for sales'),
    invalidPrompt: prompt('Sorry, that is not an option'),
    timeoutPrompt: prompt('We did not hear anything'),
    timeoutSeconds: 5,
    interDigitTimeoutSeconds: 2,
    maxDigits: 4,
    maxRetries: 2,
    repeatKey: '*',
    options: { '1': 'Sales' },
    directDial: false,
    exits: { 'digit:1': 'bye', timeout: null, invalid: 'bye' },
  };
  const gather = {
    type: 'gather',
    prompt: menu.prompt,
    timeoutSeconds: 5,
    interDigitTimeoutSeconds: 2,
    maxDigits: 1,
  };

  it('answers, prompts and gathers one key', () => {
    const [start] = call(flowOf(menu, bye));
    expect(start?.actions).toEqual([{ type: 'answer' }, gather]);
    expect(start?.state.awaiting).toEqual({ kind: 'gather', nodeId: 'menu' });
    expect(start?.finished).toBe(false);
  });

  it('leaves by the digit exit of a chosen option', () => {
    const result = last(call(flowOf(menu, bye), [{ type: 'digits', digits: '1' }]));
    expect(result.path).toEqual([
      step('menu', 'menu', 'digit:1', { digits: '1' }),
      step('bye', 'hangup', null),
    ]);
  });

  it('replays the menu on the repeat key without using an attempt', () => {
    const results = call(flowOf(menu, bye), [
      { type: 'digits', digits: '*' },
      { type: 'gather_timeout' },
      { type: 'gather_timeout' },
    ]);
    expect(results[1]?.actions).toEqual([gather]);
    expect(results[3]?.finished).toBe(false);
    expect(results[3]?.state.menuFailures).toEqual({ menu: 2 });
  });

  it('retries with the invalid or timeout prompt, then leaves by the exit of the last failure', () => {
    const results = call(flowOf(menu, bye), [
      { type: 'digits', digits: '7' },
      { type: 'gather_timeout' },
      { type: 'digits', digits: '9' },
    ]);
    expect(results[1]?.actions).toEqual([{ type: 'play', prompt: menu.invalidPrompt }, gather]);
    expect(results[2]?.actions).toEqual([{ type: 'play', prompt: menu.timeoutPrompt }, gather]);
    expect(results[3]?.path).toEqual([step('menu', 'menu', 'invalid'), step('bye', 'hangup', null)]);
  });

  it('leaves by the timeout exit, and treats empty digits as a timeout', () => {
    const result = last(
      call(flowOf(menu, bye), [
        { type: 'gather_timeout' },
        { type: 'digits', digits: '' },
        { type: 'gather_timeout' },
      ]),
    );
    expect(result.path).toEqual([step('menu', 'menu', 'timeout')]);
    expect(result.actions).toEqual([{ type: 'hangup', reason: 'end_of_flow' }]);
    expect(result.state.endReason).toBe('end_of_flow');
  });

  it('routes a keyed extension through the extension exit and reports it', () => {
    const direct = { ...menu, directDial: true, exits: { ...menu.exits, extension: 'bye' } };
    const extensions = { '201': { type: 'user', id: 'user-201' } } as const;
    const results = call(flowOf(direct, bye), [{ type: 'digits', digits: '201' }], {
      ...context,
      extensions,
    });
    expect(results[0]?.actions[1]).toEqual({ ...gather, maxDigits: 4, finishOnKey: '#' });
    expect(results[1]?.path[0]).toEqual(
      step('menu', 'menu', 'extension', { digits: '201', extension: '201' }),
    );
    expect(results[1]?.state.dialledExtension).toEqual({ extension: '201', target: extensions['201'] });
    const unknown = call(flowOf(direct, bye), [{ type: 'digits', digits: '299' }], {
      ...context,
      extensions,
    });
    expect(unknown[1]?.actions[0]).toEqual({ type: 'play', prompt: menu.invalidPrompt });
  });

  it('hangs up when a caller returns to a menu whose attempts are used up without choosing since', () => {
    const loop: FlowNode = {
      id: 'again',
      kind: 'play',
      prompt: prompt('Let us try again'),
      exits: { next: 'menu' },
    };
    const looping = { ...menu, maxRetries: 0, exits: { ...menu.exits, timeout: 'again' } };
    const results = call(flowOf(looping, loop, bye), [{ type: 'gather_timeout' }, { type: 'play_finished' }]);
    expect(results[1]?.path).toEqual([step('menu', 'menu', 'timeout')]);
    expect(last(results).actions).toEqual([{ type: 'hangup', reason: 'menu_retries_exhausted' }]);
  });

  it('gives the attempts back once the caller chooses a valid option', () => {
    const back: FlowNode = {
      id: 'back',
      kind: 'play',
      prompt: prompt('Back to the menu'),
      exits: { next: 'menu' },
    };
    const looping = { ...menu, maxRetries: 0, exits: { 'digit:1': 'back', timeout: 'back', invalid: null } };
    const results = call(flowOf(looping, back), [
      { type: 'digits', digits: '1' },
      { type: 'play_finished' },
      { type: 'gather_timeout' },
      { type: 'play_finished' },
    ]);
    expect(results[2]?.state.awaiting).toEqual({ kind: 'gather', nodeId: 'menu' });
    expect(last(results).actions).toEqual([{ type: 'hangup', reason: 'menu_retries_exhausted' }]);
  });
});

describe('executor: play, voicemail, queue, set and hangup nodes', () => {
  it('plays a prompt, waits for it to finish, then leaves by next', () => {
    const results = call(
      flowOf({ id: 'hello', kind: 'play', prompt: prompt('Hi'), exits: { next: 'bye' } }, bye),
      [{ type: 'gather_timeout' }, { type: 'play_finished' }],
    );
    expect(results[0]?.actions).toEqual([{ type: 'answer' }, { type: 'play', prompt: prompt('Hi') }]);
    expect(results[1]).toEqual({ state: results[0]?.state, actions: [], path: [], finished: false });
    expect(results[2]?.path).toEqual([step('hello', 'play', 'next'), step('bye', 'hangup', null)]);
    expect(results[2]?.actions).toEqual([{ type: 'hangup', reason: 'hangup_node' }]);
  });

  it('records a voicemail, then leaves by done, or hangs up without it', () => {
    const voicemail: FlowNode = {
      id: 'vm',
      kind: 'voicemail',
      boxId: 'box-1',
      greeting: prompt('Leave a message'),
      exits: {},
    };
    const results = call(flowOf(voicemail), [{ type: 'voicemail_finished' }]);
    expect(results[0]?.actions).toEqual([
      { type: 'answer' },
      { type: 'record_voicemail', boxId: 'box-1', greeting: prompt('Leave a message'), beep: true },
    ]);
    expect(results[1]?.path).toEqual([step('vm', 'voicemail', 'done')]);
    expect(results[1]?.actions).toEqual([{ type: 'hangup', reason: 'end_of_flow' }]);
    const withDone = call(flowOf({ ...voicemail, exits: { done: 'bye' } }, bye), [
      { type: 'voicemail_finished' },
    ]);
    expect(withDone[1]?.path[1]).toEqual(step('bye', 'hangup', null));
  });

  it('queues the call and leaves by answered or overflow', () => {
    const queue: FlowNode = {
      id: 'queue',
      kind: 'queue',
      targets: [{ type: 'team', id: 'team-1' }],
      holdMusic: { type: 'audio', audioId: 'music' },
      announcePosition: true,
      maxWaitSeconds: 120,
      exits: { answered: null, overflow: 'bye' },
    };
    const [start] = call(flowOf(queue, bye));
    expect(start?.actions).toEqual([
      { type: 'answer' },
      {
        type: 'enqueue',
        targets: [{ type: 'team', id: 'team-1' }],
        holdMusic: { type: 'audio', audioId: 'music' },
        announcePosition: true,
        maxWaitSeconds: 120,
        callerId: { number: context.from },
      },
    ]);
    const answered = call(flowOf(queue, bye), [{ type: 'queue_result', outcome: 'answered' }]);
    expect(answered[1]?.path).toEqual([step('queue', 'queue', 'answered')]);
    const overflow = call(flowOf(queue, bye), [{ type: 'queue_result', outcome: 'overflow' }]);
    expect(overflow[1]?.path).toEqual([step('queue', 'queue', 'overflow'), step('bye', 'hangup', null)]);
  });

  it('tags the call and names the caller for later nodes', () => {
    const flow = flowOf(
      { id: 'set', kind: 'set', tags: ['vip'], callerIdName: 'VIP caller', exits: { next: 'ring' } },
      {
        id: 'ring',
        kind: 'ring',
        targets: [{ type: 'user', id: 'u1' }],
        strategy: 'simultaneous',
        ringTimeoutSeconds: 20,
        callerIdDisplay: 'number',
        exits: { no_answer: null, busy: null },
      },
    );
    const [start] = call(flow);
    expect(start?.actions).toEqual([
      { type: 'tag', tags: ['vip'], callerIdName: 'VIP caller' },
      {
        type: 'dial',
        legId: 'call-1:leg:1',
        targets: [{ type: 'user', id: 'u1' }],
        strategy: 'simultaneous',
        timeoutSeconds: 20,
        callerId: { number: context.to, name: 'VIP caller' },
      },
    ]);
    expect(start?.state.tags).toEqual(['vip']);
    expect(start?.path).toEqual([step('set', 'set', 'next')]);
  });

  it('ends the call at a null exit, and at the step guard for a flow looping without input', () => {
    const looping = flowOf(
      { id: 'a', kind: 'set', tags: ['a'], exits: { next: 'b' } },
      { id: 'b', kind: 'set', tags: ['b'], exits: { next: 'a' } },
    );
    const [start] = call(looping);
    expect(start?.path).toHaveLength(MAX_AUTOMATIC_STEPS);
    expect(start?.actions.at(-1)).toEqual({ type: 'hangup', reason: 'step_limit' });
    const [dangling] = call(flowOf({ id: 'a', kind: 'set', exits: { next: 'ghost' } }));
    expect(dangling?.actions.at(-1)).toEqual({ type: 'hangup', reason: 'invalid_flow' });
  });
});

describe('executor: ring node', () => {
  const ring = (strategy: RingNode['strategy'], targets: RingNode['targets']): RingNode => ({
    id: 'ring',
    kind: 'ring',
    targets,
    strategy,
    ringTimeoutSeconds: 15,
    exits: { answered: 'bye', no_answer: null, busy: null },
  });
  const users = (...ids: string[]) => ids.map((id) => ({ type: 'user', id }) as const);
  const dialled = (result: ExecutionResult | undefined) =>
    result?.actions.flatMap((action) =>
      action.type === 'dial' ? [action.targets.map((target) => ('id' in target ? target.id : ''))] : [],
    );

  it('rings every available target at once, without answering the caller', () => {
    const availability = { u2: 'offline', u3: 'busy' } as const;
    const results = call(flowOf(ring('simultaneous', users('u1', 'u2', 'u3', 'u4')), bye), [], {
      ...context,
      availability,
    });
    expect(dialled(results[0])).toEqual([['u1', 'u4']]);
    expect(results[0]?.actions.some((action) => action.type === 'answer')).toBe(false);
  });

  it('leaves by answered, no_answer or busy according to the leg', () => {
    const flow = flowOf(ring('simultaneous', users('u1')), bye);
    const answered = last(call(flow, [{ type: 'leg_result', outcome: 'answered', legId: 'call-1:leg:1' }]));
    expect(answered.path).toEqual([step('ring', 'ring', 'answered'), step('bye', 'hangup', null)]);
    expect(answered.state.answered).toBe(true);
    expect(last(call(flow, [{ type: 'leg_result', outcome: 'no_answer' }])).path).toEqual([
      step('ring', 'ring', 'no_answer'),
    ]);
    expect(last(call(flow, [{ type: 'leg_result', outcome: 'busy' }])).path).toEqual([
      step('ring', 'ring', 'busy'),
    ]);
  });

  it('skips straight to busy when every target is busy, and to no_answer when none can ring', () => {
    const busy = call(flowOf(ring('sequential', users('u1', 'u2')), bye), [], {
      ...context,
      availability: { u1: 'busy', u2: 'busy' },
    });
    expect(busy[0]?.path).toEqual([step('ring', 'ring', 'busy')]);
    const away = call(flowOf(ring('simultaneous', users('u1', 'u2')), bye), [], {
      ...context,
      availability: { u1: 'busy', u2: 'offline' },
    });
    expect(away[0]?.path).toEqual([step('ring', 'ring', 'no_answer')]);
  });

  it('rings sequential targets one at a time, moving on after no answer and skipping the unavailable', () => {
    const flow = flowOf(ring('sequential', users('u1', 'u2', 'u3', 'u4')), bye);
    const results = call(
      flow,
      [
        { type: 'leg_result', outcome: 'no_answer', legId: 'call-1:leg:1' },
        { type: 'leg_result', outcome: 'no_answer', legId: 'call-1:leg:1' },
        { type: 'leg_result', outcome: 'failed', legId: 'call-1:leg:2' },
      ],
      { ...context, availability: { u2: 'offline' } },
    );
    expect(results.map(dialled)).toEqual([[['u1']], [['u3']], [], [['u4']]]);
    expect(results[2]?.actions).toEqual([]);
    expect(results[3]?.state.awaiting).toMatchObject({
      kind: 'leg',
      legId: 'call-1:leg:3',
      remainingTargets: [],
    });
    const exhausted = advance(results[3]!.state, { type: 'leg_result', outcome: 'no_answer' }, clock);
    expect(exhausted.path).toEqual([step('ring', 'ring', 'no_answer')]);
  });

  it('leaves a sequential ring by busy only when every target was busy', () => {
    const flow = flowOf(ring('sequential', users('u1', 'u2')), bye);
    const allBusy = call(flow, [
      { type: 'leg_result', outcome: 'busy' },
      { type: 'leg_result', outcome: 'busy' },
    ]);
    expect(last(allBusy).path).toEqual([step('ring', 'ring', 'busy')]);
    const mixed = call(flow, [
      { type: 'leg_result', outcome: 'busy' },
      { type: 'leg_result', outcome: 'no_answer' },
    ]);
    expect(last(mixed).path).toEqual([step('ring', 'ring', 'no_answer')]);
  });

  it('starts round robin at the remembered target and returns the next one to remember', () => {
    const flow = flowOf(ring('round_robin', users('u1', 'u2', 'u3')), bye);
    const [start] = call(flow, [], { ...context, roundRobinMemory: { ring: 2 } });
    expect(dialled(start)).toEqual([['u3']]);
    expect(start?.roundRobinMemory).toEqual({ ring: 0 });
    expect(start?.state.awaiting).toMatchObject({ remainingTargets: users('u1', 'u2') });
    const fresh = call(flow)[0];
    expect(dialled(fresh)).toEqual([['u1']]);
    expect(fresh?.roundRobinMemory).toEqual({ ring: 1 });
    // A remembered index from before targets were removed wraps into range.
    expect(dialled(call(flow, [], { ...context, roundRobinMemory: { ring: 7 } })[0])).toEqual([['u2']]);
  });

  it('rings the longest idle target first, and targets of unknown idleness last', () => {
    const idleSince = { u1: '2026-01-05T14:00:00Z', u3: '2026-01-05T09:00:00Z' };
    const results = call(
      flowOf(ring('longest_idle', users('u1', 'u2', 'u3')), bye),
      [
        { type: 'leg_result', outcome: 'no_answer' },
        { type: 'leg_result', outcome: 'no_answer' },
      ],
      { ...context, idleSince },
    );
    expect(results.map(dialled)).toEqual([[['u3']], [['u1']], [['u2']]]);
  });
});

describe('executor: forward node', () => {
  const forward = (policy: 'caller' | 'number' | 'fixed'): FlowNode => ({
    id: 'forward',
    kind: 'forward',
    destination: 'sip:desk@pbx.example.com',
    callerIdPolicy: policy,
    ...(policy === 'fixed' ? { fixedCallerId: '+15550000000' } : {}),
    exits: { answered: null, failed: 'bye' },
  });

  it('dials the destination with the caller id of its policy', () => {
    const callerIds = (['caller', 'number', 'fixed'] as const).map((policy) => {
      const action = call(flowOf(forward(policy), bye))[0]?.actions[0];
      return action?.type === 'dial' ? action.callerId.number : undefined;
    });
    expect(callerIds).toEqual([context.from, context.to, '+15550000000']);
    expect(call(flowOf(forward('caller'), bye))[0]?.actions).toEqual([
      {
        type: 'dial',
        legId: 'call-1:leg:1',
        targets: [{ type: 'external', address: 'sip:desk@pbx.example.com' }],
        strategy: 'simultaneous',
        timeoutSeconds: 60,
        callerId: { number: context.from },
      },
    ]);
  });

  it('leaves by answered, or by failed for any other outcome', () => {
    const flow = flowOf(forward('caller'), bye);
    expect(last(call(flow, [{ type: 'leg_result', outcome: 'answered' }])).path).toEqual([
      step('forward', 'forward', 'answered'),
    ]);
    for (const outcome of ['no_answer', 'busy', 'failed'] as const) {
      expect(last(call(flow, [{ type: 'leg_result', outcome }])).path[0]).toEqual(
        step('forward', 'forward', 'failed'),
      );
    }
  });
});

describe('executor: webhook node', () => {
  const flow = flowOf(
    { id: 'set', kind: 'set', tags: ['inbound'], exits: { next: 'hook' } },
    {
      id: 'hook',
      kind: 'webhook',
      url: 'https://crm.example.com/route',
      timeoutSeconds: 4,
      method: 'POST',
      exits: { next: 'bye', fallback: null },
    },
    bye,
  );

  it('asks the endpoint, describing the call', () => {
    expect(call(flow)[0]?.actions[1]).toEqual({
      type: 'http_request',
      url: 'https://crm.example.com/route',
      method: 'POST',
      timeoutSeconds: 4,
      body: {
        callId: 'call-1',
        accountId: 'account-1',
        from: context.from,
        to: context.to,
        nodeId: 'hook',
        tags: ['inbound'],
      },
    });
  });

  it('carries out the returned actions, answering before media, then leaves by next', () => {
    const actions = [
      { type: 'play', prompt: prompt('Welcome back') },
      { type: 'tag', tags: ['known'], callerIdName: 'Ada' },
    ];
    const result = last(call(flow, [{ type: 'webhook_response', actions }]));
    expect(result.actions).toEqual([
      { type: 'answer' },
      { type: 'play', prompt: prompt('Welcome back') },
      { type: 'tag', tags: ['known'], callerIdName: 'Ada' },
      { type: 'hangup', reason: 'hangup_node' },
    ]);
    expect(result.path).toEqual([step('hook', 'webhook', 'next'), step('bye', 'hangup', null)]);
    expect(result.state.tags).toEqual(['inbound', 'known']);
  });

  it('hangs up when the endpoint says so', () => {
    const result = last(call(flow, [{ type: 'webhook_response', actions: [{ type: 'hangup' }] }]));
    expect(result.actions).toEqual([{ type: 'hangup', reason: 'webhook' }]);
    expect(result.path).toEqual([step('hook', 'webhook', null)]);
  });

  it('leaves by fallback on an error or a response with invalid actions', () => {
    const invalidResponses: unknown[] = [
      [{ type: 'dial' }],
      { type: 'play' },
      [{ type: 'hangup' }, { type: 'answer' }],
    ];
    for (const actions of invalidResponses) {
      const result = last(call(flow, [{ type: 'webhook_response', actions }]));
      expect(result.path).toEqual([step('hook', 'webhook', 'fallback')]);
      expect(result.actions).toEqual([{ type: 'hangup', reason: 'end_of_flow' }]);
    }
    expect(last(call(flow, [{ type: 'webhook_error' }])).path).toEqual([step('hook', 'webhook', 'fallback')]);
  });
});

describe('executor: the caller hanging up and events after the end', () => {
  const flow = flowOf({ id: 'hello', kind: 'play', prompt: prompt('Hi'), exits: { next: 'bye' } }, bye);

  it('finishes without a hangup action when the caller hangs up', () => {
    const result = last(call(flow, [{ type: 'caller_hangup' }]));
    expect(result).toMatchObject({ actions: [], path: [step('hello', 'play', null)], finished: true });
    expect(result.state).toMatchObject({ finished: true, endReason: 'caller_hangup', awaiting: null });
  });

  it('ignores events once finished', () => {
    const ended = last(call(flow, [{ type: 'caller_hangup' }]));
    expect(advance(ended.state, { type: 'play_finished' }, clock)).toEqual({
      state: ended.state,
      actions: [],
      path: [],
      finished: true,
    });
  });
});
