/**
 * The dossier's candidate obligation ids (server/services/dossier/obligation-ids.ts): every obligation the
 * engine can record for a component is among them — a deadline rule's for each value of its subject key, a
 * condition rule's for each event — named exactly as the engine names them.
 */
import { describe, expect, it } from 'vitest';
import { alertId } from '../../common/alerts.js';
import { candidateObligationIds } from '../../server/services/dossier/obligation-ids.js';
import { RULES as rules } from './engine-helpers.js';

describe('candidate obligation ids', () => {
  const pairs = [
    { key: 'case_id' as const, value: 'A4501/2026 001' },
    { key: 'person_id' as const, value: 'P1' },
    { key: 'item_id' as const, value: 'W1' },
  ];
  const c = candidateObligationIds(rules, pairs, ['e1', 'e2']);

  it('names deadline obligations by rule and subject value, as the engine does (escaping included)', () => {
    expect(c.obligationIds).toContain(alertId('R-INC-05', 'case_id', 'A4501/2026 001'));
    expect(c.obligationIds).toContain(alertId('R-PER-01', 'person_id', 'P1'));
    expect(c.obligationIds).toContain(alertId('R-PRO-02', 'item_id', 'W1'));
    expect(c.obligationIds).not.toContain(alertId('R-PER-01', 'case_id', 'A4501/2026 001'));
  });

  it('names condition obligations by rule and event', () => {
    for (const r of rules.filter((x) => x.kind === 'condition'))
      for (const e of ['e1', 'e2']) expect(c.obligationIds).toContain(alertId(r.id, 'event_id', e));
  });

  it('lists every rule and no id twice', () => {
    expect(c.ruleIds).toEqual(rules.map((r) => r.id));
    expect(new Set(c.obligationIds).size).toBe(c.obligationIds.length);
  });

  it('names nothing for an empty component', () => {
    expect(candidateObligationIds(rules, [], []).obligationIds).toEqual([]);
  });
});
