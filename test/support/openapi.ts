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
