/**
 * The scoped event reader (server/services/scoped-events.ts) is the only code in server/ that reads the
 * `events` table, so no route can hand a user event rows of units outside their scope, or unmasked personal
 * data to a viewer. A new query over events anywhere else in server/ fails here: move it into the reader.
 *
 * Allowed elsewhere, because they return no event rows and act for no user:
 * - server/simulation.ts counts the simulated units' events at start-up to decide whether to load history.
 * Stats (server/services/stats-queries.ts) read alerts and obligations, never events. The code that serves
 * requests must not reach an events query outside server/ either (the engine's recovery and replay read
 * events for themselves, not for a user): the third test follows its imports.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const READER = 'server/services/scoped-events.ts';
const COUNTS_ONLY: Record<string, RegExp> = {
  'server/simulation.ts': /SELECT count\(\) AS n FROM events\b/g,
};
/** `FROM events` / `JOIN events` (with or without a database prefix or quotes), not `FROM alert_events`. */
const READS_EVENTS = /\b(?:FROM|JOIN)\s+(?:[`"]?\w+[`"]?\.)?[`"]?events[`"]?(?![\w])/gi;

/** Every project file `file` imports as a value (not `import type`), transitively. */
function reachable(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?\bfrom\s+'(\.[^']+)'/gms)) {
    const target = path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), m[1]!));
    const ts = target.replace(/\.js$/, '.ts');
    if (fs.existsSync(path.join(ROOT, ts))) reachable(ts, seen);
  }
  return seen;
}

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((d) => {
    const rel = `${dir}/${d.name}`;
    if (d.isDirectory()) return sources(rel);
    return /\.(ts|js|mjs|cjs|sql)$/.test(d.name) ? [rel] : [];
  });
}

describe('reading events in server/', () => {
  it('only the scoped reader selects from the events table', () => {
    const offenders: string[] = [];
    for (const file of sources('server')) {
      if (file === READER) continue;
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      const allowed = COUNTS_ONLY[file] ? (text.match(COUNTS_ONLY[file]) ?? []).length : 0;
      const found = (text.match(READS_EVENTS) ?? []).length;
      if (found > allowed) offenders.push(`${file}: ${found - allowed} quer(ies) over events`);
    }
    expect(offenders, 'read events through ScopedEvents (server/services/scoped-events.ts)').toEqual([]);
  });

  it('the pattern catches the forms a query could take, and the reader does read events', () => {
    const hits = (s: string) => (s.match(READS_EVENTS) ?? []).length;
    expect(hits('SELECT * FROM events WHERE x')).toBe(1);
    expect(hits('select e.* from vigil.events AS e')).toBe(1);
    expect(hits('SELECT a FROM x INNER JOIN `events` USING id')).toBe(1);
    expect(hits('FROM\n  events')).toBe(1);
    expect(hits('SELECT alert FROM alert_events')).toBe(0);
    expect(hits('FROM events_daily')).toBe(0);
    expect(hits(fs.readFileSync(path.join(ROOT, READER), 'utf8'))).toBeGreaterThan(0);
  });

  it('the code serving requests reaches no other events query through its imports', () => {
    const serving = ['routes', 'services', 'realtime', 'http', 'auth'].flatMap((d) => sources(`server/${d}`));
    const reached = new Set<string>();
    for (const file of serving) reachable(file, reached);
    expect(reached.size).toBeGreaterThan(serving.length);
    const readers = [...reached].filter(
      (f) =>
        f !== READER && (fs.readFileSync(path.join(ROOT, f), 'utf8').match(READS_EVENTS) ?? []).length > 0,
    );
    expect(readers).toEqual([]);
  });
});
