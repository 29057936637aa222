/**
 * Reads the supervision configuration in force: SUPERVISION_FILE, or the shipped one
 * (alerts/rules/default-supervision.json: CONTRACT.md §6.1 level limits, P1 unacknowledged 30 min → reminder to
 * its unit, R-PER-* unresolved 24 h → order to the county), validated at start with every problem's JSON path.
 */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../common/node/paths.js';
import { supervisionFileSchema } from '../common/supervision.js';
import type { SupervisionFile } from '../common/supervision.js';

export function defaultSupervisionPath(): string {
  return path.join(projectRoot(), 'alerts', 'rules', 'default-supervision.json');
}

/** Every problem of a parsed file, each with its JSON path; empty when it is valid. */
export function supervisionFileErrors(data: unknown): { file: SupervisionFile | null; errors: string[] } {
  const parsed = supervisionFileSchema.safeParse(data);
  if (parsed.success) return { file: parsed.data, errors: [] };
  const errors = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(file)'}: ${i.message}`);
  return { file: null, errors };
}

export function readSupervisionFile(file: string | undefined): SupervisionFile {
  const p = file ?? defaultSupervisionPath();
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(p, 'utf8'));
  } catch (err) {
    throw new Error(`Invalid supervision file ${p}:\n  - (file): ${(err as Error).message}`, { cause: err });
  }
  const checked = supervisionFileErrors(data);
  if (!checked.file)
    throw new Error(`Invalid supervision file ${p}:\n${checked.errors.map((e) => `  - ${e}`).join('\n')}`);
  return checked.file;
}
