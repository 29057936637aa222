/** Reads the rules in force: RULES_FILE, or the shipped catalogue (alerts/rules/default-rules.json). */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../common/node/paths.js';
import type { Rule } from '../common/rules.js';
import { loadRulesOrThrow } from './engine/index.js';

export function defaultRulesPath(): string {
  return path.join(projectRoot(), 'alerts', 'rules', 'default-rules.json');
}

export function readRules(file: string | undefined): Rule[] {
  const p = file ?? defaultRulesPath();
  return loadRulesOrThrow(fs.readFileSync(p, 'utf8'), p);
}
