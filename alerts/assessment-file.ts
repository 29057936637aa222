/**
 * Reads the assessment configuration in force (CONTRACT.md §9): ASSESSMENT_FILE, or the shipped one
 * (alerts/rules/default-assessment.json), validated at start — the format with zod, then against the rules in
 * force (every rule in exactly one category, every pattern naming a rule) — every problem with its JSON path.
 */
import fs from 'node:fs';
import path from 'node:path';
import { assessmentFileSchema, assessmentRuleProblems } from '../common/assessment.js';
import type { AssessmentFile } from '../common/assessment.js';
import { projectRoot } from '../common/node/paths.js';

export function defaultAssessmentPath(): string {
  return path.join(projectRoot(), 'alerts', 'rules', 'default-assessment.json');
}

/** Every problem of a parsed file, each with its JSON path; empty when it is valid. */
export function assessmentFileErrors(
  data: unknown,
  ruleIds: readonly string[],
): { file: AssessmentFile | null; errors: string[] } {
  const parsed = assessmentFileSchema.safeParse(data);
  if (!parsed.success)
    return {
      file: null,
      errors: parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(file)'}: ${i.message}`),
    };
  const errors = assessmentRuleProblems(parsed.data, ruleIds);
  return errors.length > 0 ? { file: null, errors } : { file: parsed.data, errors: [] };
}

export function readAssessmentFile(file: string | undefined, ruleIds: readonly string[]): AssessmentFile {
  const p = file ?? defaultAssessmentPath();
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(p, 'utf8'));
  } catch (err) {
    throw new Error(`Invalid assessment file ${p}:\n  - (file): ${(err as Error).message}`, { cause: err });
  }
  const checked = assessmentFileErrors(data, ruleIds);
  if (!checked.file)
    throw new Error(`Invalid assessment file ${p}:\n${checked.errors.map((e) => `  - ${e}`).join('\n')}`);
  return checked.file;
}
