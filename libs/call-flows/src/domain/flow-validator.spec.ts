import { describe, expect, it } from 'vitest';
import { type FlowDocument, FLOW_NODE_KINDS, MAX_FLOW_BYTES, MAX_FLOW_NODES } from './flow-model';
import {
  type FlowReferences,
  MAX_SIMULATION_EVENTS,
  referencedIds,
  validateFlow,
  validateFlowEvents,
  validateWebhookActions,
} from './flow-validator';

const tts = (text: string) => ({ type: 'tts', text }) as const;

const flow = {
  startNodeId: 'hours',
  nodes: [
    {
      id: 'hours',
      kind: 'schedule',
      scheduleId: 'schedule-1',
      exits: { open: 'menu', closed: 'voicemail', 'exception:holiday': 'holiday' },
    },
    {
      id: 'menu',
      kind: 'menu',
      prompt: tts('Press 1 for sales, 2 for our partner desk, or dial an extension.'),
      timeoutSeconds: 5,
      interDigitTimeoutSeconds: 3,
      maxDigits: 4,
      maxRetries: 2,
      repeatKey: '*',
      options: { '1': 'Sales', '2': 'Partners' },
      directDial: true,
      exits: {
        'digit:1': 'sales',
        'digit:2': 'crm',
        timeout: 'voicemail',
        invalid: 'voicemail',
        extension: 'forward',
      },
    },
    {
      id: 'sales',
      kind: 'ring',
      targets: [
        { type: 'team', id: 'team-sales' },
        { type: 'user', id: 'user-1' },
      ],
      strategy: 'sequential',
      ringTimeoutSeconds: 20,
      exits: { answered: null, no_answer: 'queue', busy: 'queue' },
    },
    {
      id: 'queue',
      kind: 'queue',
      queueName: 'support',
      announcePosition: true,
      maxWaitSeconds: 300,
      exits: { overflow: 'voicemail' },
    },
    {
      id: 'crm',
      kind: 'webhook',
      url: 'https://crm.example.com/route',
      timeoutSeconds: 5,
      method: 'POST',
      exits: { next: 'tag', fallback: 'voicemail' },
    },
    { id: 'tag', kind: 'set', tags: ['partner'], callerIdName: 'Partner', exits: { next: 'forward' } },
    {
      id: 'forward',
      kind: 'forward',
      destination: '+15551234567',
      callerIdPolicy: 'fixed',
      fixedCallerId: '+15550000000',
      exits: { failed: 'voicemail' },
    },
    {
      id: 'holiday',
      kind: 'play',
      prompt: { type: 'audio', audioId: 'audio-closed' },
      exits: { next: 'bye' },
    },
    { id: 'voicemail', kind: 'voicemail', boxId: 'box-1', exits: {} },
    { id: 'bye', kind: 'hangup', exits: {} },
  ],
} satisfies FlowDocument;

const references: FlowReferences = {
  users: new Set(['user-1']),
  teams: new Set(['team-sales']),
  voicemailBoxes: new Set(['box-1']),
  schedules: new Set(['schedule-1']),
  audio: new Set(['audio-closed']),
  queues: new Set(['support']),
};

type NodeIndex = number;

/** The fixture with some nodes changed (as untyped JSON, as the API receives it). */
function changed(changes: Record<NodeIndex, (node: Record<string, unknown>) => Record<string, unknown>>) {
  return {
    ...flow,
    nodes: flow.nodes.map((node, index) => changes[index]?.({ ...node }) ?? node),
  };
}

function errorsOf(input: unknown, refs?: FlowReferences) {
  const result = validateFlow(input, refs);
  return result.valid ? [] : result.errors;
}

describe('validateFlow', () => {
  it('accepts a flow using every kind of node, and returns it typed', () => {
    expect(new Set(flow.nodes.map((node) => node.kind))).toEqual(new Set(FLOW_NODE_KINDS));
    expect(validateFlow(flow, references)).toEqual({ valid: true, flow });
  });

  it('reports a document that is not a flow', () => {
    expect(errorsOf({ startNodeId: 'a', nodes: {} })).toEqual([
      { code: 'invalid_document', path: '/nodes', message: 'must be an array' },
    ]);
  });

  it('reports an unknown node kind', () => {
    const input = changed({ 9: (node) => ({ ...node, kind: 'teleport' }) });
    expect(errorsOf(input)).toEqual([
      {
        code: 'unknown_node_kind',
        nodeId: 'bye',
        path: '/nodes/9/kind',
        message: 'must be one of schedule, menu, play, ring, forward, voicemail, queue, webhook, set, hangup',
      },
    ]);
  });

  it('reports an invalid field of a node with its path', () => {
    expect(errorsOf(changed({ 1: (node) => ({ ...node, timeoutSeconds: 0 }) }))).toEqual([
      {
        code: 'invalid_node_config',
        nodeId: 'menu',
        path: '/nodes/1/timeoutSeconds',
        message: 'must be at least 1',
      },
    ]);
    expect(errorsOf(changed({ 7: (node) => ({ ...node, prompt: { type: 'video', url: 'x' } }) }))).toEqual([
      {
        code: 'invalid_node_config',
        nodeId: 'holiday',
        path: '/nodes/7/prompt/type',
        message: 'must be one of "tts", "audio"',
      },
    ]);
    expect(errorsOf(changed({ 6: ({ fixedCallerId: _, ...node }) => node }))).toEqual([
      {
        code: 'invalid_node_config',
        nodeId: 'forward',
        path: '/nodes/6/fixedCallerId',
        message: 'is required',
      },
    ]);
    expect(errorsOf(changed({ 6: (node) => ({ ...node, destination: 'tel:123' }) }))).toEqual([
      {
        code: 'invalid_node_config',
        nodeId: 'forward',
        path: '/nodes/6/destination',
        message: 'must be an E.164 number (+15551234567) or a sip: URI',
      },
    ]);
  });

  it('reports configuration rules that span fields', () => {
    expect(
      errorsOf(changed({ 3: (node) => ({ ...node, targets: [{ type: 'user', id: 'user-1' }] }) })),
    ).toEqual([
      { code: 'invalid_node_config', nodeId: 'queue', path: '/nodes/3/targets', message: 'is not allowed' },
    ]);
    expect(errorsOf(changed({ 1: (node) => ({ ...node, maxDigits: 1 }) }))).toEqual([
      {
        code: 'invalid_node_config',
        nodeId: 'menu',
        path: '/nodes/1/maxDigits',
        message: 'must be at least 2',
      },
    ]);
    expect(errorsOf(changed({ 1: (node) => ({ ...node, repeatKey: '1' }) }))).toEqual([
      {
        code: 'invalid_node_config',
        nodeId: 'menu',
        path: '/nodes/1/repeatKey',
        message: 'must not also be an option key',
      },
    ]);
  });

  it('reports a duplicate node id', () => {
    expect(errorsOf(changed({ 9: (node) => ({ ...node, id: 'tag' }) }))).toEqual([
      {
        code: 'duplicate_node_id',
        nodeId: 'tag',
        path: '/nodes/9/id',
        message: 'is already the id of /nodes/5',
      },
      // The holiday prompt's exit now leads nowhere, since "bye" is gone.
      {
        code: 'dangling_exit',
        nodeId: 'holiday',
        path: '/nodes/7/exits/next',
        message: 'leads to "bye", which is not a node of this flow',
      },
    ]);
  });

  it('reports a start node that does not exist', () => {
    expect(errorsOf({ ...flow, startNodeId: 'nowhere' })).toEqual([
      { code: 'missing_start_node', path: '/startNodeId', message: '"nowhere" is not the id of any node' },
    ]);
  });

  it('reports an exit the kind of node does not have', () => {
    expect(errorsOf(changed({ 7: (node) => ({ ...node, exits: { next: 'bye', done: 'bye' } }) }))).toEqual([
      {
        code: 'unknown_exit',
        nodeId: 'holiday',
        path: '/nodes/7/exits/done',
        message: 'is not an exit of this play node',
      },
    ]);
    const menuExits = { ...flow.nodes[1]!.exits, 'digit:9': 'bye' };
    expect(errorsOf(changed({ 1: (node) => ({ ...node, exits: menuExits }) }))).toEqual([
      {
        code: 'unknown_exit',
        nodeId: 'menu',
        path: '/nodes/1/exits/digit:9',
        message: 'is not an exit of this menu node',
      },
    ]);
  });

  it('reports an exit leading to a node that does not exist', () => {
    expect(errorsOf(changed({ 5: (node) => ({ ...node, exits: { next: 'ghost' } }) }))).toEqual([
      {
        code: 'dangling_exit',
        nodeId: 'tag',
        path: '/nodes/5/exits/next',
        message: 'leads to "ghost", which is not a node of this flow',
      },
    ]);
  });

  it('reports a required exit left out, but accepts null and optional exits left out', () => {
    expect(
      errorsOf(changed({ 2: (node) => ({ ...node, exits: { answered: null, no_answer: 'queue' } }) })),
    ).toEqual([
      {
        code: 'missing_exit',
        nodeId: 'sales',
        path: '/nodes/2/exits/busy',
        message: 'is required; set it to null to end the call here',
      },
    ]);
    const { 'digit:2': _, ...menuExits } = flow.nodes[1]!.exits;
    expect(
      errorsOf(changed({ 1: (node) => ({ ...node, exits: { ...menuExits, 'digit:2': null } }) })),
    ).toEqual([
      // "crm" and what only it leads to are now unreachable; the menu itself is fine.
      {
        code: 'unreachable_node',
        nodeId: 'crm',
        path: '/nodes/4',
        message: 'cannot be reached from the start node',
      },
      {
        code: 'unreachable_node',
        nodeId: 'tag',
        path: '/nodes/5',
        message: 'cannot be reached from the start node',
      },
    ]);
    expect(errorsOf(changed({ 1: (node) => ({ ...node, exits: menuExits }) }))[0]).toEqual({
      code: 'missing_exit',
      nodeId: 'menu',
      path: '/nodes/1/exits/digit:2',
      message: 'is required; set it to null to end the call here',
    });
  });

  it('reports a node that cannot be reached', () => {
    const input = { ...flow, nodes: [...flow.nodes, { id: 'orphan', kind: 'hangup', exits: {} }] };
    expect(errorsOf(input)).toEqual([
      {
        code: 'unreachable_node',
        nodeId: 'orphan',
        path: '/nodes/10',
        message: 'cannot be reached from the start node',
      },
    ]);
  });

  it('reports a loop without a menu, which could repeat forever', () => {
    const loop = {
      startNodeId: 'welcome',
      nodes: [
        { id: 'welcome', kind: 'play', prompt: tts('Welcome'), exits: { next: 'mark' } },
        { id: 'mark', kind: 'set', tags: ['looped'], exits: { next: 'welcome' } },
      ],
    };
    expect(errorsOf(loop)).toEqual([
      {
        code: 'unbounded_loop',
        nodeId: 'welcome',
        path: '/nodes/0',
        message:
          'loops through "welcome", "mark" without a menu, so it could repeat forever without caller input',
      },
    ]);
  });

  it('counts loops through webhooks and ring attempts as unbounded, but accepts loops through a menu', () => {
    const webhookLoop = changed({
      4: (node) => ({ ...node, exits: { next: 'crm', fallback: 'voicemail' } }),
    });
    expect(errorsOf(webhookLoop)).toEqual([
      // "tag" was only reachable through the webhook's next exit, which now loops back.
      {
        code: 'unreachable_node',
        nodeId: 'tag',
        path: '/nodes/5',
        message: 'cannot be reached from the start node',
      },
      {
        code: 'unbounded_loop',
        nodeId: 'crm',
        path: '/nodes/4',
        message: 'loops through "crm" without a menu, so it could repeat forever without caller input',
      },
    ]);
    const ringLoop = changed({ 2: (node) => ({ ...node, exits: { no_answer: 'sales', busy: 'queue' } }) });
    expect(errorsOf(ringLoop)).toEqual([
      {
        code: 'unbounded_loop',
        nodeId: 'sales',
        path: '/nodes/2',
        message: 'loops through "sales" without a menu, so it could repeat forever without caller input',
      },
    ]);
    const backToMenu = changed({ 3: (node) => ({ ...node, exits: { overflow: 'menu' } }) });
    expect(validateFlow(backToMenu).valid).toBe(true);
  });

  it('rejects too many nodes before looking further', () => {
    const nodes = Array.from({ length: MAX_FLOW_NODES + 1 }, (_, index) => ({
      id: `n${index}`,
      kind: 'hangup',
      exits: {},
    }));
    expect(errorsOf({ startNodeId: 'n0', nodes })).toEqual([
      {
        code: 'too_many_nodes',
        path: '/nodes',
        message: `has ${MAX_FLOW_NODES + 1} nodes; the limit is ${MAX_FLOW_NODES}`,
      },
    ]);
  });

  it('rejects a flow too large to store before looking further', () => {
    const input = changed({ 9: (node) => ({ ...node, name: 'é'.repeat(MAX_FLOW_BYTES / 2) }) });
    const size = JSON.stringify(input).length + MAX_FLOW_BYTES / 2;
    expect(errorsOf(input)).toEqual([
      { code: 'too_large', path: '', message: `is ${size} bytes of JSON; the limit is ${MAX_FLOW_BYTES}` },
    ]);
  });

  it('reports references missing from the account', () => {
    const withoutUser = { ...references, users: new Set<string>() };
    expect(errorsOf(flow, withoutUser)).toEqual([
      {
        code: 'unknown_reference',
        nodeId: 'sales',
        path: '/nodes/2/targets/1/id',
        message: 'user "user-1" does not exist in this account',
      },
    ]);
    const withoutAudioAndBox = { ...references, audio: new Set<string>(), voicemailBoxes: new Set<string>() };
    expect(errorsOf(flow, withoutAudioAndBox).map(({ path }) => path)).toEqual([
      '/nodes/7/prompt/audioId',
      '/nodes/8/boxId',
    ]);
  });

  it('does not check references of a type the caller did not supply', () => {
    expect(validateFlow(flow, { users: new Set(['user-1']) }).valid).toBe(true);
  });
});

describe('validateWebhookActions', () => {
  it('accepts the actions a webhook may answer', () => {
    const actions = [
      { type: 'answer' },
      { type: 'play', prompt: tts('Hello') },
      { type: 'tag', tags: ['crm'] },
      { type: 'hangup' },
    ];
    expect(validateWebhookActions(actions)).toEqual({ valid: true, actions });
  });

  it('rejects unknown actions, malformed ones and a hangup before the end', () => {
    expect(validateWebhookActions([{ type: 'dial', targets: [] }])).toEqual({
      valid: false,
      errors: [{ path: '/actions/0/type', message: 'must be one of "answer", "play", "tag", "hangup"' }],
    });
    expect(validateWebhookActions([{ type: 'play' }])).toEqual({
      valid: false,
      errors: [{ path: '/actions/0/prompt', message: 'is required' }],
    });
    expect(validateWebhookActions('play')).toEqual({
      valid: false,
      errors: [{ path: '/actions', message: 'must be an array' }],
    });
    expect(validateWebhookActions([{ type: 'hangup' }, { type: 'answer' }])).toEqual({
      valid: false,
      errors: [{ path: '/actions/0', message: 'must be the last action' }],
    });
  });
});

describe('referencedIds', () => {
  it('lists the ids each kind of reference names, once each', () => {
    const input = changed({
      2: (node) => ({ ...node, targets: [...(node.targets as []), { type: 'user', id: 'user-1' }] }),
    });
    expect(referencedIds(input)).toEqual({
      users: ['user-1'],
      teams: ['team-sales'],
      devices: [],
      voicemailBoxes: ['box-1'],
      schedules: ['schedule-1'],
      audio: ['audio-closed'],
      queues: ['support'],
    });
  });

  it('skips nodes whose configuration is malformed, and anything that is not a flow', () => {
    const input = changed({
      0: (node) => ({ ...node, scheduleId: 42 }),
      8: (node) => ({ ...node, kind: 'nope' }),
    });
    expect(referencedIds(input)).toMatchObject({ schedules: [], voicemailBoxes: [], users: ['user-1'] });
    expect(Object.values(referencedIds('not a flow')).flat()).toEqual([]);
    expect(Object.values(referencedIds({ nodes: [null, 'x'] })).flat()).toEqual([]);
  });
});

describe('validateFlowEvents', () => {
  it('accepts every kind of event', () => {
    const events = [
      { type: 'digits', digits: '12#' },
      { type: 'digits', digits: '' },
      { type: 'gather_timeout' },
      { type: 'leg_result', outcome: 'busy', legId: 'call:leg:1' },
      { type: 'webhook_response', actions: 'anything; the executor checks it' },
      { type: 'webhook_error' },
      { type: 'play_finished' },
      { type: 'queue_result', outcome: 'overflow' },
      { type: 'voicemail_finished' },
      { type: 'caller_hangup' },
    ];
    expect(validateFlowEvents(events)).toEqual({ valid: true, events });
  });

  it('reports malformed events with their paths', () => {
    expect(
      validateFlowEvents([
        { type: 'digits', digits: '1a' },
        { type: 'teleport' },
        { type: 'leg_result' },
        { type: 'play_finished', extra: true },
      ]),
    ).toEqual({
      valid: false,
      errors: [
        { path: '/events/0/digits', message: 'must be keys 0-9, * and #, or none at all' },
        {
          path: '/events/1/type',
          message:
            'must be one of "digits", "gather_timeout", "leg_result", "webhook_response", "webhook_error", "play_finished", "queue_result", "voicemail_finished", "caller_hangup"',
        },
        { path: '/events/2/outcome', message: 'is required' },
        { path: '/events/3/extra', message: 'is not allowed' },
      ],
    });
    expect(validateFlowEvents({ type: 'digits' })).toEqual({
      valid: false,
      errors: [{ path: '/events', message: 'must be an array' }],
    });
    const tooMany = Array.from({ length: MAX_SIMULATION_EVENTS + 1 }, () => ({ type: 'play_finished' }));
    expect(validateFlowEvents(tooMany)).toEqual({
      valid: false,
      errors: [{ path: '/events', message: `must contain at most ${MAX_SIMULATION_EVENTS} items` }],
    });
  });
});
