/**
 * Reads the sources in force (which systems feed which rules, and what is expected of them): SOURCES_FILE, or the shipped catalogue (alerts/sources/
 * default-sources.json: the five sending systems, no expectations, so nothing is ever held and CONTRACT.md §2
 * applies exactly). Every problem is reported at once with its JSON path.
 */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../common/node/paths.js';
import type { Rule } from '../common/rules.js';
import { sourcesFileSchema } from '../common/sources.js';
import { buildCatalog } from './sources/index.js';
import type { SourceCatalog } from './sources/index.js';

export function defaultSourcesPath(): string {
  return path.join(projectRoot(), 'alerts', 'sources', 'default-sources.json');
}

/** The simulator's sources: the same systems with expectations (used by `npm start` when SOURCES_FILE is unset). */
export function simulatorSourcesPath(): string {
  return path.join(projectRoot(), 'ingest', 'simulator', 'sources.json');
}

export function parseSources(
  text: string,
  where: string,
  rules: readonly Rule[],
  timeZone: string,
): SourceCatalog {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${where}: not JSON: ${(err as Error).message}`, { cause: err });
  }
  const parsed = sourcesFileSchema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`${where}: invalid sources file:\n${lines.join('\n')}`);
  }
  const unknown = parsed.data.sources.flatMap((s, i) =>
    (s.rules ?? [])
      .filter((r) => !rules.some((x) => x.id === r))
      .map((r) => `  sources.${i}.rules: unknown rule ${r}`),
  );
  if (unknown.length > 0) throw new Error(`${where}: invalid sources file:\n${unknown.join('\n')}`);
  return buildCatalog(parsed.data, rules, timeZone);
}

export function readSources(file: string, rules: readonly Rule[], timeZone: string): SourceCatalog {
  return parseSources(fs.readFileSync(file, 'utf8'), file, rules, timeZone);
}
