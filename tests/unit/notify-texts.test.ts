/**
 * Notification texts (notify/texts.ts): every line fits one SMS segment (70 characters) with its link, the
 * link is never shortened, times are local and never ISO, and nothing personal leaves — the alert and the
 * order are reduced as for viewers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../common/alerts.js';
import { alertSchema } from '../../common/alerts.js';
import { LINK_KEYS } from '../../common/event-types.js';
import { NOTIFY_KINDS } from '../../common/notify.js';
import type { Supervision } from '../../common/supervision.js';
import { supervisionSchema } from '../../common/supervision.js';
import { alertItem, KIND_WORDS, messageTitle, orderItem } from '../../notify/texts.js';
import type { TextOptions } from '../../notify/texts.js';
import { SUBJECT_KEYS_KEPT, SUBJECT_KEYS_PERSONAL } from '../../notify/viewer-alert.js';

const NOW = Date.parse('2026-12-02T09:30:00Z'); // 17:30 in Beijing
/** A short base (an intranet host) leaves room for the whole text; a long one shows the cutting. */
const PUBLIC = 'http://a.cn';
const LONG_PUBLIC = 'https://vigil.gxga.example';
const UNITS: Record<string, string> = { '450103000000': '南宁市青秀分局' };

const opts = (o: Partial<TextOptions> = {}): TextOptions => ({
  kind: 'alert.raised',
  renotify: 0,
  escalation: 0,
  publicUrl: PUBLIC,
  unitName: (code) => UNITS[code],
  zone: 'Asia/Shanghai',
  now: NOW,
  ...o,
});

function alert(o: Partial<Alert> = {}): Alert {
  return alertSchema.parse({
    alert_id: 'R-1:case_id:A1',
    seq: 12,
    rule_id: 'R-PER-16',
    severity: 'P1',
    stage: 'overdue',
    state: 'open',
    resolution: null,
    unit_code: '450103000000',
    subject: { stay_id: 'S4501-0007', person_id: 'P-450103199001011234', incident_id: 'J4501-1' },
    trigger_event_id: 'E-1',
    satisfied_by_event_id: null,
    due_at: '2026-12-02T06:30:00Z',
    opened_at: '2026-12-02T06:31:00Z',
    acknowledged_at: null,
    acknowledged_by: 'officer-张三',
    resolved_at: null,
    title: '超期未送看守所',
    legal_basis: '《看守所条例》第十条',
    held_by: 'case:4501',
    supervision_id: null,
    ...o,
  });
}

function order(o: Partial<Supervision> = {}): Supervision {
  return supervisionSchema.parse({
    supervision_id: 'SUP-4501-20261202-0007',
    seq: 13,
    level: 'listed',
    state: 'issued',
    unit_code: '450103000000',
    alert_ids: ['R-PER-16:stay_id:S4501-0007'],
    instructions: '请核查张三（身份证450103199001011234，电话13812345678）的羁押情况',
    issued_by: 'mgr-4501',
    issued_at: '2026-12-02T07:00:00Z',
    auto: false,
    receive_due_at: '2026-12-02T08:00:00Z',
    received_at: null,
    received_by: null,
    feedback_due_at: '2026-12-05T08:00:00Z',
    answers: [
      { at: '2026-12-02T07:30:00Z', by: 'off-1', text: '已联系张三家属 13812345678', event_ids: ['E-9'] },
    ],
    reviews: [{ at: '2026-12-02T07:40:00Z', by: 'mgr-4501', decision: 'return', note: '张三未送达' }],
    overdue: 'none',
    escalated_to: null,
    escalation: 0,
    closed_at: null,
    cancelled_at: null,
    ...o,
  });
}

const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

describe('alert lines', () => {
  it('reads like the duty room expects: brand, severity, unit name, title, how late, link', () => {
    const item = alertItem(alert({ alert_id: 'R-1:case_id:A1' }), opts());
    expect(item.line).toBe(
      `【守望】新预警 P1 南宁市青秀分局 超期未送看守所 逾期3时 ${PUBLIC}/alerts/R-1%3Acase_id%3AA1`,
    );
    expect(item.url).toBe(`${PUBLIC}/alerts/${encodeURIComponent('R-1:case_id:A1')}`);
    expect(item.line.length).toBeLessThanOrEqual(70);
    expect(item.cut).toBe(0);
    expect(item).toMatchObject({ kind: 'alert.raised', renotify: 0, escalation: 0 });
  });

  it('shows the due time in the unit zone, never ISO, while not yet due', () => {
    const item = alertItem(alert({ stage: 'due_soon', due_at: '2026-12-02T10:30:00Z' }), opts());
    expect(item.line).toContain('12月2日18:30到期');
    expect(item.line).not.toMatch(ISO);
  });

  it('says the re-notification and the escalation, and the unit code when no name is known', () => {
    const item = alertItem(alert(), opts({ renotify: 1, escalation: 1, unitName: () => undefined }));
    expect(item.line).toContain('第2次提醒');
    expect(item.line).toContain('升级：上级单位');
    expect(item.line.length).toBeLessThanOrEqual(70);
    expect(item.line.endsWith(item.url)).toBe(true);
    expect(alertItem(alert(), opts({ renotify: 1 })).line).toContain('【守望】预警 P1');
  });

  it('words each kind', () => {
    for (const kind of NOTIFY_KINDS.filter((k) => k.startsWith('alert.') || k === 'source.outage')) {
      const line = alertItem(alert(), opts({ kind })).line;
      if (kind === 'alert.escalated') expect(line).toContain('逾期3时');
      else if (kind === 'alert.raised') expect(line).toContain('新预警');
      else expect(line).toContain(KIND_WORDS[kind]);
    }
  });

  it('cuts a long title with 「…」 before anything else', () => {
    const title = '羁押期限届满前未依法办理延长羁押期限审批手续且未通知看守所';
    const item = alertItem(alert({ title, alert_id: 'R-1:case_id:A1' }), opts());
    expect(item.line.length).toBe(70);
    expect(item.line).toMatch(/^【守望】新预警 P1 南宁市青秀分局 羁押期限.*… 逾期3时 http/);
  });

  it('with a long link, drops the brand, shortens the unit, drops the title … down to the severity', () => {
    const item = alertItem(alert(), opts({ publicUrl: LONG_PUBLIC }));
    expect(item.line).toBe(`新预警 P1 南宁市… 逾期3时 ${LONG_PUBLIC}/alerts/R-1%3Acase_id%3AA1`);
    expect(item.cut).toBe(0);
    const longer = alertItem(
      alert({ alert_id: 'R-PER-16:stay_id:S4501-0007' }),
      opts({ publicUrl: LONG_PUBLIC }),
    );
    expect(longer.line).toBe(`P1 ${LONG_PUBLIC}/alerts/R-PER-16%3Astay_id%3AS4501-0007`);
  });

  it('never shortens the link, and counts what is still over when the link alone is too long', () => {
    const id = `R-INC-01:incident_id:${'J'.repeat(80)}`;
    const item = alertItem(alert({ alert_id: id }), opts());
    expect(item.line.endsWith(`/alerts/${encodeURIComponent(id)}`)).toBe(true);
    expect(item.cut).toBe(item.line.length - 70);
    expect(item.cut).toBeGreaterThan(0);
  });

  it('fits 70 characters for any title, unit name and id whose link leaves room (property)', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 60 });
    fc.assert(
      fc.property(
        text,
        text,
        fc.string({ maxLength: 20 }),
        fc.nat(100),
        fc.nat(3),
        (title, unit, idPart, renotify, escalation) => {
          const item = alertItem(
            alert({ title, alert_id: `R-1:case_id:${idPart}` }),
            opts({ unitName: () => unit, renotify, escalation }),
          );
          expect(item.line.endsWith(` ${item.url}`)).toBe(true);
          expect(item.line.length - item.cut).toBeLessThanOrEqual(70);
          if (item.url.length <= 45) expect(item.cut).toBe(0);
          expect(item.line).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/); // no half surrogate pair
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('nothing personal leaves', () => {
  it('keeps only non-personal subject keys and the listed alert fields', () => {
    const item = alertItem(alert(), opts());
    expect(item.alert).toEqual({
      alert_id: 'R-1:case_id:A1',
      seq: 12,
      rule_id: 'R-PER-16',
      severity: 'P1',
      stage: 'overdue',
      state: 'open',
      resolution: null,
      unit_code: '450103000000',
      due_at: '2026-12-02T06:30:00Z',
      opened_at: '2026-12-02T06:31:00Z',
      acknowledged_at: null,
      title: '超期未送看守所',
      supervision_id: null,
      subject: { stay_id: 'S4501-0007', incident_id: 'J4501-1' },
    });
    const all = JSON.stringify(item);
    for (const secret of ['P-450103199001011234', '450103199001011234', '张三', 'person_id', 'case:4501'])
      expect(all).not.toContain(secret);
  });

  it('judges every link key: kept, or left out as personal', () => {
    for (const k of LINK_KEYS)
      expect((SUBJECT_KEYS_KEPT as readonly string[]).includes(k) !== SUBJECT_KEYS_PERSONAL.includes(k)).toBe(
        true,
      );
    expect(SUBJECT_KEYS_PERSONAL).toContain('person_id');
  });

  it('an order carries no instructions, answers or review notes', () => {
    const item = orderItem(order(), opts({ kind: 'supervision.issued' }));
    const all = JSON.stringify(item);
    for (const secret of ['张三', '450103199001011234', '13812345678', '家属'])
      expect(all).not.toContain(secret);
    expect(item.supervision).toMatchObject({ supervision_id: 'SUP-4501-20261202-0007', instructions: '' });
  });
});

describe('order lines', () => {
  it('names the kind, level, unit and the next deadline, linking to the duty page', () => {
    const item = orderItem(order({ supervision_id: 'SUP-7' }), opts({ kind: 'supervision.issued' }));
    expect(item.line).toBe(
      `【守望】督办下发 挂牌督办 南宁市青秀分局 12月2日16:00前签收 ${PUBLIC}/duty?order=SUP-7`,
    );
    const long = orderItem(order(), opts({ kind: 'supervision.issued', publicUrl: LONG_PUBLIC }));
    expect(long.line).toBe(`督办下发 南宁市… ${LONG_PUBLIC}/duty?order=SUP-4501-20261202-0007`);
  });

  it('says which step is late and for how long', () => {
    const late = order({
      supervision_id: 'SUP-7',
      state: 'received',
      overdue: 'feedback',
      feedback_due_at: '2026-12-01T09:00:00Z',
    });
    const item = orderItem(late, opts({ kind: 'supervision.overdue', escalation: 1 }));
    expect(item.line).toContain('督办逾期');
    expect(item.line).toContain('反馈逾期24时');
    expect(item.line).toContain('升级：上级单位');
    expect(item.line.length - item.cut).toBeLessThanOrEqual(70);
    const returned = orderItem(
      order({ supervision_id: 'SUP-7', state: 'returned' }),
      opts({ kind: 'supervision.returned' }),
    );
    expect(returned.line).toContain('督办退回');
    expect(returned.line).toContain('12月5日16:00前反馈');
  });
});

describe('message titles', () => {
  it('names what it is, the highest severity, and how many', () => {
    const p1 = alertItem(alert(), opts());
    const p3 = alertItem(alert({ severity: 'P3' }), opts());
    const sup = orderItem(order(), opts({ kind: 'supervision.issued' }));
    expect(messageTitle([p1])).toBe('守望预警 P1');
    expect(messageTitle([p3, p1])).toBe('守望预警 P1 2条');
    expect(messageTitle([sup])).toBe('守望督办');
    expect(messageTitle([alertItem(alert(), opts({ kind: 'source.outage' }))])).toBe('守望数据源中断 P1');
  });
});
