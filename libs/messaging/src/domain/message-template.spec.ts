import { describe, expect, it } from 'vitest';
import { InvalidTemplateError, TemplateMissingFieldsError } from './messaging.errors';
import { parseTemplate, previewTemplate, renderTemplate, templateFields } from './message-template';

const contact = { firstName: 'Ada', lastName: 'Lovelace', fields: { plan: 'Pro', seats: 3, trial: false } };

describe('renderTemplate', () => {
  it('fills merge fields, nested custom fields and numbers', () => {
    expect(
      renderTemplate('Hi {{firstName}}, your {{fields.plan}} plan has {{ fields.seats }} seats', contact),
    ).toBe('Hi Ada, your Pro plan has 3 seats');
    expect(renderTemplate('Trial: {{fields.trial}}', contact)).toBe('Trial: false');
  });

  it('uses the fallback when the value is absent, null or blank', () => {
    const template = 'Hello {{ firstName | "there" }}!';
    expect(renderTemplate(template, {})).toBe('Hello there!');
    expect(renderTemplate(template, { firstName: null })).toBe('Hello there!');
    expect(renderTemplate(template, { firstName: '  ' })).toBe('Hello there!');
    expect(renderTemplate(template, { firstName: 'Grace' })).toBe('Hello Grace!');
    expect(renderTemplate('{{ lastName|"" }}.', {})).toBe('.');
  });

  it('reads quotes, backslashes and closing braces inside a fallback', () => {
    expect(renderTemplate('{{ nick | "the \\"boss\\" \\\\ }}" }}', {})).toBe('the "boss" \\ }}');
  });

  it('lists every missing field without a fallback', () => {
    const render = () => renderTemplate('{{firstName}} {{fields.plan}} {{ city | "-" }} {{firstName}}', {});
    expect(render).toThrow(TemplateMissingFieldsError);
    expect(render).toThrow(
      expect.objectContaining({
        code: 'template_missing_fields',
        missingFields: ['firstName', 'fields.plan'],
      }),
    );
  });

  it('does not reach into objects or their prototypes', () => {
    expect(previewTemplate('{{fields}} {{constructor}} {{firstName.length}}', contact).missingFields).toEqual(
      ['fields', 'constructor', 'firstName.length'],
    );
  });

  it('writes braces escaped with a backslash literally, and lone braces as they are', () => {
    expect(renderTemplate('Use \\{{firstName}} for {{firstName}}; {x} and }} stay', contact)).toBe(
      'Use {{firstName}} for Ada; {x} and }} stay',
    );
  });
});

describe('previewTemplate', () => {
  it('shows missing fields as their tags', () => {
    expect(previewTemplate('Hi {{ firstName }}, {{fields.plan}} ends {{ endsOn | "soon" }}', {})).toEqual({
      text: 'Hi {{firstName}}, {{fields.plan}} ends soon',
      missingFields: ['firstName', 'fields.plan'],
    });
  });
});

describe('parseTemplate', () => {
  it('splits text and fields', () => {
    expect(parseTemplate('Hi {{ name | "you" }}!').parts).toEqual([
      { type: 'text', text: 'Hi ' },
      { type: 'field', path: 'name', fallback: 'you' },
      { type: 'text', text: '!' },
    ]);
    expect(templateFields('{{a}} {{b.c}} {{a}}')).toEqual(['a', 'b.c']);
  });

  it.each([
    ['Hi {{firstName', 14, 'expected "}}"'],
    ['Hi {{}}', 5, 'expected a field name'],
    ['Hi {{ 1st }}', 6, 'expected a field name'],
    ['Hi {{ first name }}', 12, 'expected "}}"'],
    ['Hi {{ name | there }}', 13, 'expected a quoted fallback'],
    ['Hi {{ name | "there }}', 13, 'closing quote'],
  ])('rejects %j at position %i', (source, position, detail) => {
    expect(() => parseTemplate(source)).toThrow(InvalidTemplateError);
    expect(() => parseTemplate(source)).toThrow(
      expect.objectContaining({
        code: 'invalid_template',
        position,
        detail: expect.stringContaining(detail),
      }),
    );
  });
});
