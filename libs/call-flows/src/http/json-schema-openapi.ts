import { type ReferenceObject, type SchemaObject } from '@nestjs/swagger';
import { type JsonSchema, type JsonSchemaObject } from '../domain/json-schema-validator';

type OpenApiSchema = SchemaObject | ReferenceObject;

/** Where a published JSON Schema goes among the OpenAPI components. */
export interface ComponentNames {
  /** The component of the schema itself. */
  readonly root: string;
  /** Put before each `$defs` name, in PascalCase: prefix `Flow` and `menuNode` give `FlowMenuNode`. */
  readonly definitionPrefix: string;
}

export function definitionComponentName(names: ComponentNames, definition: string): string {
  return `${names.definitionPrefix}${definition.charAt(0).toUpperCase()}${definition.slice(1)}`;
}

/**
 * OpenAPI 3.0 components for a JSON Schema (draft 2020-12): the root, and each `$defs` entry with the `$ref`s
 * pointing at it. Keywords OpenAPI 3.0 lacks are translated (`const`, a type list with null, `examples`) or kept
 * as `x-` extensions (`if`/`then`/`else`, `propertyNames`), so nothing the validator enforces goes unpublished.
 */
export function openApiComponentsOf(
  schema: JsonSchemaObject,
  names: ComponentNames,
): Record<string, SchemaObject> {
  const componentRef = (reference: string): string => {
    const definition = reference.replace(/^#\/\$defs\//, '');
    if (definition === reference || schema.$defs?.[definition] === undefined) {
      throw new Error(`${names.root}: cannot publish the reference ${reference}`);
    }
    return `#/components/schemas/${definitionComponentName(names, definition)}`;
  };
  const convert = (node: JsonSchema): OpenApiSchema => {
    if (node === true) return {};
    if (node === false) return { not: {} };
    const {
      $schema: _dialect,
      $id: _id,
      $defs: _definitions,
      $ref,
      const: _constant,
      examples,
      type,
      properties,
      additionalProperties,
      items,
      oneOf,
      propertyNames,
      if: condition,
      then,
      else: otherwise,
      enum: values,
      required,
      ...plain
    } = node;
    const converted: Record<string, unknown> = { ...plain };
    // OpenAPI 3.0 ignores what sits beside a $ref, but readers of the document and 3.1 tools show it.
    if ($ref !== undefined) converted['$ref'] = componentRef($ref);
    if ('const' in node) converted['enum'] = [node.const];
    if (values !== undefined) converted['enum'] = [...values];
    if (examples !== undefined && examples.length > 0) converted['example'] = examples[0];
    if (type !== undefined) Object.assign(converted, typeOf(type));
    if (required !== undefined) converted['required'] = [...required];
    if (properties !== undefined) {
      converted['properties'] = Object.fromEntries(
        Object.entries(properties).map(([name, property]) => [name, convert(property)]),
      );
    }
    if (additionalProperties !== undefined) {
      converted['additionalProperties'] =
        typeof additionalProperties === 'boolean' ? additionalProperties : convert(additionalProperties);
    }
    if (items !== undefined) converted['items'] = convert(items);
    if (oneOf !== undefined) converted['oneOf'] = oneOf.map(convert);
    if (propertyNames !== undefined) converted['x-propertyNames'] = convert(propertyNames);
    if (condition !== undefined) converted['x-if'] = convert(condition);
    if (then !== undefined) converted['x-then'] = convert(then);
    if (otherwise !== undefined) converted['x-else'] = convert(otherwise);
    return converted as SchemaObject;
  };
  return {
    [names.root]: convert(schema) as SchemaObject,
    ...Object.fromEntries(
      Object.entries(schema.$defs ?? {}).map(([definition, subschema]) => [
        definitionComponentName(names, definition),
        convert(subschema) as SchemaObject,
      ]),
    ),
  };
}

/** A JSON Schema type or type list as OpenAPI 3.0 says it: one type, made nullable when the list allows null. */
function typeOf(type: NonNullable<JsonSchemaObject['type']>): Pick<SchemaObject, 'type' | 'nullable'> {
  const types = typeof type === 'string' ? [type] : type;
  const nonNull = types.filter((candidate) => candidate !== 'null');
  const [single] = nonNull;
  if (single === undefined || nonNull.length > 1) {
    throw new Error(`OpenAPI 3.0 cannot say type ${JSON.stringify(type)}`);
  }
  return nonNull.length < types.length ? { type: single, nullable: true } : { type: single };
}
