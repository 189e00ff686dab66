import { type JsonSchema, type JsonSchemaObject } from './json-schema-validator';

const eventType = (type: string): JsonSchemaObject => ({
  const: type,
  description: 'What happened.',
  examples: [type],
});

function eventSchema(
  type: string,
  description: string,
  properties: Readonly<Record<string, JsonSchema>> = {},
  required: readonly string[] = [],
): JsonSchemaObject {
  return {
    type: 'object',
    description,
    properties: { type: eventType(type), ...properties },
    required: ['type', ...required],
    additionalProperties: false,
  };
}

/** JSON Schema (draft 2020-12) of the events fed to the flow executor, for simulations received from outside. */
export const flowEventJsonSchema: JsonSchemaObject = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:switchyard:call-flows:flow-event',
  title: 'Call flow event',
  description: 'What happened on the call since the last step.',
  oneOf: [
    { $ref: '#/$defs/digitsEvent' },
    { $ref: '#/$defs/gatherTimeoutEvent' },
    { $ref: '#/$defs/legResultEvent' },
    { $ref: '#/$defs/webhookResponseEvent' },
    { $ref: '#/$defs/webhookErrorEvent' },
    { $ref: '#/$defs/playFinishedEvent' },
    { $ref: '#/$defs/queueResultEvent' },
    { $ref: '#/$defs/voicemailFinishedEvent' },
    { $ref: '#/$defs/callerHangupEvent' },
  ],
  $defs: {
    digitsEvent: eventSchema(
      'digits',
      'The caller keyed digits at a menu.',
      {
        digits: {
          type: 'string',
          maxLength: 32,
          pattern: '^[0-9*#]*$',
          description: 'keys 0-9, * and #, or none at all',
          examples: ['1'],
        },
      },
      ['digits'],
    ),
    gatherTimeoutEvent: eventSchema('gather_timeout', 'The caller keyed nothing in time.'),
    legResultEvent: eventSchema(
      'leg_result',
      'How a ring or forward leg ended; for an answered one, once the conversation is over.',
      {
        outcome: {
          enum: ['answered', 'no_answer', 'busy', 'failed'],
          description: 'How the leg ended.',
          examples: ['no_answer'],
        },
        legId: {
          type: 'string',
          minLength: 1,
          maxLength: 128,
          description: 'The legId of the dial action; leave out to answer the current leg.',
          examples: ['simulated-call:leg:1'],
        },
      },
      ['outcome'],
    ),
    webhookResponseEvent: eventSchema(
      'webhook_response',
      "A webhook node's endpoint answered.",
      {
        actions: {
          description: 'The actions the endpoint answered with; invalid ones send the call to `fallback`.',
          examples: [[{ type: 'play', prompt: { type: 'tts', text: 'Welcome back.' } }]],
        },
      },
      ['actions'],
    ),
    webhookErrorEvent: eventSchema('webhook_error', "A webhook node's endpoint failed or timed out."),
    playFinishedEvent: eventSchema('play_finished', 'A prompt finished playing.'),
    queueResultEvent: eventSchema(
      'queue_result',
      'How the wait in a queue ended; for an answered one, once the conversation is over.',
      {
        outcome: {
          enum: ['answered', 'overflow'],
          description: 'How the wait ended.',
          examples: ['overflow'],
        },
      },
      ['outcome'],
    ),
    voicemailFinishedEvent: eventSchema('voicemail_finished', 'The caller finished leaving a message.'),
    callerHangupEvent: eventSchema('caller_hangup', 'The caller hung up.'),
  },
};
