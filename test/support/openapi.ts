/** The routes of the running server, read from its OpenAPI document, for sweeps over every route. */

export interface OpenApiSchema {
  type?: string;
  format?: string;
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  nullable?: boolean;
  items?: OpenApiSchema;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  allOf?: OpenApiSchema[];
  $ref?: string;
}

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: OpenApiSchema;
}

export interface ApiRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** As in the document, with `{param}` placeholders: `/api/v1/events/{id}/registrations`. */
  path: string;
  /** `POST /api/v1/events/{id}/registrations` */
  key: string;
  parameters: OpenApiParameter[];
  /** The name of the request body's schema (`CreateRegistrationDto`), if the route takes a JSON body. */
  bodySchema?: string;
}

export interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { parameters?: OpenApiParameter[]; requestBody?: { content?: Record<string, { schema?: OpenApiSchema }> } }>
  >;
  components: { schemas: Record<string, OpenApiSchema> };
}

/** Fetches `/api/docs-json` from the server at `baseUrl` (`http://127.0.0.1:port`) and lists every operation. */
export async function readApiRoutes(baseUrl: string): Promise<{ document: OpenApiDocument; routes: ApiRoute[] }> {
  const response = await fetch(`${baseUrl}/api/docs-json`);
  if (!response.ok) throw new Error(`GET /api/docs-json: ${response.status}`);
  const document = (await response.json()) as OpenApiDocument;
  const routes: ApiRoute[] = [];
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [verb, operation] of Object.entries(operations)) {
      const method = verb.toUpperCase() as ApiRoute['method'];
      const ref = operation.requestBody?.content?.['application/json']?.schema?.$ref;
      routes.push({
        method,
        path,
        key: `${method} ${path}`,
        parameters: operation.parameters ?? [],
        bodySchema: ref ? schemaName(ref) : undefined,
      });
    }
  }
  return { document, routes };
}

export const schemaName = (ref: string) => ref.replace('#/components/schemas/', '');

/** The schema itself, following a `$ref` or a single-entry `allOf` (how @nestjs/swagger describes nested DTOs). */
export function resolveSchema(document: OpenApiDocument, schema: OpenApiSchema): OpenApiSchema {
  if (schema.$ref) return resolveSchema(document, document.components.schemas[schemaName(schema.$ref)]);
  if (schema.allOf?.length === 1) return resolveSchema(document, schema.allOf[0]);
  return schema;
}

/** The path with its `{param}` placeholders replaced by the given values (URL-encoded). */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`No value for {${name}} in ${path}`);
    return encodeURIComponent(values[name]);
  });
}

type Operation = {
  operationId?: string;
  responses?: Record<string, { content?: Record<string, { schema?: OpenApiSchema }> }>;
};

/** The operation the document declares for `method` on `path` (as in the document, with `{param}` placeholders). */
export function operationOf(document: OpenApiDocument, method: string, path: string): Operation | undefined {
  return (document.paths[path] as Record<string, Operation> | undefined)?.[method.toLowerCase()];
}

/** The controller class that serves an operation, from the operation id @nestjs/swagger gives it (`EventsController_create`). */
export const controllerOf = (operation: Operation) => operation.operationId?.split('_')[0];

/** The OpenAPI 3.0 keywords that JSON Schema does not have and that say nothing about a body's validity. */
const ANNOTATIONS = ['example', 'examples', 'deprecated', 'xml', 'externalDocs'];

/**
 * One OpenAPI 3.0 schema as JSON Schema (draft-07), for Ajv: `$ref` points into `#/definitions`, `nullable`
 * becomes "or null", and every described object that does not say otherwise is closed (`additionalProperties: false`),
 * so a property the document does not describe fails as surely as a missing required one. The closing is
 * the test's, not the served document's: there it would promise clients that no property is ever added.
 */
export function toJsonSchema(schema: OpenApiSchema): Record<string, unknown> {
  if (schema.$ref) return { $ref: `#/definitions/${schemaName(schema.$ref)}` };
  const { nullable, ...rest } = schema as OpenApiSchema & Record<string, unknown>;
  const converted: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(rest)) {
    if (ANNOTATIONS.includes(keyword)) continue;
    if (keyword === 'properties')
      converted.properties = Object.fromEntries(
        Object.entries(value as Record<string, OpenApiSchema>).map(([name, property]) => [name, toJsonSchema(property)]),
      );
    else if (keyword === 'items') converted.items = toJsonSchema(value as OpenApiSchema);
    else if (['allOf', 'anyOf', 'oneOf'].includes(keyword)) converted[keyword] = (value as OpenApiSchema[]).map(toJsonSchema);
    else if (keyword === 'additionalProperties' && typeof value === 'object')
      converted.additionalProperties = toJsonSchema(value as OpenApiSchema);
    else converted[keyword] = value;
  }
  const composed = ['allOf', 'anyOf', 'oneOf'].some((keyword) => keyword in converted); // closed in the parts (`{ type: object, allOf: [$ref] }`)
  if (converted.type === 'object' && !composed && converted.additionalProperties === undefined) converted.additionalProperties = false;
  return nullable ? { anyOf: [converted, { type: 'null' }] } : converted;
}

/** Every schema of the document's components, converted, to be the `definitions` of each compiled response schema. */
export function jsonSchemaDefinitions(document: OpenApiDocument): Record<string, Record<string, unknown>> {
  return Object.fromEntries(Object.entries(document.components.schemas).map(([name, schema]) => [name, toJsonSchema(schema)]));
}
