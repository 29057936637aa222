/** Parses a request part with a zod schema; on failure answers 400 listing every field to fix. */
import type { Response } from 'express';
import type { z } from 'zod';
import { sendError } from './errors.js';

/** Which part of the request was parsed: it names the error code (`invalid_query`, `invalid_body`). */
export type RequestPart = 'query' | 'body';

export function parseOr400<S extends z.ZodType>(
  schema: S,
  value: unknown,
  res: Response,
  part: RequestPart,
): z.infer<S> | null {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((i) =>
    i.code === 'unrecognized_keys'
      ? `unknown parameter(s): ${i.keys.map((k) => k.slice(0, 40)).join(', ')}`
      : `${i.path.join('.') || part}: ${i.message}`,
  );
  sendError(
    res,
    part === 'query' ? 'invalid_query' : 'invalid_body',
    `invalid request: ${details.join('; ')}`,
  );
  return null;
}
