import { describe, expect, it } from 'vitest';
import { businessHoursScheduleJsonSchema } from './business-hours-json-schema';
import { flowEventJsonSchema } from './flow-event-json-schema';
import { flowDocumentJsonSchema } from './flow-json-schema';
import { type JsonSchema, type JsonSchemaObject } from './json-schema-validator';

/** Every object schema in a published schema, with where it is, for readable failures. */
function objectSchemas(schema: JsonSchemaObject): [string, JsonSchemaObject][] {
  const found: [string, JsonSchemaObject][] = [];
  const visit = (where: string, node: JsonSchema | undefined): void => {
    if (typeof node !== 'object') return;
    if (node.properties) found.push([where, node]);
    for (const [name, property] of Object.entries(node.properties ?? {})) visit(`${where}.${name}`, property);
    node.oneOf?.forEach((branch, index) => visit(`${where}.oneOf[${index}]`, branch));
    visit(`${where}[]`, node.items);
  };
  visit('#', schema);
  for (const [name, definition] of Object.entries(schema.$defs ?? {})) visit(`#/$defs/${name}`, definition);
  return found;
}

describe('published JSON schemas', () => {
  it.each([
    ['flow document', flowDocumentJsonSchema],
    ['business-hours schedule', businessHoursScheduleJsonSchema],
    ['flow event', flowEventJsonSchema],
  ])('describe every property of the %s, with an example of every value', (_, schema) => {
    const undocumented = objectSchemas(schema).flatMap(([where, object]) =>
      Object.entries(object.properties ?? {}).flatMap(([name, property]) => {
        if (typeof property !== 'object') return [`${where}.${name} is a bare boolean`];
        const isValue = property.$ref === undefined && property.type !== 'array';
        return [
          ...(property.description ? [] : [`${where}.${name} has no description`]),
          ...(isValue && !property.examples?.length ? [`${where}.${name} has no example`] : []),
        ];
      }),
    );
    expect(undocumented).toEqual([]);
  });
});
