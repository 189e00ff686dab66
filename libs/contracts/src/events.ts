/**
 * The catalog of events the product emits. An event reports a change of one resource; its `data` is that resource
 * as the REST API returns it. A type is added here before anything may publish it, and the catalog is what the
 * OpenAPI document, `GET /v1/event-types`, webhook filters and the live stream all read.
 */

/** Version of the envelope and of the resource shapes inside it; a breaking change to either gets a new one. */
export const eventApiVersion = '2026-11-01';

export interface EventTypeDefinition {
  /** The `object` of the resource carried in `data`. */
  readonly resource: string;
  readonly description: string;
}

export const eventCatalog = {
  'number.purchased': {
    resource: 'number',
    description: 'A phone number was bought and added to the account.',
  },
  'number.released': { resource: 'number', description: 'A phone number was released and left the account.' },
  'number.updated': {
    resource: 'number',
    description: 'Settings of a phone number changed (flow, name, SMS).',
  },
  'call.initiated': {
    resource: 'call',
    description: 'A call started: an inbound INVITE arrived or an outbound call was placed.',
  },
  'call.ringing': { resource: 'call', description: 'The called party is ringing.' },
  'call.answered': { resource: 'call', description: 'The call was answered.' },
  'call.completed': {
    resource: 'call',
    description: 'The call ended after being answered; the call carries its duration.',
  },
  'call.failed': {
    resource: 'call',
    description: 'The call ended unanswered: busy, no answer, rejected or failed.',
  },
  'call.blocked': {
    resource: 'call',
    description:
      'An outbound call was refused before anything went out: destination country, premium prefix, caller ID or a limit.',
  },
  'call.recording.completed': {
    resource: 'recording',
    description: 'A call recording was stored and can be downloaded.',
  },
  'call.recording.failed': { resource: 'recording', description: 'A call recording could not be stored.' },
  'voicemail.created': { resource: 'voicemail', description: 'A caller left a voicemail.' },
  'voicemail.transcribed': {
    resource: 'voicemail',
    description: 'The transcription of a voicemail is ready.',
  },
  'message.queued': {
    resource: 'message',
    description: 'An outbound message was accepted and waits to be sent.',
  },
  'message.sent': { resource: 'message', description: 'An outbound message was handed to the carrier.' },
  'message.delivered': {
    resource: 'message',
    description: 'The carrier confirmed delivery of an outbound message.',
  },
  'message.undelivered': {
    resource: 'message',
    description: 'The carrier reported that it could not deliver an outbound message it had accepted.',
  },
  'message.failed': {
    resource: 'message',
    description: 'An outbound message could not be sent.',
  },
  'message.received': {
    resource: 'message',
    description: 'An inbound message arrived on one of the account’s numbers.',
  },
  'message.canceled': {
    resource: 'message',
    description: 'A scheduled message was canceled before it was sent.',
  },
  'campaign.completed': {
    resource: 'campaign',
    description: 'Every message of a campaign reached a final state.',
  },
  'contact.opted_out': {
    resource: 'contact',
    description: 'A contact opted out of messages (e.g. replied STOP).',
  },
  'contact.opted_in': {
    resource: 'contact',
    description: 'A contact opted back in to messages (e.g. replied START).',
  },
  'sip.source_banned': {
    resource: 'sip_ban',
    description:
      'A source address was banned after repeated SIP authentication failures against the account’s SIP domain.',
  },
  'webhook.test': {
    resource: 'webhook_test',
    description: 'Sent on request to check that an endpoint receives and verifies events.',
  },
  'webhook_endpoint.disabled': {
    resource: 'webhook_endpoint',
    description: 'A webhook endpoint was disabled because its deliveries kept failing.',
  },
} as const satisfies Readonly<Record<string, EventTypeDefinition>>;

export type EventType = keyof typeof eventCatalog;

export const eventTypes = Object.keys(eventCatalog) as EventType[];

export function isEventType(value: string): value is EventType {
  return Object.hasOwn(eventCatalog, value);
}

/** A resource snapshot: always names its `object`, the rest is the resource's REST representation. */
export interface EventData {
  readonly object: string;
  readonly [field: string]: unknown;
}

export interface WebhookTestData extends EventData {
  readonly object: 'webhook_test';
  readonly endpointId: string;
  readonly message: string;
}

/** Data of the types whose resource lives in this catalog's own context; other types carry their resource. */
export interface EventDataByType {
  'webhook.test': WebhookTestData;
}

export type EventDataOf<Type extends EventType> = Type extends keyof EventDataByType
  ? EventDataByType[Type]
  : EventData;

export interface EventEnvelope<Type extends EventType = EventType> {
  readonly id: string;
  readonly object: 'event';
  readonly type: Type;
  readonly apiVersion: string;
  readonly accountId: string;
  /** ISO-8601 UTC. */
  readonly createdAt: string;
  readonly data: EventDataOf<Type>;
}

/**
 * Type filters as webhook endpoints and the live stream take them: `*` is every type, `call.*` every type below
 * `call.` (including `call.recording.completed`), anything else one exact type.
 */
export function eventTypeMatches(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

export function matchesAnyEventType(patterns: readonly string[], type: string): boolean {
  return patterns.some((pattern) => eventTypeMatches(pattern, type));
}

/** A pattern is valid when it is `*`, a catalog type, or a wildcard that covers at least one catalog type. */
export function isEventTypePattern(pattern: string): boolean {
  if (pattern === '*' || isEventType(pattern)) return true;
  return (
    /^[a-z_]+(\.[a-z_]+)*\.\*$/.test(pattern) && eventTypes.some((type) => eventTypeMatches(pattern, type))
  );
}
