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
  description: 'When a business is open: weekly periods, dated exceptions and an optional override.',
  type: 'object',
  properties: {
    name: {
      type: 'string',
      minLength: 1,
      maxLength: 100,
      description: 'Display name.',
      examples: ['Head office'],
    },
    timeZone: {
      type: 'string',
      minLength: 1,
      maxLength: 64,
      description: 'an IANA time zone such as Europe/London',
      examples: ['Europe/London'],
    },
    weekly: {
      type: 'array',
      maxItems: 100,
      description: 'Open periods of a normal week; a day without any is closed.',
      items: ref('weeklyPeriod'),
    },
    exceptions: {
      type: 'array',
      maxItems: 500,
      description: 'Dates whose hours differ from the week; the most specific kind wins.',
      items: ref('exception'),
    },
    override: { ...ref('override'), description: 'Forces the state until a given instant or until removed.' },
  },
  required: ['name', 'timeZone', 'weekly'],
  additionalProperties: false,
  $defs: {
    startTime: {
      type: 'string',
      pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
      description: 'a time of day in HH:MM format (00:00 to 23:59)',
      examples: ['09:00'],
    },
    endTime: {
      type: 'string',
      pattern: '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$',
      description: 'a time of day in HH:MM format (00:00 to 24:00)',
      examples: ['17:30'],
    },
    date: {
      type: 'string',
      format: 'date',
      pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
      description: 'a date in YYYY-MM-DD format',
      examples: ['2026-12-24'],
    },
    monthDay: {
      type: 'string',
      pattern: '^[0-9]{2}-[0-9]{2}$',
      description: 'a yearly date in MM-DD format',
      examples: ['12-25'],
    },
    timePeriod: {
      type: 'object',
      description:
        'Open from start to end, wall-clock times; an end at or before the start runs past midnight.',
      properties: {
        start: { ...ref('startTime'), description: 'Opening time.' },
        end: { ...ref('endTime'), description: 'Closing time; 24:00 is the end of the day.' },
      },
      required: ['start', 'end'],
      additionalProperties: false,
    },
    weeklyPeriod: {
      type: 'object',
      description: 'Open on a weekday from start to end; an end at or before the start runs past midnight.',
      properties: {
        day: { enum: WEEKDAYS, description: 'The weekday the period starts on.', examples: ['mon'] },
        start: { ...ref('startTime'), description: 'Opening time.' },
        end: { ...ref('endTime'), description: 'Closing time; 24:00 is the end of the day.' },
      },
      required: ['day', 'start', 'end'],
      additionalProperties: false,
    },
    exceptionDates: {
      description: 'One date, an inclusive range of dates, or a date every year.',
      oneOf: [
        {
          type: 'object',
          properties: {
            type: { const: 'date', description: 'A single date.', examples: ['date'] },
            date: { ...ref('date'), description: 'The date.' },
          },
          required: ['type', 'date'],
          additionalProperties: false,
        },
        {
          type: 'object',
          properties: {
            type: { const: 'range', description: 'Consecutive dates.', examples: ['range'] },
            from: { ...ref('date'), description: 'The first date.' },
            to: { ...ref('date'), description: 'The last date, included.' },
          },
          required: ['type', 'from', 'to'],
          additionalProperties: false,
        },
        {
          type: 'object',
          properties: {
            type: { const: 'yearly', description: 'The same date every year.', examples: ['yearly'] },
            date: { ...ref('monthDay'), description: 'Month and day.' },
          },
          required: ['type', 'date'],
          additionalProperties: false,
        },
      ],
    },
    exception: {
      type: 'object',
      description: 'Replaces the weekly periods on the dates it covers.',
      properties: {
        name: {
          type: 'string',
          minLength: 1,
          maxLength: 100,
          description: 'Display name.',
          examples: ['Christmas Day'],
        },
        dates: { ...ref('exceptionDates'), description: 'The dates it covers.' },
        status: {
          enum: ['open', 'closed'],
          description: 'Closed all day, or open during its own periods.',
          examples: ['closed'],
        },
        periods: {
          type: 'array',
          minItems: 1,
          maxItems: 20,
          description: 'Open periods on each covered date; only for status open.',
          items: ref('timePeriod'),
        },
        destinationKey: {
          type: 'string',
          pattern: `^${DESTINATION_KEY_PATTERN}$`,
          description: 'a key of lowercase letters, digits, "_" and "-"',
          examples: ['holiday'],
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
      description: 'Forces the state from when it is set until `until`, or indefinitely.',
      properties: {
        status: { enum: ['open', 'closed'], description: 'The forced state.', examples: ['closed'] },
        until: {
          type: ['string', 'null'],
          format: 'date-time',
          pattern: ISO_INSTANT_PATTERN,
          description: 'an ISO 8601 instant with an offset, such as 2026-01-02T09:00:00Z',
          examples: ['2026-01-02T09:00:00Z'],
        },
      },
      required: ['status'],
      additionalProperties: false,
    },
  },
};
