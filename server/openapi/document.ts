/**
 * The OpenAPI 3.1 document of the HTTP API (`GET /api/openapi.json`), generated: routes from the tables in
 * routes-access.ts and routes-work.ts (tests/unit/openapi.test.ts holds them to the real routers), schemas
 * from the zod schemas the routes validate with (zod's own `z.toJSONSchema`, draft 2020-12 — the dialect of
 * OpenAPI 3.1), events from common/event-json-schema.ts with an example of every type.
 */
import { z } from 'zod';
import { ERROR_STATUS } from '../../common/errors.js';
import type { ErrorCode } from '../../common/errors.js';
import { eventExample } from '../../common/event-examples.js';
import { eventJsonSchemas, eventSchemaName } from '../../common/event-json-schema.js';
import type { JsonSchema } from '../../common/event-json-schema.js';
import { EVENT_TYPES } from '../../common/event-types.js';
import { MAX_EVENTS_PER_REQUEST } from '../../common/ingest.js';
import type { Access, BodyDoc, RouteDoc } from './route-doc.js';
import { ACCESS_ROUTES } from './routes-access.js';
import { WORK_ROUTES } from './routes-work.js';
import { DOSSIER_ROUTES } from './routes-dossier.js';
import { REPORT_ROUTES } from './routes-reports.js';
import { ASSESSMENT_ROUTES } from './routes-assessment.js';

export const API_ROUTES: readonly RouteDoc[] = [
  ...ACCESS_ROUTES,
  ...WORK_ROUTES,
  ...DOSSIER_ROUTES,
  ...REPORT_ROUTES,
  ...ASSESSMENT_ROUTES,
];

const ref = (name: string): string => `#/components/schemas/${name}`;

/** The JSON Schema of a zod schema, as a request reads it (defaults make fields optional). */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return rest;
}

/** `/api/users/:username` → `/api/users/{username}`. */
export const openApiPath = (expressPath: string): string => expressPath.replace(/:([A-Za-z_]+)/g, '{$1}');

export function accessText(access: Access): string {
  if (access === 'public') return 'Public: no token.';
  if (access === 'ingest') return 'The sending systems: `Authorization: Bearer <INGEST_TOKEN>`.';
  if (access === 'signed-in')
    return 'Any signed-in user (session or kiosk token); results limited to their scope.';
  if (access.endsWith('+')) return `Role ${access.slice(0, -1)} or higher; within their scope.`;
  return `Role ${access} only; within their scope.`;
}

function parameters(r: RouteDoc): JsonSchema[] {
  const out: JsonSchema[] = [];
  if (Array.isArray(r.params))
    for (const p of r.params)
      out.push({
        name: p.name,
        in: 'path',
        required: true,
        description: p.description,
        schema: { type: 'string' },
        example: p.example,
      });
  else if (r.params)
    for (const [name, s] of Object.entries(r.params.shape))
      out.push({ name, in: 'path', required: true, schema: jsonSchemaOf(s as z.ZodType) });
  if (r.query) {
    const q = jsonSchemaOf(r.query);
    const required = new Set((q.required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries((q.properties ?? {}) as Record<string, JsonSchema>))
      out.push({ name, in: 'query', required: required.has(name), schema });
  }
  return out;
}

function requestBody(b: BodyDoc): JsonSchema {
  if ('component' in b.schema) {
    const one = { $ref: ref(b.schema.component) };
    const schema = { oneOf: [one, { type: 'array', items: one, maxItems: MAX_EVENTS_PER_REQUEST }] };
    const examples = {
      batch: { summary: 'A batch (array)', value: b.example },
      ...Object.fromEntries(EVENT_TYPES.map((t) => [t, { summary: t, value: eventExample(t) }])),
    };
    const content: JsonSchema = { 'application/json': { schema, examples } };
    for (const type of b.alsoAccepts ?? [])
      content[type] = { schema: { type: 'string' }, example: 'one JSON event per line' };
    return { required: true, ...(b.description ? { description: b.description } : {}), content };
  }
  return {
    required: b.required ?? false,
    content: { 'application/json': { schema: jsonSchemaOf(b.schema), example: b.example } },
  };
}

const DEFAULT_ERRORS = (access: Access): ErrorCode[] => {
  if (access === 'public') return ['unavailable'];
  if (access === 'ingest' || access === 'signed-in') return ['unauthorized', 'invalid_token', 'unavailable'];
  return ['unauthorized', 'invalid_token', 'forbidden', 'unavailable'];
};

function responses(r: RouteDoc): JsonSchema {
  const ok: JsonSchema = { description: r.ok.description };
  if (r.ok.status !== 204 && (r.ok.schema || r.ok.example !== undefined))
    ok.content = {
      'application/json': {
        ...(r.ok.schema ? { schema: jsonSchemaOf(r.ok.schema) } : {}),
        ...(r.ok.example !== undefined ? { example: r.ok.example } : {}),
      },
    };
  const out: JsonSchema = { [String(r.ok.status)]: ok };
  const codes = [...(r.errors ?? []), ...DEFAULT_ERRORS(r.access)];
  if (r.access === 'ingest') codes.splice(codes.indexOf('invalid_token'), 1);
  for (const code of codes) {
    const status = String(ERROR_STATUS[code]);
    const entry = (out[status] ??= {
      description: '',
      content: { 'application/json': { schema: { $ref: ref('Error') }, examples: {} } },
    }) as { description: string; content: { 'application/json': { examples: JsonSchema } } };
    entry.description = entry.description ? `${entry.description}, \`${code}\`` : `\`${code}\``;
    entry.content['application/json'].examples[code] = {
      value: { error: '(what went wrong, for a person)', code },
    };
  }
  return out;
}

function operation(r: RouteDoc): [string, string, JsonSchema] {
  const [method, path] = r.route.split(' ') as [string, string];
  const op: JsonSchema = {
    operationId: `${method.toLowerCase()}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
    tags: [r.tag],
    summary: r.summary,
    description: [r.description, `**Access:** ${accessText(r.access)}`].filter(Boolean).join('\n\n'),
    'x-access': r.access,
    security:
      r.access === 'public' ? [] : r.access === 'ingest' ? [{ ingestToken: [] }] : [{ userToken: [] }],
    parameters: parameters(r),
    ...(r.body ? { requestBody: requestBody(r.body) } : {}),
    responses: responses(r),
  };
  return [method.toLowerCase(), openApiPath(path), op];
}

function components(): JsonSchema {
  const schemas: Record<string, JsonSchema> = eventJsonSchemas(ref);
  for (const t of EVENT_TYPES)
    schemas[eventSchemaName(t)] = { ...schemas[eventSchemaName(t)], examples: [eventExample(t)] };
  schemas.Error = {
    description: 'Every 4xx/5xx body: decide on `code` (one status each), never on the words.',
    type: 'object',
    properties: {
      error: { type: 'string', description: 'for a person' },
      code: { type: 'string', enum: Object.keys(ERROR_STATUS) },
    },
    required: ['error', 'code'],
  };
  return {
    schemas,
    securitySchemes: {
      userToken: {
        type: 'http',
        scheme: 'bearer',
        description: 'A session token (POST /api/auth/login) or a kiosk token.',
      },
      ingestToken: { type: 'http', scheme: 'bearer', description: 'INGEST_TOKEN, for the sending systems.' },
    },
  };
}

let built: JsonSchema | null = null;

/** The document (built once per process: the routes and schemas do not change while it runs). */
export function openApiDocument(): JsonSchema {
  if (built) return built;
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const r of API_ROUTES) {
    const [method, path, op] = operation(r);
    (paths[path] ??= {})[method] = op;
  }
  built = {
    openapi: '3.1.1',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: '守望 Vigil API',
      version: '2',
      description:
        'Events in, alerts and 督办 orders out (CONTRACT v2). Errors are `{"error","code"}`. ' +
        'Every response is limited to the caller’s scope; personal data is masked for viewers. ' +
        'Live changes come over Socket.IO on the same origin (`alert:changed`, `alerts:resume`; CONTRACT §4).',
    },
    servers: [{ url: '/' }],
    tags: [
      'ingest',
      'auth',
      'users',
      'alerts',
      'stats',
      'supervisions',
      'notify',
      'dossier',
      'reports',
      'operations',
    ].map((name) => ({ name })),
    paths,
    components: components(),
  };
  return built;
}
