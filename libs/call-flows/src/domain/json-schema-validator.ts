/**
 * The subset of JSON Schema (draft 2020-12) that the domain's published schemas are written in.
 * `validateAgainstSchema` enforces every keyword listed here, so a published schema and the validation
 * the domain performs can never drift apart.
 */
export type JsonSchemaType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'null';

export type JsonSchema = boolean | JsonSchemaObject;

export interface JsonSchemaObject {
  readonly $schema?: string;
  readonly $id?: string;
  /** Only local references of the form '#/$defs/name' are supported. */
  readonly $ref?: string;
  readonly $defs?: Readonly<Record<string, JsonSchema>>;
  readonly title?: string;
  /** On a pattern-constrained string, a noun phrase ("an E.164 number") used in violation messages. */
  readonly description?: string;
  /** Annotations only, as the draft's default vocabulary says; enforcement comes from `pattern`. */
  readonly format?: string;
  readonly examples?: readonly unknown[];
  readonly type?: JsonSchemaType | readonly JsonSchemaType[];
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: JsonSchema;
  readonly propertyNames?: JsonSchema;
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
  /** Branches that share a required `const` property are selected by it, giving precise violations. */
  readonly oneOf?: readonly JsonSchema[];
  readonly if?: JsonSchema;
  readonly then?: JsonSchema;
  readonly else?: JsonSchema;
}

export type JsonPath = readonly (string | number)[];

export interface SchemaViolation {
  /** JSON Pointer (RFC 6901) to the offending value. */
  readonly path: string;
  readonly message: string;
}

interface CheckContext {
  readonly root: JsonSchemaObject;
  readonly violations: SchemaViolation[];
}

export function toJsonPointer(path: JsonPath): string {
  return path.map((segment) => `/${String(segment).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** Checks `value` against `schema`, resolving `$ref`s in `root`; paths are prefixed with `basePath`. */
export function validateAgainstSchema(
  value: unknown,
  schema: JsonSchema,
  root: JsonSchemaObject,
  basePath: JsonPath = [],
): SchemaViolation[] {
  const context: CheckContext = { root, violations: [] };
  check(value, schema, basePath, context);
  return context.violations;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function report(context: CheckContext, path: JsonPath, message: string): void {
  context.violations.push({ path: toJsonPointer(path), message });
}

function check(value: unknown, schema: JsonSchema, path: JsonPath, context: CheckContext): void {
  if (schema === true) return;
  if (schema === false) return report(context, path, 'is not allowed');
  if (schema.$ref !== undefined) check(value, resolveReference(context.root, schema.$ref), path, context);
  if (schema.type !== undefined && !matchesType(value, schema.type)) {
    return report(context, path, `must be ${describeTypes(schema.type)}`);
  }
  if ('const' in schema && !jsonEqual(value, schema.const)) {
    report(context, path, `must be ${JSON.stringify(schema.const)}`);
  }
  if (schema.enum !== undefined && !schema.enum.some((allowed) => jsonEqual(value, allowed))) {
    report(
      context,
      path,
      `must be one of ${schema.enum.map((allowed) => JSON.stringify(allowed)).join(', ')}`,
    );
  }
  if (typeof value === 'number') checkNumber(value, schema, path, context);
  if (typeof value === 'string') checkString(value, schema, path, context);
  if (Array.isArray(value)) checkArray(value, schema, path, context);
  if (isPlainObject(value)) checkObject(value, schema, path, context);
  if (schema.oneOf !== undefined) checkOneOf(value, schema.oneOf, path, context);
  if (schema.if !== undefined) {
    const branch = conforms(value, schema.if, context.root) ? schema.then : schema.else;
    if (branch !== undefined) check(value, branch, path, context);
  }
}

function conforms(value: unknown, schema: JsonSchema, root: JsonSchemaObject): boolean {
  return validateAgainstSchema(value, schema, root).length === 0;
}

function resolveReference(root: JsonSchemaObject, reference: string): JsonSchema {
  const name = reference.startsWith('#/$defs/') ? reference.slice('#/$defs/'.length) : undefined;
  const target = name === undefined ? undefined : root.$defs?.[name];
  if (target === undefined) throw new Error(`Unresolvable schema reference "${reference}"`);
  return target;
}

function dereference(schema: JsonSchema, root: JsonSchemaObject): JsonSchema {
  return typeof schema === 'object' && schema.$ref !== undefined
    ? dereference(resolveReference(root, schema.$ref), root)
    : schema;
}

function matchesType(value: unknown, type: JsonSchemaType | readonly JsonSchemaType[]): boolean {
  const types: readonly JsonSchemaType[] = typeof type === 'string' ? [type] : type;
  return types.some((candidate) => {
    switch (candidate) {
      case 'integer':
        return Number.isInteger(value);
      case 'number':
        return typeof value === 'number' && Number.isFinite(value);
      case 'object':
        return isPlainObject(value);
      case 'array':
        return Array.isArray(value);
      case 'null':
        return value === null;
      default:
        return typeof value === candidate;
    }
  });
}

const TYPE_NOUNS: Record<JsonSchemaType, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

function describeTypes(type: JsonSchemaType | readonly JsonSchemaType[]): string {
  return (typeof type === 'string' ? [type] : type).map((candidate) => TYPE_NOUNS[candidate]).join(' or ');
}

function checkNumber(value: number, schema: JsonSchemaObject, path: JsonPath, context: CheckContext): void {
  if (schema.minimum !== undefined && value < schema.minimum) {
    report(context, path, `must be at least ${schema.minimum}`);
  }
  if (schema.maximum !== undefined && value > schema.maximum) {
    report(context, path, `must be at most ${schema.maximum}`);
  }
}

function checkString(value: string, schema: JsonSchemaObject, path: JsonPath, context: CheckContext): void {
  // JSON Schema counts characters as code points, not UTF-16 units.
  const length = [...value].length;
  if (schema.minLength !== undefined && length < schema.minLength) {
    report(
      context,
      path,
      schema.minLength === 1 ? 'must not be empty' : `must be at least ${schema.minLength} characters long`,
    );
  }
  if (schema.maxLength !== undefined && length > schema.maxLength) {
    report(context, path, `must be at most ${schema.maxLength} characters long`);
  }
  if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) {
    report(context, path, `must be ${schema.description ?? `a string matching ${schema.pattern}`}`);
  }
}

function checkArray(
  value: readonly unknown[],
  schema: JsonSchemaObject,
  path: JsonPath,
  context: CheckContext,
): void {
  if (schema.minItems !== undefined && value.length < schema.minItems) {
    report(context, path, `must contain at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}`);
  }
  if (schema.maxItems !== undefined && value.length > schema.maxItems) {
    report(context, path, `must contain at most ${schema.maxItems} items`);
  }
  value.forEach((item, index) => {
    if (schema.uniqueItems === true) {
      const earlier = value.findIndex((other) => jsonEqual(other, item));
      if (earlier < index) report(context, [...path, index], `duplicates item ${earlier}`);
    }
    if (schema.items !== undefined) check(item, schema.items, [...path, index], context);
  });
}

function checkObject(
  value: Readonly<Record<string, unknown>>,
  schema: JsonSchemaObject,
  path: JsonPath,
  context: CheckContext,
): void {
  for (const name of schema.required ?? []) {
    if (!Object.hasOwn(value, name)) report(context, [...path, name], 'is required');
  }
  for (const [name, property] of Object.entries(value)) {
    if (schema.propertyNames !== undefined) check(name, schema.propertyNames, [...path, name], context);
    const propertySchema = schema.properties?.[name] ?? schema.additionalProperties;
    if (propertySchema !== undefined) check(property, propertySchema, [...path, name], context);
  }
}

function checkOneOf(
  value: unknown,
  branches: readonly JsonSchema[],
  path: JsonPath,
  context: CheckContext,
): void {
  const resolved = branches.map((branch) => dereference(branch, context.root));
  const discriminator = discriminatorOf(resolved);
  if (discriminator === undefined) {
    const matching = resolved.filter((branch) => conforms(value, branch, context.root)).length;
    if (matching !== 1) report(context, path, 'must match exactly one of the allowed forms');
    return;
  }
  if (!isPlainObject(value)) return report(context, path, 'must be an object');
  const tags = resolved.map((branch) => discriminatorTag(branch, discriminator));
  const selected = tags.findIndex((tag) => jsonEqual(tag, value[discriminator]));
  const branch = resolved[selected];
  if (branch === undefined) {
    const allowed = tags.map((tag) => JSON.stringify(tag)).join(', ');
    return report(context, [...path, discriminator], `must be one of ${allowed}`);
  }
  check(value, branch, path, context);
}

/** The required property whose `const` tells the branches apart, as in an OpenAPI discriminator. */
function discriminatorOf(branches: readonly JsonSchema[]): string | undefined {
  const [first] = branches;
  if (typeof first !== 'object' || first.properties === undefined) return undefined;
  return Object.keys(first.properties).find((name) =>
    branches.every(
      (branch) =>
        typeof branch === 'object' &&
        (branch.required ?? []).includes(name) &&
        discriminatorTag(branch, name) !== undefined,
    ),
  );
}

function discriminatorTag(branch: JsonSchema, name: string): unknown {
  const property = typeof branch === 'object' ? branch.properties?.[name] : undefined;
  return typeof property === 'object' && 'const' in property ? property.const : undefined;
}

function jsonEqual(left: unknown, right: unknown): boolean {
  if (Array.isArray(left) && Array.isArray(right)) {
    return left.length === right.length && left.every((item, index) => jsonEqual(item, right[index]));
  }
  if (isPlainObject(left) && isPlainObject(right)) {
    const keys = Object.keys(left);
    return (
      keys.length === Object.keys(right).length &&
      keys.every((key) => Object.hasOwn(right, key) && jsonEqual(left[key], right[key]))
    );
  }
  return left === right;
}
