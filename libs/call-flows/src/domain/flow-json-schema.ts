import { type JsonSchema, type JsonSchemaObject } from './json-schema-validator';
import {
  DTMF_KEY_PATTERN,
  FLOW_EXIT_RULES,
  FLOW_NODE_KINDS,
  type FlowNodeKind,
  MAX_FLOW_NODES,
  RING_STRATEGIES,
  RING_TARGET_TYPES,
} from './flow-model';

const SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';
const E164_PATTERN = '\\+[1-9][0-9]{6,14}';
const NODE_ID_PATTERN = '^[A-Za-z0-9_-]{1,64}$';

const ref = (name: string): JsonSchemaObject => ({ $ref: `#/$defs/${name}` });
const integer = (minimum: number, maximum: number): JsonSchemaObject => ({
  type: 'integer',
  minimum,
  maximum,
});
const text = (maxLength: number): JsonSchemaObject => ({ type: 'string', minLength: 1, maxLength });

/** Definitions shared by the flow document and the webhook response schemas. */
const sharedDefinitions: Readonly<Record<string, JsonSchema>> = {
  nodeId: {
    type: 'string',
    pattern: NODE_ID_PATTERN,
    description: 'an id of 1 to 64 letters, digits, "_" or "-"',
  },
  referenceId: text(64),
  prompt: { oneOf: [ref('ttsPrompt'), ref('audioPrompt')] },
  ttsPrompt: {
    type: 'object',
    properties: {
      type: { const: 'tts' },
      text: text(3000),
      voice: text(64),
      language: {
        type: 'string',
        pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$',
        description: 'a BCP 47 language tag such as en-US',
      },
    },
    required: ['type', 'text'],
    additionalProperties: false,
  },
  audioPrompt: {
    type: 'object',
    properties: { type: { const: 'audio' }, audioId: ref('referenceId') },
    required: ['type', 'audioId'],
    additionalProperties: false,
  },
  tags: {
    type: 'array',
    maxItems: 20,
    uniqueItems: true,
    items: {
      type: 'string',
      pattern: '^[A-Za-z0-9_:.-]{1,64}$',
      description: 'a tag of 1 to 64 letters, digits, "_", ":", "." or "-"',
    },
  },
  callerIdName: text(50),
};

const ringTargets: JsonSchemaObject = {
  type: 'array',
  minItems: 1,
  maxItems: 50,
  items: {
    type: 'object',
    properties: { type: { enum: RING_TARGET_TYPES }, id: ref('referenceId') },
    required: ['type', 'id'],
    additionalProperties: false,
  },
};

function nodeConfig(
  kind: FlowNodeKind,
  properties: Readonly<Record<string, JsonSchema>>,
  required: readonly string[],
  rules: Pick<JsonSchemaObject, 'if' | 'then' | 'else'> = {},
): JsonSchemaObject {
  return {
    type: 'object',
    properties: { id: ref('nodeId'), kind: { const: kind }, name: text(100), ...properties },
    required: ['id', 'kind', ...required],
    additionalProperties: false,
    ...rules,
  };
}

/**
 * Schemas of each node kind without its `exits`, which `validateFlow` checks itself to report exit
 * problems with their own codes. `$ref`s resolve against `flowDocumentJsonSchema`.
 */
export const flowNodeConfigJsonSchemas: Readonly<Record<FlowNodeKind, JsonSchemaObject>> = {
  schedule: nodeConfig('schedule', { scheduleId: ref('referenceId') }, ['scheduleId']),
  menu: nodeConfig(
    'menu',
    {
      prompt: ref('prompt'),
      timeoutSeconds: integer(1, 60),
      interDigitTimeoutSeconds: integer(1, 20),
      maxDigits: integer(1, 16),
      maxRetries: integer(0, 10),
      invalidPrompt: ref('prompt'),
      timeoutPrompt: ref('prompt'),
      repeatKey: {
        type: 'string',
        pattern: `^${DTMF_KEY_PATTERN}$`,
        description: 'a single key: 0-9, * or #',
      },
      options: {
        type: 'object',
        propertyNames: {
          type: 'string',
          pattern: `^${DTMF_KEY_PATTERN}$`,
          description: 'a single key: 0-9, * or #',
        },
        additionalProperties: text(100),
      },
      directDial: { type: 'boolean' },
    },
    [
      'prompt',
      'timeoutSeconds',
      'interDigitTimeoutSeconds',
      'maxDigits',
      'maxRetries',
      'options',
      'directDial',
    ],
    // Extensions have at least two digits, so direct dialling needs room for them.
    {
      if: { properties: { directDial: { const: true } }, required: ['directDial'] },
      then: { properties: { maxDigits: { minimum: 2 } } },
    },
  ),
  play: nodeConfig('play', { prompt: ref('prompt') }, ['prompt']),
  ring: nodeConfig(
    'ring',
    {
      targets: ringTargets,
      strategy: { enum: RING_STRATEGIES },
      ringTimeoutSeconds: integer(5, 300),
      callerIdDisplay: { enum: ['caller', 'number'] },
    },
    ['targets', 'strategy', 'ringTimeoutSeconds'],
  ),
  forward: nodeConfig(
    'forward',
    {
      destination: {
        type: 'string',
        maxLength: 256,
        pattern: `^(${E164_PATTERN}|sips?:[^\\s@]+@\\S+)$`,
        description: 'an E.164 number (+15551234567) or a sip: URI',
      },
      callerIdPolicy: { enum: ['caller', 'number', 'fixed'] },
      fixedCallerId: {
        type: 'string',
        pattern: `^${E164_PATTERN}$`,
        description: 'an E.164 number such as +15551234567',
      },
      ringTimeoutSeconds: integer(5, 300),
    },
    ['destination', 'callerIdPolicy'],
    {
      if: { properties: { callerIdPolicy: { const: 'fixed' } }, required: ['callerIdPolicy'] },
      then: { required: ['fixedCallerId'] },
    },
  ),
  voicemail: nodeConfig('voicemail', { boxId: ref('referenceId'), greeting: ref('prompt') }, ['boxId']),
  queue: nodeConfig(
    'queue',
    {
      queueName: text(64),
      targets: ringTargets,
      holdMusic: ref('prompt'),
      announcePosition: { type: 'boolean' },
      maxWaitSeconds: integer(10, 14_400),
    },
    ['announcePosition', 'maxWaitSeconds'],
    // Either a named queue or ad-hoc targets, never both.
    {
      if: { required: ['queueName'] },
      then: { properties: { targets: false } },
      else: { required: ['targets'] },
    },
  ),
  webhook: nodeConfig(
    'webhook',
    {
      url: {
        type: 'string',
        maxLength: 2048,
        pattern: '^https?://[^\\s/?#]+\\S*$',
        description: 'an http(s) URL',
      },
      timeoutSeconds: integer(1, 30),
      method: { const: 'POST' },
    },
    ['url', 'timeoutSeconds', 'method'],
  ),
  set: nodeConfig('set', { tags: ref('tags'), callerIdName: ref('callerIdName') }, []),
  hangup: nodeConfig('hangup', {}, []),
};

function exitsSchema(kind: FlowNodeKind): JsonSchemaObject {
  const { required, optional, pattern } = FLOW_EXIT_RULES[kind];
  const names = [...required, ...optional, ...(pattern === undefined ? [] : [pattern])];
  return {
    type: 'object',
    required,
    propertyNames: names.length === 0 ? false : { type: 'string', pattern: `^(${names.join('|')})$` },
    additionalProperties: ref('exitTarget'),
  };
}

function publishedNode(kind: FlowNodeKind): JsonSchemaObject {
  const config = flowNodeConfigJsonSchemas[kind];
  return {
    ...config,
    properties: { ...config.properties, exits: exitsSchema(kind) },
    required: [...(config.required ?? []), 'exits'],
  };
}

/** JSON Schema (draft 2020-12) of a call flow document, for publication in OpenAPI. */
export const flowDocumentJsonSchema: JsonSchemaObject = {
  $schema: SCHEMA_DIALECT,
  $id: 'urn:switchyard:call-flows:flow-document',
  title: 'Call flow',
  type: 'object',
  properties: {
    startNodeId: ref('nodeId'),
    nodes: {
      type: 'array',
      maxItems: MAX_FLOW_NODES,
      items: { oneOf: FLOW_NODE_KINDS.map((kind) => ref(`${kind}Node`)) },
    },
  },
  required: ['startNodeId', 'nodes'],
  additionalProperties: false,
  $defs: {
    ...sharedDefinitions,
    exitTarget: { type: ['string', 'null'], pattern: NODE_ID_PATTERN, description: 'a node id' },
    ...Object.fromEntries(FLOW_NODE_KINDS.map((kind) => [`${kind}Node`, publishedNode(kind)])),
  },
};

/** What a flow's webhook may answer, for publication to webhook implementers. */
export const webhookResponseJsonSchema: JsonSchemaObject = {
  $schema: SCHEMA_DIALECT,
  $id: 'urn:switchyard:call-flows:webhook-response',
  title: 'Call flow webhook response',
  type: 'object',
  properties: {
    actions: {
      type: 'array',
      maxItems: 20,
      items: {
        oneOf: [
          {
            type: 'object',
            properties: { type: { const: 'answer' } },
            required: ['type'],
            additionalProperties: false,
          },
          {
            type: 'object',
            properties: { type: { const: 'play' }, prompt: ref('prompt') },
            required: ['type', 'prompt'],
            additionalProperties: false,
          },
          {
            type: 'object',
            properties: { type: { const: 'tag' }, tags: ref('tags'), callerIdName: ref('callerIdName') },
            required: ['type'],
            additionalProperties: false,
          },
          {
            type: 'object',
            properties: { type: { const: 'hangup' } },
            required: ['type'],
            additionalProperties: false,
          },
        ],
      },
    },
  },
  required: ['actions'],
  additionalProperties: false,
  $defs: sharedDefinitions,
};
