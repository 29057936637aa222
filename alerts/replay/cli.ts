/** Command-line parsing for replay.main.ts (kept apart so that it can be tested without ClickHouse). */
import { parseArgs } from 'node:util';
import { parseDuration } from '../../common/rules.js';

export const USAGE = `usage: npm run replay -- --rules <file> --from <date> --to <date> [--grace S] [--json out.json]
                          [--baseline | --baseline-rules <file>] [--lookback <duration>]

  --rules FILE           rules file to evaluate (format: alerts/engine/README.md)
  --from, --to           window: alerts whose due_at falls in [from, to]; ISO-8601 with offset, or a date
                         (YYYY-MM-DD, a day in China Standard Time: --from at its start, --to at its end)
  --grace S              ALERT_GRACE_SECONDS for the replay (default: the configured value, 60)
  --json FILE            also write the numbers as JSON
  --baseline             also evaluate alerts/rules/default-rules.json and print the difference per rule
  --baseline-rules FILE  the same with another rules file
  --lookback DURATION    how far before --from to read events (default: the longest rule limit), e.g. 60d`;

export interface ReplayCli {
  rules: string;
  from: number;
  to: number;
  graceSeconds?: number;
  json?: string;
  baseline?: string;
  lookbackMs?: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** ISO-8601 with an offset, or a date taken as a day in UTC+8: its first millisecond, or with `end` its last. */
export function parseWhen(text: string, end: boolean): number {
  const ms = DATE.test(text)
    ? Date.parse(`${text}T00:00:00+08:00`) + (end ? DAY_MS - 1 : 0)
    : Date.parse(text);
  if (!Number.isFinite(ms) || !(DATE.test(text) || /(Z|[+-]\d{2}:?\d{2})$/.test(text)))
    throw new Error(`"${text}" must be a date (YYYY-MM-DD) or ISO-8601 with an offset`);
  return ms;
}

export function parseReplayCli(argv: readonly string[], defaultBaseline: string): ReplayCli {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      rules: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      grace: { type: 'string' },
      json: { type: 'string' },
      baseline: { type: 'boolean', default: false },
      'baseline-rules': { type: 'string' },
      lookback: { type: 'string' },
    },
    strict: true,
  });
  if (positionals.length > 0) throw new Error(`unexpected argument "${positionals[0]}"`);
  if (!values.rules || !values.from || !values.to) throw new Error('--rules, --from and --to are required');
  const from = parseWhen(values.from, false);
  const to = parseWhen(values.to, true);
  if (!(to >= from)) throw new Error('--to must not be before --from');
  const out: ReplayCli = { rules: values.rules, from, to };
  if (values.grace !== undefined) {
    const s = Number(values.grace);
    if (!Number.isFinite(s) || s < 0 || s > 86_400)
      throw new Error('--grace must be seconds from 0 to 86400');
    out.graceSeconds = s;
  }
  if (values.json) out.json = values.json;
  if (values['baseline-rules']) out.baseline = values['baseline-rules'];
  else if (values.baseline) out.baseline = defaultBaseline;
  if (values.lookback !== undefined) {
    const ms = parseDuration(values.lookback);
    if (ms === null) throw new Error('--lookback must be a duration such as 30d or 72h');
    out.lookbackMs = ms;
  }
  return out;
}
