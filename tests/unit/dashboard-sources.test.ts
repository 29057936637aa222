/**
 * Source health on the dashboard: the banner made from a GET /api/sources answer, the name of
 * the source a held alert waits for, held alerts in the live alert book, the duty queue and the timeline.
 */
import { describe, expect, it } from 'vitest';
import * as commonSources from '../../common/sources.js';
import type { SourceStatus, SourcesResponse } from '../../common/sources.js';
import { translator } from '../../dashboard/src/i18n/translate.js';
import type { Locale } from '../../dashboard/src/i18n/translate.js';
import { EMPTY_FILTER, canAcknowledge, canResolve, dutyQueue } from '../../dashboard/src/lib/alert-order.js';
import { buildTimeline } from '../../dashboard/src/lib/evidence.js';
import {
  SOURCE_OUTAGE_RULE_ID,
  heldByLabel,
  shortUnitName,
  silenceSeconds,
  sourceBanner,
  splitSourceKey,
  unhealthySources,
} from '../../dashboard/src/lib/source-health.js';
import { AlertBook, changeKind, mergeSnapshots } from '../../dashboard/src/stores/alert-book.js';
import { alert } from '../../dashboard/tests/fixtures.js';

const AS_OF = '2026-11-26T06:00:00.000Z';

function row(over: Partial<SourceStatus> & Pick<SourceStatus, 'source' | 'unit_prefix'>): SourceStatus {
  return {
    key: `${over.source}:${over.unit_prefix}`,
    name: over.source === 'case' ? '案件系统' : over.source === 'property' ? '涉案财物系统' : over.source,
    name_en: over.source === 'case' ? 'Case system' : over.source === 'property' ? 'Property system' : null,
    unit_name: null,
    state: 'healthy',
    since: '2026-11-26T00:00:00.000Z',
    monitored: true,
    last_event_at: '2026-11-26T03:40:00.000Z',
    last_ingest_at: '2026-11-26T03:47:00.000Z',
    last_heartbeat_at: null,
    silence_seconds: 60,
    lag_seconds: 120,
    held_alerts: 0,
    rules: ['R-INC-01'],
    ...over,
  };
}

const resp = (...sources: SourceStatus[]): SourcesResponse => ({ as_of: AS_OF, sources });
/** The unit directory in English (the server sends the Chinese name). */
const directoryEn = (p: string) => (p === '4501' ? 'Nanning Municipal Public Security Bureau' : null);
const labels = (locale: Locale) => ({
  t: translator(locale),
  locale,
  ...(locale === 'en' ? { unitName: directoryEn } : {}),
});

const nanningCaseSilent = row({
  source: 'case',
  unit_prefix: '4501',
  unit_name: '南宁市公安局',
  state: 'silent',
  silence_seconds: 2 * 3600 + 13 * 60 + 20,
  held_alerts: 312,
});

describe('source banner', () => {
  it('is absent while every source is healthy (or nothing is known)', () => {
    expect(sourceBanner(null, labels('zh-CN'))).toBeNull();
    expect(sourceBanner(resp(row({ source: 'case', unit_prefix: '45' })), labels('zh-CN'))).toBeNull();
  });

  it('names a silent source, its unit, how long it has been silent and what it holds — red', () => {
    const b = sourceBanner(
      resp(nanningCaseSilent, row({ source: 'av', unit_prefix: '45' })),
      labels('zh-CN'),
    );
    expect(b?.tone).toBe('silent');
    expect(b?.text).toBe('数据源异常：案件系统（南宁市）已中断 2小时13分 · 暂缓判定 312 条告警');
    expect(b?.items).toHaveLength(1);
    expect(b?.heldTotal).toBe(312);
    const en = sourceBanner(resp(nanningCaseSilent), labels('en'));
    expect(en?.text).toBe('Source problem: Case system (Nanning) silent for 2 h 13 min · 312 alerts on hold');
  });

  it('is amber for a late source, and keeps counting between polls', () => {
    const late = row({
      source: 'property',
      unit_prefix: '4502',
      unit_name: '柳州市公安局',
      state: 'late',
      silence_seconds: 25 * 60,
    });
    const b = sourceBanner(resp(late), { ...labels('zh-CN'), elapsedMs: 10 * 60_000 });
    expect(b?.tone).toBe('late');
    expect(b?.text).toBe('数据源异常：涉案财物系统（柳州市）数据延迟 35分');
    expect(b?.items[0]).toMatchObject({ state: 'late', held: '', heldCount: 0 });
  });

  it('is red when any source is silent, silent ones first, then the longest quiet', () => {
    const late = row({ source: 'property', unit_prefix: '45', state: 'late', silence_seconds: 5000 });
    const b = sourceBanner(resp(late, nanningCaseSilent), labels('zh-CN'));
    expect(b?.tone).toBe('silent');
    expect(b?.items.map((i) => i.state)).toEqual(['silent', 'late']);
    expect(unhealthySources(resp(late, nanningCaseSilent)).map((s) => s.key)).toEqual([
      'case:4501',
      'property:45',
    ]);
  });

  it('groups the units of one source in one state into one item', () => {
    const cities = ['4501', '4502', '4503', '4504', '4505'].map((p, i) =>
      row({
        source: 'case',
        unit_prefix: p,
        unit_name: ['南宁市公安局', '柳州市公安局', '桂林市公安局', '梧州市公安局', '北海市公安局'][i]!,
        state: 'silent',
        silence_seconds: 600 + i * 60,
        held_alerts: 10,
      }),
    );
    const b = sourceBanner(resp(...cities), labels('zh-CN'));
    expect(b?.items).toHaveLength(1);
    // The longest silence (the 5th city, 14 min) and the sum of what is held.
    expect(b?.text).toBe('数据源异常：案件系统（南宁市、柳州市等 5 个单位）已中断 14分 · 暂缓判定 50 条告警');
    const three = sourceBanner(resp(...cities.slice(0, 3)), labels('zh-CN'));
    expect(three?.items[0]?.label).toBe('案件系统（南宁市、柳州市、桂林市）');
  });

  it('shows at most maxItems groups and says how many more', () => {
    const many = ['a', 'b', 'c', 'd', 'e'].map((s) => row({ source: s, unit_prefix: '45', state: 'late' }));
    const b = sourceBanner(resp(...many), { ...labels('zh-CN'), maxItems: 3 });
    expect(b?.items).toHaveLength(3);
    expect(b?.more).toBe('另有 2 项异常');
    expect(sourceBanner(resp(...many), { ...labels('en'), maxItems: 4 })?.more).toBe('+1 more');
  });

  it('labels the unit from the directory in the UI language, else the server, else the prefix', () => {
    const unknown = row({ source: 'case', unit_prefix: '4599', state: 'silent' });
    expect(sourceBanner(resp(unknown), labels('zh-CN'))?.items[0]?.label).toBe('案件系统（4599）');
    const dir = (p: string) => (p === '4501' ? 'Nanning Municipal Public Security Bureau' : null);
    expect(sourceBanner(resp(nanningCaseSilent), { ...labels('en'), unitName: dir })?.items[0]?.label).toBe(
      'Case system (Nanning)',
    );
    expect(shortUnitName('广西壮族自治区公安厅')).toBe('广西壮族自治区');
    expect(shortUnitName('Guangxi Zhuang Autonomous Region Public Security Department')).toBe('Guangxi');
    expect(shortUnitName('公安局')).toBe('公安局');
  });

  it('says "under a minute" rather than "0 min"', () => {
    const fresh = row({ source: 'case', unit_prefix: '45', state: 'late', silence_seconds: 12 });
    expect(sourceBanner(resp(fresh), labels('zh-CN'))?.items[0]?.status).toBe('数据延迟 不到1分钟');
    expect(sourceBanner(resp(fresh), labels('en'))?.items[0]?.status).toBe('no data for under a minute');
  });

  it('counts a source never heard from since it entered its state', () => {
    const never = row({
      source: 'case',
      unit_prefix: '45',
      state: 'silent',
      silence_seconds: null,
      since: '2026-11-26T05:00:00.000Z',
    });
    expect(silenceSeconds(never, AS_OF, 30_000)).toBe(3630);
    expect(sourceBanner(resp(never), labels('zh-CN'))?.items[0]?.status).toBe('已中断 1小时');
  });
});

describe('the source a held alert waits for', () => {
  const known = resp(nanningCaseSilent);
  it('is named from GET /api/sources, with its state', () => {
    expect(heldByLabel('case:4501', known, labels('zh-CN'))).toEqual({
      text: '案件系统（南宁市）',
      state: 'silent',
    });
    expect(heldByLabel('case:4501', known, labels('en'))?.text).toBe('Case system (Nanning)');
  });
  it('falls back to the source name with the prefix, then to the key itself', () => {
    expect(heldByLabel('case:4502', known, labels('zh-CN'))).toEqual({
      text: '案件系统（4502）',
      state: null,
    });
    expect(heldByLabel('area:45', known, labels('zh-CN'))).toEqual({ text: 'area:45', state: null });
    expect(heldByLabel('case:4501', null, labels('zh-CN'))?.text).toBe('case:4501');
    expect(heldByLabel(undefined, known, labels('zh-CN'))).toBeNull();
  });
  it('splits keys and names the outage rule exactly as common/sources.ts does', () => {
    for (const key of ['case:4501', 'a.b-c:45', 'x:450103520000'])
      expect(splitSourceKey(key)).toEqual(commonSources.splitSourceKey(key));
    expect(SOURCE_OUTAGE_RULE_ID).toBe(commonSources.SOURCE_OUTAGE_RULE_ID);
  });
});

describe('held alerts in the live alert book', () => {
  const held = (
    id: string,
    seq: number,
    over: Parameters<typeof alert>[0] extends infer T ? Partial<T> : never = {},
  ) => alert({ alert_id: id, seq, state: 'held', held_by: 'case:4501', ...over });

  it('are not active: not in the list, the counts or by-rule, but known and listed apart', () => {
    const book = new AlertBook();
    book.loadSnapshot(
      [alert({ alert_id: 'a', seq: 1, severity: 'P1' }), held('h', 2, { severity: 'P1' })],
      2,
    );
    expect(book.list().map((a) => a.alert_id)).toEqual(['a']);
    expect(book.size).toBe(1);
    expect(book.heldSize).toBe(1);
    expect(book.listHeld().map((a) => a.alert_id)).toEqual(['h']);
    expect(book.counts()).toMatchObject({ P1: 1, total: 1 });
    expect(book.byRule()).toEqual([{ ruleId: 'R-INC-01', title: expect.any(String), count: 1 }]);
    expect(book.get('h')?.state).toBe('held');
    expect(book.knownSeq('h')).toBe(2);
  });

  it('leave the active set when held, come back as raised, and stay off the ticker until then', () => {
    const book = new AlertBook({ now: () => 5_000 });
    book.loadSnapshot([alert({ alert_id: 'a', seq: 1, stage: 'due_soon' })], 1);
    const before = book.ticker.size;
    expect(book.apply(held('a', 2, { stage: 'overdue' }))).toBe('held');
    expect(book.size).toBe(0);
    expect(book.counts()).toMatchObject({ total: 0, dueSoon: 0 });
    expect(book.apply(held('a', 3, { stage: 'overdue', due_at: '2026-12-01T00:00:00.000Z' }))).toBe(
      'updated',
    );
    expect(book.ticker.size).toBe(before);
    // Judged: raised, a violation now — on the ticker at the time it arrived, counted.
    expect(book.apply(alert({ alert_id: 'a', seq: 4, severity: 'P1' }))).toBe('raised');
    expect(book.ticker.newestFirst(1)[0]).toMatchObject({ kind: 'raised', at: 5_000 });
    expect(book.counts()).toMatchObject({ P1: 1, total: 1 });
    expect(book.heldSize).toBe(0);
  });

  it('leave quietly when resolved by the backlog, and a stale delta does not bring them back', () => {
    const book = new AlertBook();
    book.loadSnapshot([held('h', 5)], 5);
    const before = book.ticker.size;
    expect(book.apply(alert({ alert_id: 'h', seq: 7, state: 'resolved', resolution: 'on_time' }))).toBe(
      'resolved',
    );
    expect(book.ticker.size).toBe(before);
    expect(book.heldSize).toBe(0);
    expect(book.apply(held('h', 6))).toBeNull();
    expect(book.get('h')).toBeUndefined();
  });

  it('a change older than the held copy is ignored', () => {
    const book = new AlertBook();
    book.loadSnapshot([held('h', 9)], 9);
    expect(book.apply(alert({ alert_id: 'h', seq: 10 }))).toBe('raised');
    expect(book.apply(held('h', 8))).toBeNull();
    expect(book.get('h')?.state).toBe('open');
  });

  it('names the changes', () => {
    const open = alert({ alert_id: 'a', seq: 1 });
    const h = held('a', 2);
    expect(changeKind(open, h)).toBe('held');
    expect(changeKind(undefined, h)).toBe('held');
    expect(changeKind(h, { ...h, seq: 3 })).toBe('updated');
    expect(changeKind(h, { ...open, seq: 3 })).toBe('raised');
    expect(changeKind(h, { ...open, seq: 3, state: 'resolved' })).toBe('resolved');
  });
});

describe('snapshot of active and held alerts read at different seqs', () => {
  it('keeps every alert in its newest copy and the lower seq', () => {
    const active = {
      alerts: [alert({ alert_id: 'x', seq: 90 }), alert({ alert_id: 'z', seq: 80 })],
      seq: 100,
    };
    const heldList = { alerts: [alert({ alert_id: 'x', seq: 103, state: 'held' })], seq: 105 };
    const merged = mergeSnapshots([active, heldList]);
    expect(merged.seq).toBe(100);
    expect(merged.alerts.find((a) => a.alert_id === 'x')?.state).toBe('held');
    expect(mergeSnapshots([heldList, active]).alerts.find((a) => a.alert_id === 'x')?.seq).toBe(103);
  });

  it('loses no change made between the two reads', () => {
    // Active read at 100 (z open), held read at 105 (x held at 103). Between them: y held → raised at 102,
    // z resolved at 104. Both come in the resume from 100; x's older change at 101 is ignored.
    const merged = mergeSnapshots([
      { alerts: [alert({ alert_id: 'x', seq: 90 }), alert({ alert_id: 'z', seq: 80 })], seq: 100 },
      { alerts: [alert({ alert_id: 'x', seq: 103, state: 'held' })], seq: 105 },
    ]);
    const book = new AlertBook();
    book.loadSnapshot(merged.alerts, merged.seq);
    expect(book.maxSeq).toBe(100);
    book.applyResume(
      [
        alert({ alert_id: 'x', seq: 101, state: 'acknowledged' }),
        alert({ alert_id: 'y', seq: 102 }),
        alert({ alert_id: 'x', seq: 103, state: 'held' }),
        alert({ alert_id: 'z', seq: 104, state: 'resolved', resolution: 'late' }),
      ],
      105,
    );
    expect(book.list().map((a) => a.alert_id)).toEqual(['y']);
    expect(book.listHeld().map((a) => a.alert_id)).toEqual(['x']);
    expect(book.maxSeq).toBe(105);
  });
});

describe('held alerts on the duty console and the timeline', () => {
  it('are filtered by state held and offer no acknowledge or resolve', () => {
    const list = [alert({ alert_id: 'h', seq: 1, state: 'held' }), alert({ alert_id: 'o', seq: 2 })];
    expect(dutyQueue(list, { ...EMPTY_FILTER, state: 'held' }).map((a) => a.alert_id)).toEqual(['h']);
    expect([canAcknowledge({ state: 'held' }), canResolve({ state: 'held' })]).toEqual([false, false]);
    expect([canAcknowledge({ state: 'open' }), canResolve({ state: 'open' })]).toEqual([true, true]);
    expect([canAcknowledge({ state: 'acknowledged' }), canResolve({ state: 'acknowledged' })]).toEqual([
      false,
      true,
    ]);
  });

  it('say the missing follow-up awaits the source, not that it is missing', () => {
    const base = alert({ alert_id: 'h', seq: 1, state: 'held', due_at: '2026-11-26T01:00:00.000Z' });
    const items = buildTimeline(
      {
        ...base,
        evidence: [],
        evidence_hidden: 0,
        history: [{ alert_id: 'h', kind: 'held', at: '2026-11-26T01:01:00.000Z', alert: base }],
      },
      Date.parse('2026-11-26T05:00:00Z'),
    );
    expect(items.map((i) => i.kind)).toEqual(['awaiting', 'held']);
  });
});
