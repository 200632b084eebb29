import { z } from 'zod';
import { PROBLEM_TYPES } from '../kernel/problems.js';
import type { RouteDef } from './route.js';

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });

const ProblemSchema = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', enum: Object.keys(PROBLEM_TYPES).map((t) => `/api/problems/${t}`) },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { pointer: { type: 'string' }, detail: { type: 'string' }, code: { type: 'string' } },
      },
    },
  },
};

function parameters(def: RouteDef) {
  const out: object[] = [];
  for (const where of ['path', 'query'] as const) {
    const schema = (where === 'path' ? def.params : def.query) as z.ZodObject | undefined;
    if (!schema) continue;
    const json = jsonSchema(schema, 'input') as { properties?: Record<string, object>; required?: string[] };
    for (const [name, s] of Object.entries(json.properties ?? {})) {
      out.push({
        name,
        in: where,
        required: where === 'path' || (json.required ?? []).includes(name),
        schema: s,
      });
    }
  }
  if (def.idempotent)
    out.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description:
        'Replays the first response for 24 h; another request with the key is 422, one still running 409',
      schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{1,255}$' },
    });
  return out;
}

/** OpenAPI 3.1 from the route definitions: the schemas that validate requests are the ones documented. */
export function buildOpenApi(routes: readonly RouteDef[], version: string) {
  const paths: Record<string, Record<string, object>> = {};
  for (const def of routes) {
    const path = `/api${def.path.replace(/:(\w+)/g, '{$1}')}`;
    const security =
      def.access.kind === 'public' || (def.access.kind === 'tenant' && def.access.anonymous)
        ? []
        : def.access.kind === 'signed-in'
          ? [{ session: [] }]
          : [{ session: [] }, { bearer: [] }];
    const operation: Record<string, unknown> = {
      summary: def.summary,
      tags: def.tags,
      operationId: `${def.method}${def.path.replace(/[/:-](\w)/g, (_, c: string) => c.toUpperCase())}`,
      parameters: parameters(def),
      security,
      responses: {
        [def.response.status]: {
          description: def.response.description,
          ...(def.response.schema && {
            content: { 'application/json': { schema: jsonSchema(def.response.schema, 'output') } },
          }),
        },
        default: {
          description: 'RFC 9457 problem',
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        },
      },
    };
    if (def.access.kind === 'tenant' && def.access.roles) {
      operation.description = `Roles: ${def.access.roles.join(', ')}`;
    }
    if (def.upload) {
      operation.requestBody = {
        required: true,
        content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
      };
    }
    if (def.body) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: jsonSchema(def.body as z.ZodType, 'input') } },
      };
    }
    paths[path] ??= {};
    paths[path][def.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'KADO Platform API',
      version,
      description: '自営型テレワークセンターの運営 API / API for self-employed telework centres',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: { Problem: ProblemSchema },
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'kado_session',
          description: 'Writes also need the X-CSRF-Token header from GET /api/me',
        },
        bearer: { type: 'http', scheme: 'bearer', description: 'Tenant-scoped API token' },
      },
    },
  };
}
