import { describe, expect, it } from 'vitest';
import { flowDocumentJsonSchema, flowNodeConfigJsonSchemas } from './flow-json-schema';
import { FLOW_NODE_KINDS, type FlowDocument } from './flow-model';
import { validateAgainstSchema } from './json-schema-validator';

const flow = {
  startNodeId: 'menu',
  nodes: [
    {
      id: 'menu',
      kind: 'menu',
      prompt: { type: 'tts', text: 'Press 1', language: 'en-GB' },
      timeoutSeconds: 5,
      interDigitTimeoutSeconds: 2,
      maxDigits: 1,
      maxRetries: 1,
      options: { '1': 'Sales' },
      directDial: false,
      exits: { 'digit:1': 'hours', timeout: null, invalid: null },
    },
    {
      id: 'hours',
      kind: 'schedule',
      scheduleId: 's1',
      exits: { open: null, closed: 'bye', 'exception:xmas-day': 'bye' },
    },
    { id: 'bye', kind: 'hangup', exits: {} },
  ],
} satisfies FlowDocument;

const check = (value: unknown) =>
  validateAgainstSchema(value, flowDocumentJsonSchema, flowDocumentJsonSchema);

describe('flowDocumentJsonSchema', () => {
  it('is a draft 2020-12 schema with a definition for every node kind', () => {
    expect(flowDocumentJsonSchema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    for (const kind of FLOW_NODE_KINDS) {
      expect(flowDocumentJsonSchema.$defs?.[`${kind}Node`]).toMatchObject({
        properties: { ...flowNodeConfigJsonSchemas[kind].properties, exits: { type: 'object' } },
      });
    }
    expect(JSON.parse(JSON.stringify(flowDocumentJsonSchema))).toEqual(flowDocumentJsonSchema);
  });

  it('accepts a valid flow, exits included', () => {
    expect(check(flow)).toEqual([]);
  });

  it('describes the exits each kind may have and requires its fixed ones', () => {
    const nodes = [
      { ...flow.nodes[0], exits: { 'digit:1': null, timeout: null } },
      { ...flow.nodes[1], exits: { open: null, closed: null, 'exception:Bad Key': null } },
      { ...flow.nodes[2], exits: { next: 'menu' } },
    ];
    expect(check({ ...flow, nodes })).toEqual([
      { path: '/nodes/0/exits/invalid', message: 'is required' },
      {
        path: '/nodes/1/exits/exception:Bad Key',
        message: 'must be a string matching ^(open|closed|exception:[a-z0-9][a-z0-9_-]{0,63})$',
      },
      { path: '/nodes/2/exits/next', message: 'is not allowed' },
    ]);
  });
});
