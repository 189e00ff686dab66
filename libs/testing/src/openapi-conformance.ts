/**
 * Checks an HTTP answer against the OpenAPI document that describes it: every property it sends is documented,
 * every required one is present, and primitive types match. Enough to catch a response that drifted from its DTO.
 */
export type OpenApiSchema = {
  description?: string;
  example?: unknown;
  $ref?: string;
  type?: string;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  items?: OpenApiSchema;
  allOf?: OpenApiSchema[];
  nullable?: boolean;
  enum?: unknown[];
  additionalProperties?: boolean | OpenApiSchema;
};

export interface OpenApiOperation {
  summary?: string;
  responses: Record<string, { content?: Record<string, { schema?: OpenApiSchema }> }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, OpenApiSchema> };
}

function resolve(document: OpenApiDocument, schema: OpenApiSchema): OpenApiSchema {
  if (schema.$ref) return resolve(document, document.components.schemas[schema.$ref.split('/').pop()!]!);
  if (!schema.allOf) return schema;
  const parts = schema.allOf.map((part) => resolve(document, part));
  return {
    ...schema,
    type: 'object',
    properties: Object.assign({}, ...parts.map((part) => part.properties ?? {}), schema.properties ?? {}),
    required: parts.flatMap((part) => part.required ?? []).concat(schema.required ?? []),
  };
}

function check(
  document: OpenApiDocument,
  schemaOrRef: OpenApiSchema,
  value: unknown,
  path: string,
  problems: string[],
): void {
  const schema = resolve(document, schemaOrRef);
  if (value === null) {
    if (!schema.nullable) problems.push(`${path} is null but not nullable`);
    return;
  }
  if (schema.enum && !schema.enum.includes(value))
    problems.push(`${path} = ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  switch (schema.type) {
    case 'string':
    case 'boolean':
      if (typeof value !== schema.type) problems.push(`${path} should be ${schema.type}`);
      return;
    case 'number':
    case 'integer':
      if (typeof value !== 'number') problems.push(`${path} should be a number`);
      return;
    case 'array':
      if (!Array.isArray(value)) problems.push(`${path} should be an array`);
      else if (schema.items)
        value.forEach((item, index) => check(document, schema.items!, item, `${path}[${index}]`, problems));
      return;
    default:
      if (schema.properties === undefined) return;
      if (typeof value !== 'object' || Array.isArray(value)) {
        problems.push(`${path} should be an object`);
        return;
      }
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        const property = schema.properties[key];
        if (property) check(document, property, item, `${path}.${key}`, problems);
        else if (schema.additionalProperties === undefined || schema.additionalProperties === false) {
          problems.push(`${path}.${key} is not documented`);
        }
      }
      for (const key of schema.required ?? [])
        if (!(key in (value as object))) problems.push(`${path}.${key} is required but missing`);
  }
}

/** Returns the list of mismatches (empty when the answer conforms); `route` uses the document's `{param}` form. */
export function openApiMismatches(
  document: OpenApiDocument,
  method: string,
  route: string,
  status: number,
  body: unknown,
  contentType = 'application/json',
): string[] {
  const operation = document.paths[route]?.[method.toLowerCase()];
  if (!operation) return [`${method} ${route} is not in the document`];
  const response = operation.responses[String(status)];
  if (!response) return [`${method} ${route} does not document status ${status}`];
  const schema = response.content?.[contentType]?.schema;
  if (!schema)
    return body === '' || body === undefined
      ? []
      : [`${method} ${route} ${status} documents no ${contentType} body`];
  const problems: string[] = [];
  check(document, schema, body, 'body', problems);
  return problems;
}
