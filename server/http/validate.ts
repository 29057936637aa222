/** Parses a request part with a zod schema; on failure answers 400 listing every field to fix. */
import type { Response } from 'express';
import type { z } from 'zod';

export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, res: Response): z.infer<S> | null {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  res.status(400).json({
    error: 'invalid request',
    details: parsed.error.issues.map((i) =>
      i.code === 'unrecognized_keys'
        ? `unknown parameter(s): ${i.keys.map((k) => k.slice(0, 40)).join(', ')}`
        : `${i.path.join('.') || 'body'}: ${i.message}`,
    ),
  });
  return null;
}
