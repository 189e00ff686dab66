import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiResponse,
  getSchemaPath,
  type OpenAPIObject,
  type ReferenceObject,
} from '@nestjs/swagger';
import { problemContentType } from '@switchyard/errors';
import { businessHoursScheduleJsonSchema } from '../domain/business-hours-json-schema';
import { flowEventJsonSchema } from '../domain/flow-event-json-schema';
import { flowDocumentJsonSchema } from '../domain/flow-json-schema';
import { type JsonSchemaObject } from '../domain/json-schema-validator';
import { type ComponentNames, definitionComponentName, openApiComponentsOf } from './json-schema-openapi';

interface PublishedSchema {
  readonly schema: JsonSchemaObject;
  readonly names: ComponentNames;
}

const flowDocument: PublishedSchema = {
  schema: flowDocumentJsonSchema,
  names: { root: 'FlowDocument', definitionPrefix: 'Flow' },
};
const flowEvent: PublishedSchema = {
  schema: flowEventJsonSchema,
  names: { root: 'FlowEvent', definitionPrefix: 'Flow' },
};
const businessHours: PublishedSchema = {
  schema: businessHoursScheduleJsonSchema,
  names: { root: 'BusinessHoursSchedule', definitionPrefix: 'BusinessHours' },
};

/** A reference to a published schema, or to one of its definitions, for DTO properties. */
function referenceTo({ schema, names }: PublishedSchema, definition?: string): ReferenceObject {
  if (definition === undefined) return { $ref: getSchemaPath(names.root) };
  if (schema.$defs?.[definition] === undefined)
    throw new Error(`${names.root} has no definition ${definition}`);
  return { $ref: getSchemaPath(definitionComponentName(names, definition)) };
}

export const callFlowSchemaRefs = {
  flowDocument: referenceTo(flowDocument),
  flowEvent: referenceTo(flowEvent),
  weeklyPeriod: referenceTo(businessHours, 'weeklyPeriod'),
  scheduleException: referenceTo(businessHours, 'exception'),
} as const;

/**
 * Publishes the flow document, flow event and business-hours schedule JSON Schemas as OpenAPI components,
 * which the call-flows DTOs refer to. Apps serving the call-flows routes call it on their OpenAPI document.
 */
export function addCallFlowSchemas(document: OpenAPIObject): void {
  document.components ??= {};
  const schemas = (document.components.schemas ??= {});
  for (const { schema, names } of [flowDocument, flowEvent, businessHours]) {
    for (const [name, component] of Object.entries(openApiComponentsOf(schema, names))) {
      if (name in schemas) throw new Error(`The OpenAPI component ${name} is defined twice`);
      schemas[name] = component;
    }
  }
}

/** Documents a problem+json answer whose body carries members beyond the common problem ones. */
export function ApiSpecificProblem(status: number, description: string, problem: new () => object) {
  return applyDecorators(
    ApiExtraModels(problem),
    ApiResponse({
      status,
      description,
      content: { [problemContentType]: { schema: { $ref: getSchemaPath(problem) } } },
    }),
  );
}
