import { describe, expect, it } from 'vitest';
import { type JsonSchemaObject } from '../domain/json-schema-validator';
import { openApiComponentsOf } from './json-schema-openapi';

const names = { root: 'Thing', definitionPrefix: 'Thing' };

describe('openApiComponentsOf', () => {
  it('publishes the root and each definition as components, with references pointing at them', () => {
    const schema: JsonSchemaObject = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'urn:thing',
      type: 'object',
      properties: {
        part: { $ref: '#/$defs/part', description: 'A part.' },
        parts: { type: 'array', items: { $ref: '#/$defs/part' } },
      },
      required: ['part'],
      additionalProperties: false,
      $defs: { part: { type: 'string', description: 'a part name', examples: ['wheel'] } },
    };
    expect(openApiComponentsOf(schema, names)).toEqual({
      Thing: {
        type: 'object',
        properties: {
          part: { $ref: '#/components/schemas/ThingPart', description: 'A part.' },
          parts: { type: 'array', items: { $ref: '#/components/schemas/ThingPart' } },
        },
        required: ['part'],
        additionalProperties: false,
      },
      ThingPart: { type: 'string', description: 'a part name', example: 'wheel' },
    });
  });

  it('says in OpenAPI 3.0 what it lacks: const, nullable type lists, boolean schemas and conditions', () => {
    const schema: JsonSchemaObject = {
      type: ['object', 'null'],
      properties: { kind: { const: 'menu' }, label: { type: ['string', 'null'] } },
      propertyNames: { pattern: '^[a-z]+$' },
      if: { properties: { kind: { const: 'menu' } } },
      then: { required: ['label'] },
      else: { properties: { label: false } },
      additionalProperties: true,
    };
    expect(openApiComponentsOf(schema, names)).toEqual({
      Thing: {
        type: 'object',
        nullable: true,
        properties: { kind: { enum: ['menu'] }, label: { type: 'string', nullable: true } },
        'x-propertyNames': { pattern: '^[a-z]+$' },
        'x-if': { properties: { kind: { enum: ['menu'] } } },
        'x-then': { required: ['label'] },
        'x-else': { properties: { label: { not: {} } } },
        additionalProperties: true,
      },
    });
  });

  it('refuses what it cannot publish faithfully', () => {
    expect(() => openApiComponentsOf({ $ref: '#/$defs/missing' }, names)).toThrow(
      /cannot publish the reference/,
    );
    expect(() => openApiComponentsOf({ type: ['string', 'integer'] }, names)).toThrow(/cannot say type/);
  });
});
