/** zod at the HTTP edge: a 400 that says what to fix, field by field. */
import type { Response } from 'express';
import type { z } from 'zod';
import { sendError } from '../http/errors.js';

/** "username: 2–32 characters …; role: must be one of …" (`root` names a value without a path). */
export function describeIssues(error: z.ZodError, root = 'body'): string {
  return error.issues
    .map((i) => {
      const where = i.path.length > 0 ? i.path.join('.') : root;
      const what = i.code === 'unrecognized_keys' ? `unknown field(s) ${i.keys.join(', ')}` : i.message;
      return where ? `${where}: ${what}` : what;
    })
    .join('; ');
}

/** The parsed value, or undefined after answering 400 (`code`) with `what` and the problems. */
export function parseOr400<S extends z.ZodType>(
  schema: S,
  value: unknown,
  res: Response,
  what: string,
  code: 'invalid_body' | 'invalid_path',
): z.infer<S> | undefined {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  sendError(res, code, `invalid ${what}: ${describeIssues(parsed.error)}`);
  return undefined;
}
