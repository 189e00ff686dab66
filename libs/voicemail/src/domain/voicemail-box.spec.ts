import { describe, expect, it } from 'vitest';
import { checkGreeting, GREETING_TEXT_MAX_LENGTH } from './voicemail-box';

const codesOf = (value: unknown) => {
  const checked = checkGreeting(value);
  return checked.valid ? [] : checked.errors.map((error) => [error.field, error.code]);
};

describe('checkGreeting', () => {
  it('accepts null, speech and audio prompts, keeping only their own fields', () => {
    expect(checkGreeting(null)).toEqual({ valid: true, greeting: null });
    expect(
      checkGreeting({ type: 'tts', text: 'Leave a message.', voice: 'en-us', language: 'en-US' }),
    ).toEqual({
      valid: true,
      greeting: { type: 'tts', text: 'Leave a message.', voice: 'en-us', language: 'en-US' },
    });
    expect(checkGreeting({ type: 'tts', text: 'x'.repeat(GREETING_TEXT_MAX_LENGTH) }).valid).toBe(true);
    expect(checkGreeting({ type: 'audio', audioId: 'aud_1' })).toEqual({
      valid: true,
      greeting: { type: 'audio', audioId: 'aud_1' },
    });
  });

  it('names the offending field of a bad greeting with a specific code', () => {
    expect(codesOf('hello')).toEqual([['greeting', 'invalid_greeting']]);
    expect(codesOf({ type: 'video', url: 'x' })).toEqual([['greeting', 'invalid_greeting']]);
    expect(codesOf({ type: 'tts', text: '' })).toEqual([['greeting.text', 'invalid_greeting_text']]);
    expect(codesOf({ type: 'tts', text: '   ' })).toEqual([['greeting.text', 'invalid_greeting_text']]);
    expect(codesOf({ type: 'tts', text: 'x'.repeat(GREETING_TEXT_MAX_LENGTH + 1) })).toEqual([
      ['greeting.text', 'invalid_greeting_text'],
    ]);
    expect(codesOf({ type: 'tts', text: 'Hi', language: 'English', voice: '' })).toEqual([
      ['greeting.voice', 'invalid_voice'],
      ['greeting.language', 'invalid_language'],
    ]);
    expect(codesOf({ type: 'audio' })).toEqual([['greeting.audioId', 'invalid_audio_id']]);
    expect(codesOf({ type: 'audio', audioId: 'aud_1', text: 'Hi' })).toEqual([
      ['greeting.text', 'unknown_field'],
    ]);
  });
});
