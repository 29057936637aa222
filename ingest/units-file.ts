/** Loads a units directory from JSON (an array of units) or CSV (header: code,name,parent,level,time_zone[,name_en]). */
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { UNIT_LEVELS } from '../common/units.js';
import type { Unit } from '../common/units.js';

export const unitSchema = z.object({
  code: z.string().regex(/^\d{6,12}$/, 'must be 6–12 digits'),
  name: z.string().min(1, 'required'),
  name_en: z.string().optional(),
  parent: z
    .string()
    .regex(/^(\d{6,12})?$/, 'must be a unit code or empty')
    .nullable()
    .transform((p) => (p ? p : null)),
  level: z.enum(UNIT_LEVELS, { error: `must be one of ${UNIT_LEVELS.join(', ')}` }),
  time_zone: z.string().min(1).default('Asia/Shanghai'),
});

export function parseUnits(text: string, format: 'json' | 'csv'): Unit[] {
  const raw: unknown =
    format === 'json'
      ? JSON.parse(text)
      : parse(text, { columns: true, bom: true, skip_empty_lines: true, trim: true });
  const parsed = z.array(unitSchema).safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 20).map((i) => `[${i.path.join('.')}] ${i.message}`);
    throw new Error(`invalid units directory:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data.map((u) => ({ ...u, parent: u.parent ?? null }));
}

export function readUnitsFile(file: string): Unit[] {
  return parseUnits(fs.readFileSync(file, 'utf8'), file.toLowerCase().endsWith('.csv') ? 'csv' : 'json');
}
