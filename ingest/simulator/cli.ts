/** Command-line parsing for simulate.main.ts (kept apart so it can be tested without a sink). */
import { parseArgs } from 'node:util';
import { RULE_IDS, type RuleId } from './ground-truth.js';

export interface CliOptions {
  days: number;
  live: boolean;
  rate: number;
  seed: number | string;
  truth?: string;
  violations: Partial<Record<RuleId, number>>;
}

export function parseViolations(spec: string): Partial<Record<RuleId, number>> {
  const out: Partial<Record<RuleId, number>> = {};
  for (const part of spec.split(',').filter((p) => p.trim() !== '')) {
    const [name, value] = part.split('=').map((s) => s.trim());
    const rate = Number(value);
    if (!name || value === undefined || !Number.isFinite(rate) || rate < 0 || rate > 1)
      throw new Error(`--violations: "${part}" must be RULE=RATE with RATE from 0 to 1`);
    if (name === 'all') for (const id of RULE_IDS) out[id] = rate;
    else if ((RULE_IDS as readonly string[]).includes(name)) out[name as RuleId] = rate;
    else
      throw new Error(`--violations: unknown rule "${name}"; expected one of ${RULE_IDS.join(', ')} or all`);
  }
  return out;
}

export function parseCli(argv: readonly string[], now: number): CliOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      days: { type: 'string' },
      live: { type: 'boolean', default: false },
      rate: { type: 'string', default: '1' },
      seed: { type: 'string' },
      truth: { type: 'string' },
      violations: { type: 'string', default: '' },
    },
    strict: true,
  });
  const live = values.live === true;
  const days = Number(values.days ?? (live ? 0 : 1));
  if (!Number.isFinite(days) || days < 0) throw new Error('--days must be a number ≥ 0');
  const rate = Number(values.rate);
  if (!Number.isFinite(rate) || rate <= 0) throw new Error('--rate must be a positive number');
  const seedText = values.seed ?? String(now);
  const seed = /^\d+$/.test(seedText) ? Number(seedText) : seedText;
  const opts: CliOptions = { days, live, rate, seed, violations: parseViolations(values.violations ?? '') };
  if (values.truth) opts.truth = values.truth;
  return opts;
}
