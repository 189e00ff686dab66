import { type Prompt, type TtsPrompt } from '@switchyard/call-flows';
import { type FieldError } from '@switchyard/errors';

/** How long a caller may speak after the beep, in seconds. */
export const MESSAGE_SECONDS = { default: 120, min: 5, max: 600 } as const;

export const BOX_NAME_MAX_LENGTH = 100;
export const GREETING_TEXT_MAX_LENGTH = 1000;

const VOICE_MAX_LENGTH = 64;
const AUDIO_ID_MAX_LENGTH = 64;
const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

export type GreetingCheck =
  | { readonly valid: true; readonly greeting: Prompt | null }
  | { readonly valid: false; readonly errors: readonly FieldError[] };

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isText = (value: unknown, maxLength: number): value is string =>
  typeof value === 'string' && value.trim().length > 0 && value.length <= maxLength;

function fieldError(field: string, code: string, message: string): FieldError {
  return { field: `greeting${field === '' ? '' : `.${field}`}`, code, message };
}

function unknownFieldErrors(greeting: Readonly<Record<string, unknown>>, known: readonly string[]) {
  return Object.keys(greeting)
    .filter((key) => !known.includes(key))
    .map((key) => fieldError(key, 'unknown_field', `greeting.${key} is not a known field.`));
}

function ttsErrors(greeting: Readonly<Record<string, unknown>>): FieldError[] {
  const errors = unknownFieldErrors(greeting, ['type', 'text', 'voice', 'language']);
  if (!isText(greeting.text, GREETING_TEXT_MAX_LENGTH)) {
    errors.push(
      fieldError(
        'text',
        'invalid_greeting_text',
        `greeting.text must be 1 to ${GREETING_TEXT_MAX_LENGTH} characters of text.`,
      ),
    );
  }
  if (greeting.voice !== undefined && !isText(greeting.voice, VOICE_MAX_LENGTH)) {
    errors.push(
      fieldError('voice', 'invalid_voice', `greeting.voice must be 1 to ${VOICE_MAX_LENGTH} characters.`),
    );
  }
  if (
    greeting.language !== undefined &&
    (typeof greeting.language !== 'string' || !LANGUAGE_TAG.test(greeting.language))
  ) {
    errors.push(
      fieldError('language', 'invalid_language', 'greeting.language must be a BCP 47 tag such as en-US.'),
    );
  }
  return errors;
}

function audioErrors(greeting: Readonly<Record<string, unknown>>): FieldError[] {
  const errors = unknownFieldErrors(greeting, ['type', 'audioId']);
  if (!isText(greeting.audioId, AUDIO_ID_MAX_LENGTH)) {
    errors.push(fieldError('audioId', 'invalid_audio_id', 'greeting.audioId must name an audio file.'));
  }
  return errors;
}

/** Keeps only the fields a prompt of its type has, so what is stored is exactly a flow prompt. */
function promptOf(greeting: Readonly<Record<string, unknown>>): Prompt {
  if (greeting.type === 'audio') return { type: 'audio', audioId: greeting.audioId as string };
  const { text, voice, language } = greeting as unknown as TtsPrompt;
  return {
    type: 'tts',
    text,
    ...(voice === undefined ? {} : { voice }),
    ...(language === undefined ? {} : { language }),
  };
}

/**
 * Checks a box greeting as received: null (the default greeting), a text-to-speech prompt or an uploaded audio
 * file, in the shape call-flow prompts have. Whether the audio file exists is the application's question.
 */
export function checkGreeting(value: unknown): GreetingCheck {
  if (value === null) return { valid: true, greeting: null };
  if (!isRecord(value) || (value.type !== 'tts' && value.type !== 'audio')) {
    return {
      valid: false,
      errors: [
        fieldError(
          '',
          'invalid_greeting',
          'greeting must be null, {"type":"tts","text":…} or {"type":"audio","audioId":…}.',
        ),
      ],
    };
  }
  const errors = value.type === 'tts' ? ttsErrors(value) : audioErrors(value);
  return errors.length > 0 ? { valid: false, errors } : { valid: true, greeting: promptOf(value) };
}
