import { describe, expect, it } from 'vitest';
import {
  eventCatalog,
  eventTypeMatches,
  eventTypes,
  isEventTypePattern,
  matchesAnyEventType,
} from './events';

describe('event catalog', () => {
  it('holds the types integrators rely on, each described', () => {
    expect(eventTypes).toEqual(
      expect.arrayContaining([
        'number.purchased',
        'call.recording.completed',
        'voicemail.transcribed',
        'message.canceled',
        'contact.opted_out',
        'webhook.test',
        'webhook_endpoint.disabled',
      ]),
    );
    for (const type of eventTypes) expect(eventCatalog[type].description.length).toBeGreaterThan(10);
  });
});

describe('event type patterns', () => {
  it('matches *, prefixes with .* and exact types', () => {
    expect(eventTypeMatches('*', 'call.answered')).toBe(true);
    expect(eventTypeMatches('call.*', 'call.recording.failed')).toBe(true);
    expect(eventTypeMatches('call.*', 'callback.x')).toBe(false);
    expect(eventTypeMatches('call.answered', 'call.answered')).toBe(true);
    expect(eventTypeMatches('call.answered', 'call.answered.late')).toBe(false);
    expect(matchesAnyEventType(['message.*', 'call.failed'], 'call.failed')).toBe(true);
    expect(matchesAnyEventType([], 'call.failed')).toBe(false);
  });

  it('validates patterns against the catalog', () => {
    expect(isEventTypePattern('*')).toBe(true);
    expect(isEventTypePattern('voicemail.*')).toBe(true);
    expect(isEventTypePattern('call.recording.*')).toBe(true);
    expect(isEventTypePattern('fax.*')).toBe(false);
    expect(isEventTypePattern('call.*.completed')).toBe(false);
    expect(isEventTypePattern('')).toBe(false);
  });
});
