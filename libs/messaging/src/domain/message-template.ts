import { InvalidTemplateError, TemplateMissingFieldsError } from './messaging.errors';

/**
 * Message text with merge fields: `{{firstName}}`, `{{ lastName | "there" }}` with a fallback, and nested
 * values such as `{{fields.plan}}`. A backslash before two opening braces (`\{{`) writes them literally.
 */
export interface MessageTemplate {
  readonly source: string;
  readonly parts: readonly TemplatePart[];
}

export type TemplatePart =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'field'; readonly path: string; readonly fallback?: string };

export type MergeValue = string | number | boolean | null | undefined | MergeValues;
export interface MergeValues {
  readonly [key: string]: MergeValue;
}

export interface TemplatePreview {
  /** Missing fields without a fallback are shown as their tag, e.g. `{{firstName}}`. */
  readonly text: string;
  readonly missingFields: readonly string[];
}

const ESCAPED_OPEN = '\\{{';
const OPEN = '{{';
const CLOSE = '}}';
const FIELD_PATH = /[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*/y;
const WHITESPACE = /\s*/y;

/** Parses a template, throwing {@link InvalidTemplateError} at the first malformed tag. */
export function parseTemplate(source: string): MessageTemplate {
  const parts: TemplatePart[] = [];
  let text = '';
  let position = 0;
  while (position < source.length) {
    const open = source.indexOf(OPEN, position);
    if (open === -1) {
      text += source.slice(position);
      break;
    }
    if (open > 0 && source.startsWith(ESCAPED_OPEN, open - 1)) {
      text += source.slice(position, open - 1) + OPEN;
      position = open + OPEN.length;
      continue;
    }
    text += source.slice(position, open);
    if (text) parts.push({ type: 'text', text });
    text = '';
    const field = readField(source, open);
    parts.push(field.part);
    position = field.end;
  }
  if (text) parts.push({ type: 'text', text });
  return { source, parts };
}

/** The fields a template refers to, each once, in order of first use. */
export function templateFields(template: MessageTemplate | string): string[] {
  const paths = asTemplate(template).parts.flatMap((part) => (part.type === 'field' ? [part.path] : []));
  return [...new Set(paths)];
}

/** Fills in the fields, throwing {@link TemplateMissingFieldsError} when one without fallback has no value. */
export function renderTemplate(template: MessageTemplate | string, values: MergeValues): string {
  const { text, missingFields } = previewTemplate(template, values);
  if (missingFields.length > 0) throw new TemplateMissingFieldsError(missingFields);
  return text;
}

/** Fills in what it can, for showing a message before it is sent; an empty or blank value counts as missing. */
export function previewTemplate(template: MessageTemplate | string, values: MergeValues): TemplatePreview {
  const missing = new Set<string>();
  const text = asTemplate(template)
    .parts.map((part) => {
      if (part.type === 'text') return part.text;
      const value = textOf(lookUp(values, part.path)) ?? part.fallback;
      if (value !== undefined) return value;
      missing.add(part.path);
      return `${OPEN}${part.path}${CLOSE}`;
    })
    .join('');
  return { text, missingFields: [...missing] };
}

function asTemplate(template: MessageTemplate | string): MessageTemplate {
  return typeof template === 'string' ? parseTemplate(template) : template;
}

function readField(source: string, open: number): { part: TemplatePart; end: number } {
  let position = skipWhitespace(source, open + OPEN.length);
  FIELD_PATH.lastIndex = position;
  const path = FIELD_PATH.exec(source)?.[0];
  if (!path)
    throw new InvalidTemplateError(position, 'expected a field name such as firstName or fields.plan');
  position = skipWhitespace(source, position + path.length);
  let fallback: string | undefined;
  if (source.charAt(position) === '|') {
    const quoted = readQuoted(source, skipWhitespace(source, position + 1));
    fallback = quoted.text;
    position = skipWhitespace(source, quoted.end);
  }
  if (!source.startsWith(CLOSE, position)) {
    throw new InvalidTemplateError(position, `expected "${CLOSE}" to close the field opened at ${open}`);
  }
  const part: TemplatePart =
    fallback === undefined ? { type: 'field', path } : { type: 'field', path, fallback };
  return { part, end: position + CLOSE.length };
}

/** A double-quoted fallback, in which `\"` and `\\` stand for a quote and a backslash. */
function readQuoted(source: string, start: number): { text: string; end: number } {
  if (source.charAt(start) !== '"')
    throw new InvalidTemplateError(start, 'expected a quoted fallback after "|"');
  let text = '';
  let position = start + 1;
  while (position < source.length) {
    const char = source.charAt(position);
    if (char === '"') return { text, end: position + 1 };
    const next = source.charAt(position + 1);
    if (char === '\\' && (next === '"' || next === '\\')) {
      text += next;
      position += 2;
    } else {
      text += char;
      position += 1;
    }
  }
  throw new InvalidTemplateError(start, 'the fallback is missing its closing quote');
}

function skipWhitespace(source: string, position: number): number {
  WHITESPACE.lastIndex = position;
  WHITESPACE.exec(source);
  return WHITESPACE.lastIndex;
}

function lookUp(values: MergeValues, path: string): MergeValue {
  let current: MergeValue = values;
  for (const key of path.split('.')) {
    // Own properties only, so `{{constructor}}` cannot reach into the prototype.
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) return undefined;
    current = current[key];
  }
  return current;
}

function textOf(value: MergeValue): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'boolean') return String(value);
  return undefined;
}
