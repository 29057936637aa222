/**
 * The API document against the server itself: every route the real routers declare is in it (and nothing
 * else), every request example passes the zod schema its route parses with, and every event type has an
 * example that the server's own validator accepts and that matches that type's schema in the document.
 */
import type { Router } from 'express';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EVENT_EXAMPLES, eventExample } from '../../common/event-examples.js';
import { EVENT_TYPES } from '../../common/event-types.js';
import { validateEvent } from '../../common/events.js';
import { apiRouters } from '../../server/assembly/api.js';
import type { ApiParts } from '../../server/assembly/api.js';
import { API_ROUTES, openApiDocument, openApiPath } from '../../server/openapi/document.js';
import { docsPage } from '../../server/openapi/docs-page.js';
import { apiRoutes } from '../helpers/security-matrix.js';

/** Stands in for every store and service: the routers are only built here, never called. */
const nothing: unknown = new Proxy(function () {}, {
  get: (_t, key) => (key === 'then' ? undefined : nothing),
  apply: () => nothing,
  construct: () => nothing as object,
});

function realRoutes(): string[] {
  const routers = apiRouters(nothing as ApiParts) as (Router & { stack: Parameters<typeof apiRoutes>[0] })[];
  return routers.flatMap((r) => apiRoutes(r.stack));
}

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { schemas: Record<string, Record<string, unknown>> };
};
const doc = openApiDocument() as Doc;

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 and names exactly the routes the routers serve', () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    const real = realRoutes();
    expect(real.length).toBeGreaterThan(30);
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const wanted = real.map((r) => {
      const [m, p] = r.split(' ') as [string, string];
      return `${m} ${openApiPath(p)}`;
    });
    expect(documented.sort()).toEqual([...new Set(wanted)].sort());
    expect(wanted).toContain('GET /api/openapi.json');
    expect(wanted).toContain('PUT /api/users/{username}/password');
  });

  it('is whole: every $ref resolves, operation ids are unique, every operation answers', () => {
    const refs: string[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) {
          if (k === '$ref') refs.push(String(x));
          else walk(x);
        }
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(40);
    for (const r of new Set(refs)) {
      const name = r.replace('#/components/schemas/', '');
      expect(doc.components.schemas[name], r).toBeDefined();
    }
    const ops = Object.values(doc.paths).flatMap((p) => Object.values(p));
    const ids = ops.map((op) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const op of ops)
      expect(Object.keys(op.responses as object).length, String(op.operationId)).toBeGreaterThan(1);
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it('documents every path parameter the route has', () => {
    for (const [path, ops] of Object.entries(doc.paths))
      for (const op of Object.values(ops)) {
        const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        const params = (op.parameters as { name: string; in: string }[]).filter((p) => p.in === 'path');
        expect(
          params.map((p) => p.name),
          path,
        ).toEqual(names);
      }
  });

  it('has request examples that pass the very schema the route parses with', () => {
    let checked = 0;
    for (const r of API_ROUTES) {
      if (!r.body || !(r.body.schema instanceof z.ZodType)) continue;
      const parsed = r.body.schema.safeParse(r.body.example);
      expect(parsed.success, `${r.route}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(12);
  });

  it('has a valid example of every event type, the server validator accepting each', () => {
    expect(Object.keys(EVENT_EXAMPLES).sort()).toEqual([...EVENT_TYPES].sort());
    for (const type of EVENT_TYPES) {
      const result = validateEvent(eventExample(type), Date.now());
      expect(result.ok ? [] : result.errors, type).toEqual([]);
    }
    const body = doc.paths['/api/events']?.post?.requestBody as {
      content: Record<string, { examples: Record<string, { value: unknown }> }>;
    };
    const examples = body.content['application/json']?.examples ?? {};
    for (const type of EVENT_TYPES) expect(examples[type]?.value).toEqual(eventExample(type));
    for (const e of examples.batch?.value as unknown[]) expect(validateEvent(e, Date.now()).ok).toBe(true);
  });

  it('gives every event type a schema naming its required link keys and attributes, the example fitting it', () => {
    for (const type of EVENT_TYPES) {
      const schema = doc.components.schemas[`Event_${type}`] as {
        required: string[];
        properties: Record<string, { const?: string; required?: string[] }>;
        examples: Record<string, unknown>[];
      };
      const example = schema.examples[0] as Record<string, unknown>;
      expect(schema.properties.type?.const).toBe(type);
      for (const key of schema.required) expect(example[key], `${type}.${key}`).toBeDefined();
      const attrs = (example.attrs ?? {}) as Record<string, unknown>;
      for (const key of schema.properties.attrs?.required ?? [])
        expect(attrs[key], `${type} attrs.${key}`).toBeDefined();
      for (const key of Object.keys(example)) expect(schema.properties[key], `${type}: ${key}`).toBeDefined();
    }
    // A required link key the validator also insists on: dropping it makes the example invalid.
    const { incident_id: _dropped, ...noIncident } = eventExample('incident.reported');
    expect(validateEvent(noIncident, Date.now()).ok).toBe(false);
  });

  it('renders as a page listing every route and event type, escaping what it shows', () => {
    const html = docsPage(doc);
    for (const path of Object.keys(doc.paths)) expect(html).toContain(path);
    for (const type of EVENT_TYPES) expect(html).toContain(`id="event-${type}"`);
    expect(html).not.toContain('<script');
    expect(html).toContain('指挥中心大屏 2');
  });
});
