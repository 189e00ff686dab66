import { WEEKDAYS } from './business-hours';
import { type JsonSchemaObject } from './json-schema-validator';
import { ISO_INSTANT_PATTERN } from './zoned-time';

/** Exception destination keys; a flow branches on them through `exception:<key>` exits. */
export const DESTINATION_KEY_PATTERN = '[a-z0-9][a-z0-9_-]{0,63}';

const ref = (name: string): JsonSchemaObject => ({ $ref: `#/$defs/${name}` });

/** JSON Schema (draft 2020-12) of a business-hours schedule, for publication in OpenAPI. */
export const businessHoursScheduleJsonSchema: JsonSchemaObject = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:switchyard:call-flows:business-hours-schedule',
  title: 'Business hours schedule',
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100 },
    timeZone: {
      type: 'string',
      minLength: 1,
      maxLength: 64,
      description: 'an IANA time zone such as Europe/London',
    },
    weekly: { type: 'array', maxItems: 100, items: ref('weeklyPeriod') },
    exceptions: { type: 'array', maxItems: 500, items: ref('exception') },
    override: ref('override'),
  },
  required: ['name', 'timeZone', 'weekly'],
  additionalProperties: false,
  $defs: {
    startTime: {
      type: 'string',
      pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
      description: 'a time of day in HH:MM format (00:00 to 23:59)',
    },
    endTime: {
      type: 'string',
      pattern: '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$',
      description: 'a time of day in HH:MM format (00:00 to 24:00)',
    },
    date: {
      type: 'string',
      format: 'date',
      pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
      description: 'a date in YYYY-MM-DD format',
    },
    monthDay: {
      type: 'string',
      pattern: '^[0-9]{2}-[0-9]{2}$',
      description: 'a yearly date in MM-DD format',
    },
    timePeriod: {
      type: 'object',
      properties: { start: ref('startTime'), end: ref('endTime') },
      required: ['start', 'end'],
      additionalProperties: false,
    },
    weeklyPeriod: {
      type: 'object',
      properties: { day: { enum: WEEKDAYS }, start: ref('startTime'), end: ref('endTime') },
      required: ['day', 'start', 'end'],
      additionalProperties: false,
    },
    exceptionDates: {
      oneOf: [
        {
          type: 'object',
          properties: { type: { const: 'date' }, date: ref('date') },
          required: ['type', 'date'],
          additionalProperties: false,
        },
        {
          type: 'object',
          properties: { type: { const: 'range' }, from: ref('date'), to: ref('date') },
          required: ['type', 'from', 'to'],
          additionalProperties: false,
        },
        {
          type: 'object',
          properties: { type: { const: 'yearly' }, date: ref('monthDay') },
          required: ['type', 'date'],
          additionalProperties: false,
        },
      ],
    },
    exception: {
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 100 },
        dates: ref('exceptionDates'),
        status: { enum: ['open', 'closed'] },
        periods: { type: 'array', minItems: 1, maxItems: 20, items: ref('timePeriod') },
        destinationKey: {
          type: 'string',
          pattern: `^${DESTINATION_KEY_PATTERN}$`,
          description: 'a key of lowercase letters, digits, "_" and "-"',
        },
      },
      required: ['name', 'dates', 'status'],
      additionalProperties: false,
      if: { properties: { status: { const: 'open' } }, required: ['status'] },
      then: { required: ['periods'] },
      else: { properties: { periods: false } },
    },
    override: {
      type: ['object', 'null'],
      properties: {
        status: { enum: ['open', 'closed'] },
        until: {
          type: ['string', 'null'],
          format: 'date-time',
          pattern: ISO_INSTANT_PATTERN,
          description: 'an ISO 8601 instant with an offset, such as 2026-01-02T09:00:00Z',
        },
      },
      required: ['status'],
      additionalProperties: false,
    },
  },
};
