/**
 * Turns zod issues about a mapping file into messages that say where (a JSON path such as
 * `$.derived[0].when[0].in`) and what to fix, with a "did you mean" for misspelt keys.
 */
import type { z } from 'zod';

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const p of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, p) => {
    if (typeof p === 'number') return `${acc}[${p}]`;
    const key = String(p);
    return /^[A-Za-z_$][\w$]*$/.test(key) ? `${acc}.${key}` : `${acc}[${JSON.stringify(key)}]`;
  }, '$');
}

function closest(key: string, known: readonly string[]): string | undefined {
  const distance = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
      let prev = row[0] ?? 0;
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const cur = row[j] ?? 0;
        row[j] = Math.min(cur + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = cur;
      }
    }
    return row[b.length] ?? 0;
  };
  const best = known.map((k) => ({ k, d: distance(key, k) })).sort((x, y) => x.d - y.d)[0];
  return best !== undefined && best.d <= 2 ? best.k : undefined;
}

export function formatIssue(issue: z.core.$ZodIssue, input: unknown, knownKeys: readonly string[]): string[] {
  // A value written as a plain string is a template: point at the string, not at a "template" key.
  const shorthand =
    issue.path.at(-1) === 'template' && typeof valueAt(input, issue.path.slice(0, -1)) === 'string';
  const at = jsonPath(shorthand ? issue.path.slice(0, -1) : issue.path);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const hint = closest(key, knownKeys);
      return `${jsonPath([...issue.path, key])}: unknown key${hint ? `; did you mean "${hint}"?` : '; remove it'}`;
    });
  }
  if (issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined) return [`${at}: required`];
  return [`${at}: ${issue.message}`];
}
