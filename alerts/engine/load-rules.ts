/**
 * Loading a rules file: JSON text → validated rules, or every problem found (JSON syntax, schema, cross
 * references), each naming its JSON path. No I/O: the composition root reads the file.
 */
import { validateRulesFile } from '../../common/rules.js';
import type { Rule } from '../../common/rules.js';

export type LoadRulesResult = { ok: true; rules: Rule[] } | { ok: false; errors: string[] };

export function loadRules(text: string): LoadRulesResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { ok: false, errors: [`(file): not valid JSON: ${(err as Error).message}`] };
  }
  const result = validateRulesFile(data);
  return result.ok ? { ok: true, rules: result.file.rules } : result;
}

/** Like loadRules, but throws one Error listing every problem (for composition roots). */
export function loadRulesOrThrow(text: string, source = 'rules file'): Rule[] {
  const result = loadRules(text);
  if (result.ok) return result.rules;
  throw new Error(`Invalid ${source}:\n${result.errors.map((e) => `  - ${e}`).join('\n')}`);
}
