/**
 * How one API route is described in the OpenAPI document: its access, and the very zod schemas the route
 * validates its path, query and body with (imported from common/ or the route's module, never copied), with a
 * request example that tests/unit/openapi.test.ts parses with that schema.
 */
import type { z } from 'zod';
import type { Role } from '../../common/auth.js';
import type { ErrorCode } from '../../common/errors.js';

/** Who may call: nobody needs a token, the sending systems' INGEST_TOKEN, any signed-in user, or a least role. */
export type Access = 'public' | 'ingest' | 'signed-in' | `${Role}+` | Role;

export interface ParamDoc {
  /** Path parameter name (as in `:name`). */
  name: string;
  description: string;
  example: string;
}

export interface BodyDoc {
  /** The zod schema the route parses the body with; or a component name (`Event`) for a JSON Schema. */
  schema: z.ZodType | { component: string };
  example: unknown;
  description?: string;
  /** Other accepted media types besides application/json (described, same examples). */
  alsoAccepts?: string[];
  required?: boolean;
}

export interface RouteDoc {
  /** `METHOD /express/path/:param`, exactly as the router declares it. */
  route: string;
  tag: string;
  summary: string;
  description?: string;
  access: Access;
  /** Path parameters: a zod object the route parses them with, or plain descriptions. */
  params?: z.ZodObject | ParamDoc[];
  query?: z.ZodObject;
  body?: BodyDoc;
  /** The success answer. */
  ok: { status: 200 | 201 | 202 | 204; description: string; schema?: z.ZodType; example?: unknown };
  /** Error codes this route may answer with (besides unauthorized/invalid_token/forbidden/unavailable). */
  errors?: ErrorCode[];
}
