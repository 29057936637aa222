/** The rules-file format: the default catalogue loads; every problem in a bad file is named by its JSON path. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDuration, parseLimit, validateRulesFile } from '../../common/rules.js';
import { loadRules, loadRulesOrThrow } from '../../alerts/engine/load-rules.js';

const text = readFileSync(new URL('../../alerts/rules/default-rules.json', import.meta.url), 'utf8');
const catalogue = JSON.parse(text) as { version: 1; rules: Record<string, unknown>[] };
const clone = () => structuredClone(catalogue);
const errorsOf = (file: unknown) => {
  const r = validateRulesFile(file);
  return r.ok ? [] : r.errors;
};

describe('default catalogue', () => {
  it('has the 22 deadline and 5 condition rules of RULES.md v2, with Chinese titles and legal basis', () => {
    const result = loadRules(text);
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const ids = (kind: string) => result.rules.filter((r) => r.kind === kind).map((r) => r.id);
    expect(ids('deadline')).toEqual([
      'R-INC-01', 'R-INC-05', 'R-INC-04', 'R-ADM-01', 'R-INC-13', 'R-PER-16',
      'R-PER-08', 'R-PRO-02', 'R-PRO-05', 'R-PRO-12', 'R-REC-07', 'R-REC-01',
      'R-PER-01', 'R-PER-02', 'R-PER-03', 'R-PER-04', 'R-PER-05', 'R-PER-06',
      'R-PER-07', 'R-PER-09', 'R-LAW-02', 'R-PRO-07',
    ]); // prettier-ignore
    expect(ids('condition')).toEqual(['R-PRO-01', 'R-REC-08', 'R-PER-19', 'R-LAW-01', 'R-AUX-01']);
    const calendar = (id: string) => result.rules.find((r) => r.id === id)?.calendar;
    // v1 day limits count as the law does (RULES.md v2); custody periods never move; 行政处罚法 Art. 85 periods
    for (const id of ['R-INC-05', 'R-INC-04', 'R-ADM-01', 'R-PRO-12'])
      expect(calendar(id)).toBe('holiday_end');
    for (const id of ['R-PER-03', 'R-PER-06', 'R-PER-07']) expect(calendar(id)).toBe('natural');
    for (const id of ['R-LAW-02', 'R-PRO-07']) expect(calendar(id)).toBe('workdays');
    for (const r of result.rules) {
      expect(r.title).toMatch(/[\u4e00-\u9fff]/);
      expect(r.legal_basis).toMatch(/《.+》/);
    }
  });
});

describe('durations', () => {
  it.each([
    ['24h', 86_400_000],
    ['3d', 259_200_000],
    ['1d12h', 129_600_000],
    ['90m', 5_400_000],
    ['PT24H', 86_400_000],
    ['P1DT12H', 129_600_000],
    ['0.5h', 1_800_000],
  ])('%s = %i ms', (s, ms) => expect(parseDuration(s)).toBe(ms));
  it.each(['', '24', 'h', '24x', 'P', 'PT', '1h2d', '-1h'])('%j is not a duration', (s) =>
    expect(parseDuration(s)).toBeNull(),
  );
  it('limits: whole days and months are periods on the calendar, the rest exact', () => {
    expect(parseLimit('3d')).toEqual({ period: { amount: 3, unit: 'd' } });
    expect(parseLimit('P30D')).toEqual({ period: { amount: 30, unit: 'd' } });
    expect(parseLimit('12mo')).toEqual({ period: { amount: 12, unit: 'mo' } });
    expect(parseLimit('P6M')).toEqual({ period: { amount: 6, unit: 'mo' } });
    expect(parseLimit('24h')).toEqual({ exact: 86_400_000 });
    expect(parseLimit('1d12h')).toEqual({ exact: 129_600_000 });
    for (const bad of ['0d', '0mo', 'mo', '1.5mo', 'P1.5M', '-3d']) expect(parseLimit(bad)).toBeNull();
  });
});

describe('validation errors name their JSON path', () => {
  it('reports every problem, across rules, at once', () => {
    const file = clone();
    (file.rules[0]!.limit as Record<string, unknown>).duration = '24x';
    (file.rules[1]!.trigger as { types: string[] }).types = ['case.registerd'];
    file.rules[2]!.subject = 'caseid';
    delete file.rules[3]!.title;
    file.rules[4]!.calendar = 'working_days';
    file.rules[5]!.severity = { default: 'P5' };
    file.rules[14]!.id = 'R-PER-16';
    expect(errorsOf(file)).toEqual([
      'rules[0].limit.duration: must be a positive limit such as 24h, 3d, 12mo, 1d12h, PT24H, P3D or P12M',
      'rules[1].trigger.types[0]: unknown event type "case.registerd"; see CONTRACT.md §1.1',
      'rules[2].subject: must be a link key: incident_id, case_id, person_id, stay_id, item_id, session_id, recording_id',
      'rules[3].title: required',
      'rules[4].calendar: must be natural, holiday_end or workdays',
      'rules[5].severity.default: must be P1, P2, P3 or P4',
      'rules[14].id: duplicate of rules[5].id (R-PER-16)',
    ]);
  });

  it('checks relation names, predicates, tests and limits', () => {
    const file = clone();
    const rec07 = file.rules[10] as { severity: { overrides: { when: { relation: string }[] }[] } };
    rec07.severity.overrides[0]!.when[0]!.relation = 'begin';
    file.rules[12]!.violation = { op: 'none', relation: 'filing', occurred: 'before' };
    file.rules[13]!.violation = {
      op: 'any',
      of: [{ op: 'count', field: 'officers', lt: 2 }, { op: 'sometimes' }],
    };
    file.rules[0]!.trigger = { types: ['incident.closed'], where: [{ field: 'attrs.nature' }] };
    file.rules[5]!.limit = { duration: '8h', by: 'attrs.basis', values: { x: '1h' } };
    file.rules[9]!.trigger = { types: ['case.closed'], via: { types: ['property.seized'], on: 'item_id' } };
    expect(errorsOf(file)).toEqual([
      'rules[0].trigger.where[0]: needs exactly one of eq, in, exists',
      'rules[5].limit: needs exactly one of duration, by, at_field',
      'rules[9].trigger.via.on: must differ from the subject key',
      'rules[10].severity.overrides[0].when[0].relation: no relation named "begin" in relations',
      'rules[12].violation.relation: no relation named "filing" in relations',
      'rules[13].violation.of[0].field: must be occurred_at, unit_code, source, officer_ids, a link key or attrs.<name>',
      "rules[13].violation.of[1].op: Invalid discriminator value. Expected 'all' | 'any' | 'not' | 'attr' | 'count' | 'none' | 'exists' | 'after' | 'before'",
    ]);
  });

  it('rejects unknown fields, a wrong version and a wrong kind', () => {
    expect(errorsOf({ version: 2, rules: [] })).toEqual(['version: must be 1']);
    expect(errorsOf({ version: 1, rules: {} })).toEqual(['rules: must be an array of rules']);
    expect(errorsOf({ version: 1, rules: [{ kind: 'timer' }] })).toEqual([
      "rules[0].kind: Invalid discriminator value. Expected 'deadline' | 'condition'",
    ]);
    const file = clone();
    file.rules[0]!.limt = '24h';
    expect(errorsOf(file)).toEqual(['rules[0]: Unrecognized key: "limt"']);
  });

  it('reports JSON syntax errors and throws with every problem listed', () => {
    const bad = loadRules('{"version": 1, "rules": [');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]).toMatch(/^\(file\): not valid JSON/);
    expect(() => loadRulesOrThrow('{"version": 1}', 'x.json')).toThrow(
      /Invalid x.json:\n {2}- rules: required/,
    );
  });
});
