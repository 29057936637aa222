/**
 * The v2 rules of the default catalogue (RULES.md v2) and the legal counting of their periods (CONTRACT.md
 * §2.1): each chain of tests/helpers/v2-chains.ts, ingested live as it happens, raises exactly the violations
 * written out by hand (a pre-warning its satisfier resolved on time is none) — with the due time counted as the law does — or none.
 */
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../common/alerts.js';
import { V2_CHAINS } from '../helpers/v2-chains.js';
import type { V2Chain } from '../helpers/v2-chains.js';
import { newEngine } from './engine-helpers.js';

const END = Date.parse('2027-12-31T00:00:00Z');

/** The chain's alerts of its rule, as the expectations state them. */
function shape(a: Alert) {
  return {
    alert_id: a.alert_id,
    due_at: a.due_at,
    severity: a.severity,
    resolution: a.resolution,
    ...(a.calendar_missing ? { calendar_missing: a.calendar_missing } : {}),
  };
}

async function run(chain: V2Chain): Promise<Alert[]> {
  const e = newEngine();
  const events = [...chain.events].sort((a, b) => Date.parse(a.occurred_at) - Date.parse(b.occurred_at));
  for (const ev of events) {
    const at = Date.parse(ev.occurred_at);
    await e.tick(at);
    await e.ingest([ev], at);
  }
  await e.tick(END);
  const subjects = new Set(
    chain.events.flatMap((ev) => [ev.person_id, ev.case_id, ev.item_id, ev.session_id]),
  );
  // pre-warnings that the satisfier then resolved on time are not violations
  return (await e.alerts()).filter(
    (a) =>
      a.rule_id === chain.rule &&
      a.resolution !== 'on_time' &&
      Object.values(a.subject).some((v) => subjects.has(String(v))),
  );
}

describe('v2 rules and legal clocks, chain by chain (memory engine)', () => {
  it.each(V2_CHAINS.map((c) => [c.name, c] as const))('%s', async (_name, chain) => {
    const alerts = await run(chain);
    expect(alerts.map(shape)).toEqual(chain.expect);
  });
});
