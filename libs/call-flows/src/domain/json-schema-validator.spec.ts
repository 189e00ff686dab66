import { describe, expect, it } from 'vitest';
import { type JsonSchemaObject, toJsonPointer, validateAgainstSchema } from './json-schema-validator';

const root: JsonSchemaObject = {
  type: 'object',
  properties: {
    count: { type: 'integer', minimum: 1, maximum: 3 },
    label: { type: 'string', minLength: 1, maxLength: 4 },
    code: { type: 'string', pattern: '^[A-Z]{2}$', description: 'a two-letter code' },
    raw: { type: 'string', pattern: '^x+$' },
    colour: { enum: ['red', 'green'] },
    list: { type: 'array', minItems: 1, maxItems: 2, uniqueItems: true, items: { type: ['string', 'null'] } },
    shape: { $ref: '#/$defs/shape' },
    forbidden: false,
    keyed: {
      type: 'object',
      propertyNames: { pattern: '^[a-z]$' },
      additionalProperties: { type: 'boolean' },
    },
  },
  required: ['count'],
  additionalProperties: false,
  $defs: {
    shape: {
      oneOf: [
        {
          type: 'object',
          properties: { kind: { const: 'circle' }, radius: { type: 'number' } },
          required: ['kind', 'radius'],
        },
        {
          type: 'object',
          properties: { kind: { const: 'square' }, side: { type: 'number' } },
          required: ['kind', 'side'],
        },
      ],
    },
  },
};

const check = (value: unknown, schema: JsonSchemaObject = root) => validateAgainstSchema(value, schema, root);

describe('validateAgainstSchema', () => {
  it('accepts a conforming value', () => {
    const value = {
      count: 2,
      label: 'ab',
      code: 'GB',
      colour: 'red',
      list: ['a', null],
      shape: { kind: 'circle', radius: 1 },
      keyed: { a: true },
    };
    expect(check(value)).toEqual([]);
  });

  it('reports each violated keyword at the path of the offending value', () => {
    const value = {
      count: 0,
      label: 'toolong',
      code: 'gb',
      raw: 'y',
      colour: 'blue',
      list: ['a', 'a', 'b'],
      forbidden: 1,
      extra: true,
      keyed: { Ab: 'yes' },
    };
    expect(check(value)).toEqual([
      { path: '/count', message: 'must be at least 1' },
      { path: '/label', message: 'must be at most 4 characters long' },
      { path: '/code', message: 'must be a two-letter code' },
      { path: '/raw', message: 'must be a string matching ^x+$' },
      { path: '/colour', message: 'must be one of "red", "green"' },
      { path: '/list', message: 'must contain at most 2 items' },
      { path: '/list/1', message: 'duplicates item 0' },
      { path: '/forbidden', message: 'is not allowed' },
      { path: '/extra', message: 'is not allowed' },
      { path: '/keyed/Ab', message: 'must be a string matching ^[a-z]$' },
      { path: '/keyed/Ab', message: 'must be a boolean' },
    ]);
  });

  it('reports a missing required property and a wrong type', () => {
    expect(check({})).toEqual([{ path: '/count', message: 'is required' }]);
    expect(check({ count: 1.5, label: '' })).toEqual([
      { path: '/count', message: 'must be an integer' },
      { path: '/label', message: 'must not be empty' },
    ]);
    expect(check([])).toEqual([{ path: '', message: 'must be an object' }]);
  });

  it('selects a oneOf branch by its discriminating const', () => {
    expect(check({ count: 1, shape: { kind: 'square', radius: 1 } })).toEqual([
      { path: '/shape/side', message: 'is required' },
    ]);
    expect(check({ count: 1, shape: { kind: 'hexagon' } })).toEqual([
      { path: '/shape/kind', message: 'must be one of "circle", "square"' },
    ]);
  });

  it('requires exactly one match of a oneOf without a discriminator', () => {
    const either: JsonSchemaObject = { oneOf: [{ type: 'integer' }, { type: 'number', minimum: 0 }] };
    expect(check(-1, either)).toEqual([]);
    expect(check(2, either)).toEqual([{ path: '', message: 'must match exactly one of the allowed forms' }]);
  });

  it('applies then or else according to if', () => {
    const conditional: JsonSchemaObject = {
      type: 'object',
      if: { properties: { mode: { const: 'fixed' } }, required: ['mode'] },
      then: { required: ['value'] },
      else: { properties: { value: false } },
    };
    expect(check({ mode: 'fixed' }, conditional)).toEqual([{ path: '/value', message: 'is required' }]);
    expect(check({ mode: 'auto', value: 1 }, conditional)).toEqual([
      { path: '/value', message: 'is not allowed' },
    ]);
  });

  it('escapes JSON Pointer segments', () => {
    expect(toJsonPointer(['exits', 'a/b', 'c~d', 0])).toBe('/exits/a~1b/c~0d/0');
  });
});
