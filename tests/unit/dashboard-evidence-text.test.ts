/**
 * The evidence as a person reads it (issue #18 item 3): a condition rule's alert says what is wrong with the
 * event (R-REC-08 states the gap, "录像晚于讯问开始 17分21秒"), never the deadline wording "期限内未收到履职
 * 事件"; event fields have Chinese labels and values in words, times in the unit's zone.
 */
import { describe, expect, it } from 'vitest';
import type { AlertDetail } from '../../common/api.js';
import type { PoliceEvent } from '../../common/events.js';
import { translator } from '../../dashboard/src/i18n/translate.js';
import { buildTimeline } from '../../dashboard/src/lib/evidence.js';
import { eventFacts, subjectFacts } from '../../dashboard/src/lib/event-fields.js';
import { formatGap, violationText } from '../../dashboard/src/lib/violation.js';
import { alert } from '../../dashboard/tests/fixtures.js';

const zh = translator('zh-CN');
const en = translator('en');
const ZONE = 'Asia/Shanghai';

// Beijing 01:25:45 = 17:25:45Z the day before.
const started: PoliceEvent = {
  event_id: 'e-start',
  type: 'interrogation.started',
  occurred_at: '2026-11-25T17:25:45.000Z',
  unit_code: '450103520000',
  session_id: 'S1',
  person_id: 'P1',
  case_id: 'A1',
  officer_ids: ['O1', 'O2'],
  attrs: { recording_required: false },
};
const ended: PoliceEvent = {
  event_id: 'e-end',
  type: 'interrogation.ended',
  occurred_at: '2026-11-25T19:00:00.000Z',
  unit_code: '450103520000',
  session_id: 'S1',
};
const recording: PoliceEvent = {
  event_id: 'e-rec',
  type: 'recording.uploaded',
  occurred_at: '2026-11-25T20:00:00.000Z',
  unit_code: '450103520000',
  session_id: 'S1',
  recording_id: 'V1',
  attrs: { kind: 'bodycam', started_at: '2026-11-25T17:43:06.000Z', ended_at: '2026-11-25T19:00:00.000Z' },
};

function detail(over: Partial<AlertDetail>): AlertDetail {
  return {
    ...alert({ alert_id: 'R-REC-08:recording_id:V1', seq: 3, rule_id: 'R-REC-08', severity: 'P1' }),
    subject: { recording_id: 'V1' },
    trigger_event_id: 'e-rec',
    due_at: recording.occurred_at,
    opened_at: recording.occurred_at,
    evidence: [started, ended, recording],
    evidence_hidden: 0,
    history: [],
    ...over,
  };
}

describe('violation texts of condition rules', () => {
  it('R-REC-08 states the gap between the interrogation and the recording, times in the zone', () => {
    expect(violationText(detail({}), zh, ZONE)).toBe(
      '录像晚于讯问开始 17分21秒（讯问开始 2026-11-26 01:25:45，录像开始 2026-11-26 01:43:06）',
    );
  });

  it('R-REC-08 also states a recording that stops before the interrogation ends', () => {
    const early = {
      ...recording,
      attrs: { ...recording.attrs, started_at: started.occurred_at, ended_at: '2026-11-25T18:30:00.000Z' },
    };
    expect(violationText(detail({ evidence: [started, ended, early] }), zh, ZONE)).toBe(
      '录像早于讯问结束 30分停止（录像结束 2026-11-26 02:30:00，讯问结束 2026-11-26 03:00:00）'.replace(
        ' 停止',
        '停止',
      ),
    );
  });

  it('R-PRO-01 says the seizure came before the case was opened, and by how long', () => {
    const seized: PoliceEvent = {
      event_id: 'e-seize',
      type: 'property.seized',
      occurred_at: '2026-11-25T16:00:00.000Z',
      unit_code: '450103520000',
      case_id: 'A1',
      item_id: 'W1',
    };
    const filed: PoliceEvent = {
      ...seized,
      event_id: 'e-file',
      type: 'case.filed',
      occurred_at: '2026-11-27T17:00:00.000Z',
      item_id: undefined,
    };
    const d = detail({ rule_id: 'R-PRO-01', trigger_event_id: 'e-seize', evidence: [seized, filed] });
    expect(violationText(d, zh, ZONE)).toBe(
      '扣押早于立案（受案）2天1小时（扣押 2026-11-26 00:00:00，立案（受案） 2026-11-28 01:00:00）',
    );
    expect(violationText({ ...d, evidence: [seized] }, zh, ZONE)).toBe(
      '扣押时（2026-11-26 00:00:00）该案尚无立案或受案记录',
    );
  });

  it('formats short gaps to the second', () => {
    expect(formatGap(17 * 60_000 + 21_000, zh)).toBe('17分21秒');
    expect(formatGap(45_000, en)).toBe('45 s');
    expect(formatGap(3 * 3_600_000, zh)).toBe('3小时');
  });

  it('the timeline of a condition rule has the violation, no deadline and nothing "missing"', () => {
    const d = detail({});
    const items = buildTimeline(d, Date.parse('2026-11-27T00:00:00Z'), {
      kind: 'condition',
      violation: violationText(d, zh, ZONE),
    });
    const kinds = items.map((i) => i.kind);
    expect(kinds).toEqual(['event', 'event', 'trigger', 'violation']);
    expect(items[3]!.text).toContain('17分21秒');
    // A deadline rule keeps its deadline wording.
    expect(buildTimeline(d, Date.parse('2026-11-27T00:00:00Z')).map((i) => i.kind)).toContain('missing');
  });
});

describe('event fields in words', () => {
  it('labels link keys and attributes in Chinese, values in words, times in the zone', () => {
    const facts = eventFacts(recording, zh, ZONE).map((f) => `${f.label} ${f.value}`);
    expect(facts).toEqual([
      '讯问编号 S1',
      '录像编号 V1',
      '录像类型 执法记录仪',
      '录像开始 2026-11-26 01:43:06',
      '录像结束 2026-11-26 03:00:00',
    ]);
    expect(eventFacts(started, zh, ZONE).map((f) => `${f.label} ${f.value}`)).toEqual([
      '案件编号 A1',
      '人员编号 P1',
      '讯问编号 S1',
      '须全程录音录像 否',
    ]);
  });

  it('speaks English too, and leaves an unknown attribute as sent', () => {
    const e = { ...started, attrs: { recording_required: true, vendor_note: 'x' } };
    expect(eventFacts(e, en, ZONE).slice(-2)).toEqual([
      { field: 'recording_required', label: 'Full recording required', value: 'yes' },
      { field: 'vendor_note', label: 'vendor_note', value: 'x' },
    ]);
  });

  it('labels an alert subject', () => {
    expect(subjectFacts({ case_id: 'A4501' }, zh, ZONE)).toEqual([
      { field: 'case_id', label: '案件编号', value: 'A4501' },
    ]);
  });
});
