/**
 * Engine corrections found by scoring it against the simulator (tests/unit/scoring-simulator.test.ts).
 *
 * Extension recorded after the overdue alert was raised (R-INC-05, R-PER-16, R-ADM-01 in the simulator runs):
 * the batch carrying a `case.review_extended` that occurred before due_at reached the engine after due_at +
 * grace, so the alert had been raised; the extension then moved due_at weeks ahead, yet the alert stayed
 * `overdue` and open — an overdue alert for an obligation that is not overdue (CONTRACT.md §2: an extension
 * that occurred before due_at moves it; overdue is raised once processing time passes due_at + grace), and
 * one that would not exist had the same events arrived in time.
 */
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../common/alerts.js';
import { D, GRACE, H, T0, ev, iso, newEngine } from './engine-helpers.js';

/** The end of a day in Beijing (its last millisecond): where a period counted in days ends (CONTRACT §2.1). */
const endOfBeijingDay = (date: string) => Date.parse(`${date}T23:59:59.999+08:00`);
// T0 is Monday 2026-03-02 08:00 in Beijing. 3 days (holiday_end): Thursday 03-05, a working day.
const DUE3 = endOfBeijingDay('2026-03-05');
// Extended to 7 days: Monday 03-09, a working day.
const DUE7 = endOfBeijingDay('2026-03-09');

const ID = 'R-INC-05:case_id:C1';
const registered = ev('case.registered', T0, { case_id: 'C1', attrs: { case_kind: 'criminal' } });
const extendTo7 = ev('case.review_extended', T0 + 2 * D, { case_id: 'C1', attrs: { days: 7 } });
const violation = (a: Alert | undefined): boolean => a?.stage === 'overdue' && a.resolution !== 'on_time';

async function raisedThenExtended() {
  const e = newEngine();
  await e.ingest([registered], T0);
  await e.tick(DUE3 + GRACE);
  expect(await e.get(ID)).toMatchObject({ stage: 'overdue', state: 'open', severity: 'P2' });
  const changes = await e.ingest([extendTo7], DUE3 + H);
  return { e, changes };
}

describe('an extension recorded after the overdue alert was raised', () => {
  it('takes the alert back to due_soon with the new due_at', async () => {
    const { e, changes } = await raisedThenExtended();
    expect(changes.map((c) => c.kind)).toEqual(['updated']);
    expect(await e.get(ID)).toMatchObject({
      stage: 'due_soon',
      severity: 'P4',
      state: 'open',
      resolution: null,
      due_at: iso(DUE7),
    });
  });

  it('escalates it again when the new due_at passes', async () => {
    const { e } = await raisedThenExtended();
    expect(await e.tick(DUE7 + GRACE - 1)).toEqual([]);
    const changes = await e.tick(DUE7 + GRACE);
    expect(changes.map((c) => c.kind)).toEqual(['escalated']);
    expect(await e.get(ID)).toMatchObject({ stage: 'overdue', severity: 'P2', state: 'open' });
  });

  it('leaves no violation when the satisfier then comes before the new due_at', async () => {
    const { e } = await raisedThenExtended();
    await e.ingest([ev('case.filed', T0 + 5 * D, { case_id: 'C1' })], T0 + 5 * D);
    await e.tick(T0 + 30 * D);
    expect(await e.get(ID)).toMatchObject({ state: 'resolved', resolution: 'on_time' });
    expect(violation(await e.get(ID))).toBe(false);
  });

  it('shows the same violations at any moment as when the extension arrived in time', async () => {
    const inTime = newEngine();
    await inTime.ingest([registered], T0);
    await inTime.ingest([extendTo7], T0 + 2 * D);
    const { e: late } = await raisedThenExtended();
    for (const t of [DUE3 + D, DUE7 - H, DUE7 + GRACE, DUE7 + 2 * D]) {
      await inTime.tick(t);
      await late.tick(t);
      expect([t, violation(await late.get(ID))]).toEqual([t, violation(await inTime.get(ID))]);
    }
  });

  it('keeps an acknowledgement', async () => {
    const e = newEngine();
    await e.ingest([registered], T0);
    await e.tick(DUE3 + GRACE);
    await e.acknowledge(ID, 'officer1', DUE3 + 2 * GRACE);
    await e.ingest([extendTo7], DUE3 + H);
    expect(await e.get(ID)).toMatchObject({
      stage: 'due_soon',
      state: 'acknowledged',
      acknowledged_by: 'officer1',
    });
  });

  it('does not apply when the due_at stays behind: an earlier trigger recorded late keeps it overdue', async () => {
    const e = newEngine();
    const later = ev('case.registered', T0 + D, { case_id: 'C2', attrs: { case_kind: 'criminal' } });
    await e.ingest([later], T0 + D);
    // Registered Tuesday 03-03: 3 days end Friday 03-06.
    await e.tick(endOfBeijingDay('2026-03-06') + GRACE);
    const earlier = ev('case.registered', T0, { case_id: 'C2', attrs: { case_kind: 'criminal' } });
    await e.ingest([earlier], T0 + 5 * D);
    expect(await e.get('R-INC-05:case_id:C2')).toMatchObject({
      stage: 'overdue',
      state: 'open',
      due_at: iso(DUE3),
      trigger_event_id: earlier.event_id,
    });
  });
});
