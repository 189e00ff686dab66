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

/**
 * Adds what a reader of the published schema needs: a description and, for a value, an example. On a
 * pattern-constrained string keep the noun-phrase description instead, as violation messages quote it.
 */
function documented(schema: JsonSchemaObject, description: string, example?: unknown): JsonSchemaObject {
  return { ...schema, description, ...(example === undefined ? {} : { examples: [example] }) };
}

/** Definitions shared by the flow document and the webhook response schemas. */
const sharedDefinitions: Readonly<Record<string, JsonSchema>> = {
  nodeId: {
    type: 'string',
    pattern: NODE_ID_PATTERN,
    description: 'an id of 1 to 64 letters, digits, "_" or "-"',
    examples: ['main-menu'],
  },
  referenceId: documented(
    text(64),
    'The id of a resource of the same account.',
    'usr_01jd3v3k6m5x9q8w7e6r5t4y3u',
  ),
  prompt: { description: 'Speech or a recording.', oneOf: [ref('ttsPrompt'), ref('audioPrompt')] },
  ttsPrompt: {
    type: 'object',
    description: 'Text read out by speech synthesis.',
    properties: {
      type: documented({ const: 'tts' }, 'Spoken from text.', 'tts'),
      text: documented(text(3000), 'What is said.', 'Thanks for calling Acme Plumbing.'),
      voice: documented(
        text(64),
        'Synthesis voice; the default voice of the language when left out.',
        'en-us',
      ),
      language: {
        type: 'string',
        pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$',
        description: 'a BCP 47 language tag such as en-US',
        examples: ['en-US'],
      },
    },
    required: ['type', 'text'],
    additionalProperties: false,
  },
  audioPrompt: {
    type: 'object',
    description: 'A recording uploaded to the account.',
    properties: {
      type: documented({ const: 'audio' }, 'Played from a recording.', 'audio'),
      audioId: documented(ref('referenceId'), 'The audio file to play.'),
    },
    required: ['type', 'audioId'],
    additionalProperties: false,
  },
  tags: {
    type: 'array',
    maxItems: 20,
    uniqueItems: true,
    description: 'Labels added to the call, for reports and webhooks.',
    items: {
      type: 'string',
      pattern: '^[A-Za-z0-9_:.-]{1,64}$',
      description: 'a tag of 1 to 64 letters, digits, "_", ":", "." or "-"',
      examples: ['vip'],
    },
  },
  callerIdName: documented(text(50), 'Name shown to the people the call rings from now on.', 'Acme VIP'),
};

const ringTargets: JsonSchemaObject = {
  type: 'array',
  minItems: 1,
  maxItems: 50,
  description: 'Who is rung: users ring their devices, teams their members, devices themselves.',
  items: {
    type: 'object',
    properties: {
      type: documented({ enum: RING_TARGET_TYPES }, 'What the id names.', 'user'),
      id: documented(ref('referenceId'), 'The user, team or device.'),
    },
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
    properties: {
      id: documented(ref('nodeId'), 'Unique within the flow; exits name it.'),
      kind: documented({ const: kind }, 'What the node does.', kind),
      name: documented(text(100), 'Label for editors.', 'Main menu'),
      ...properties,
    },
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
  schedule: nodeConfig(
    'schedule',
    { scheduleId: documented(ref('referenceId'), 'The business-hours schedule to check.') },
    ['scheduleId'],
  ),
  menu: nodeConfig(
    'menu',
    {
      prompt: documented(ref('prompt'), 'Played while waiting for keys.'),
      timeoutSeconds: documented(integer(1, 60), 'How long to wait for the first key.', 5),
      interDigitTimeoutSeconds: documented(integer(1, 20), 'How long to wait between keys.', 3),
      maxDigits: documented(integer(1, 16), 'Longest extension a caller may key.', 4),
      maxRetries: documented(integer(0, 10), 'Further attempts after a timeout or an invalid key.', 2),
      invalidPrompt: documented(ref('prompt'), 'Played before asking again after an invalid key.'),
      timeoutPrompt: documented(ref('prompt'), 'Played before asking again after no key.'),
      repeatKey: {
        type: 'string',
        pattern: `^${DTMF_KEY_PATTERN}$`,
        description: 'a single key: 0-9, * or #',
        examples: ['*'],
      },
      options: {
        type: 'object',
        description: 'Option key to its label; each key leaves through its `digit:<key>` exit.',
        examples: [{ '1': 'Sales', '2': 'Support' }],
        propertyNames: {
          type: 'string',
          pattern: `^${DTMF_KEY_PATTERN}$`,
          description: 'a single key: 0-9, * or #',
        },
        additionalProperties: text(100),
      },
      directDial: documented(
        { type: 'boolean' },
        'Lets callers key an extension, which leaves through the `extension` exit.',
        false,
      ),
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
  play: nodeConfig('play', { prompt: documented(ref('prompt'), 'What is played.') }, ['prompt']),
  ring: nodeConfig(
    'ring',
    {
      targets: ringTargets,
      strategy: documented(
        { enum: RING_STRATEGIES },
        'All at once, one after the other in order, starting after the last one answered, or longest idle first.',
        'simultaneous',
      ),
      ringTimeoutSeconds: documented(integer(5, 300), 'How long each target (or all at once) rings.', 20),
      callerIdDisplay: documented(
        { enum: ['caller', 'number'] },
        'Whom the called party sees: the caller (default) or the number the caller dialled.',
        'caller',
      ),
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
        examples: ['+15551234567'],
      },
      callerIdPolicy: documented(
        { enum: ['caller', 'number', 'fixed'] },
        "Caller id presented: the caller's, the number the caller dialled, or fixedCallerId.",
        'caller',
      ),
      fixedCallerId: {
        type: 'string',
        pattern: `^${E164_PATTERN}$`,
        description: 'an E.164 number such as +15551234567',
        examples: ['+15550000000'],
      },
      ringTimeoutSeconds: documented(integer(5, 300), 'How long the destination rings.', 60),
    },
    ['destination', 'callerIdPolicy'],
    {
      if: { properties: { callerIdPolicy: { const: 'fixed' } }, required: ['callerIdPolicy'] },
      then: { required: ['fixedCallerId'] },
    },
  ),
  voicemail: nodeConfig(
    'voicemail',
    {
      boxId: documented(ref('referenceId'), 'The voicemail box that keeps the message.'),
      greeting: documented(ref('prompt'), "Played before the beep instead of the box's greeting."),
    },
    ['boxId'],
  ),
  queue: nodeConfig(
    'queue',
    {
      queueName: documented(text(64), 'A named queue of the account; leave out to use targets.', 'support'),
      targets: ringTargets,
      holdMusic: documented(ref('prompt'), 'Played while the caller waits.'),
      announcePosition: documented({ type: 'boolean' }, 'Tells callers their place in the queue.', true),
      maxWaitSeconds: documented(integer(10, 14_400), 'Longest wait before leaving by `overflow`.', 300),
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
        examples: ['https://crm.example.com/route'],
      },
      timeoutSeconds: documented(integer(1, 30), 'How long to wait for the answer before `fallback`.', 5),
      method: documented({ const: 'POST' }, 'HTTP method of the request.', 'POST'),
    },
    ['url', 'timeoutSeconds', 'method'],
  ),
  set: nodeConfig(
    'set',
    {
      tags: documented(ref('tags'), 'Labels added to the call.'),
      callerIdName: documented(ref('callerIdName'), 'Name shown to the people the call rings from now on.'),
    },
    [],
  ),
  hangup: nodeConfig('hangup', {}, []),
};

function exitsSchema(kind: FlowNodeKind): JsonSchemaObject {
  const { required, optional, pattern } = FLOW_EXIT_RULES[kind];
  const names = [...required, ...optional, ...(pattern === undefined ? [] : [pattern])];
  return {
    type: 'object',
    description: `Exit name to the id of the node it leads to, or null to end the call.${
      required.length === 0 ? '' : ` Required: ${required.join(', ')}.`
    }`,
    required,
    examples: [Object.fromEntries(required.map((exit) => [exit, null]))],
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
  description: 'A graph of nodes that a call walks through, from the start node along the exits.',
  type: 'object',
  properties: {
    startNodeId: documented(ref('nodeId'), 'The node every call starts at.'),
    nodes: {
      type: 'array',
      maxItems: MAX_FLOW_NODES,
      description: 'The nodes of the flow, in any order.',
      items: { oneOf: FLOW_NODE_KINDS.map((kind) => ref(`${kind}Node`)) },
    },
  },
  required: ['startNodeId', 'nodes'],
  additionalProperties: false,
  $defs: {
    ...sharedDefinitions,
    exitTarget: {
      type: ['string', 'null'],
      pattern: NODE_ID_PATTERN,
      description: 'a node id',
      examples: ['voicemail'],
    },
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
