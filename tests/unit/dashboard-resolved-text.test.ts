import { describe, expect, it } from 'vitest';
import type { AlertChange } from '../../common/alerts.js';
import { translator } from '../../dashboard/src/i18n/translate.js';
import { resolvedElsewhereText } from '../../dashboard/src/views/duty/resolved-text.js';
import { alert } from '../../dashboard/tests/fixtures.js';

const zh = translator('zh-CN');
const en = translator('en');
const resolvedAt = '2026-11-26T02:03:04.000Z';
const resolved = alert({
  alert_id: 'R-INC-01:incident_id:J1',
  seq: 9,
  state: 'resolved',
  resolution: 'manual',
  resolved_at: resolvedAt,
});
const change = (over: Partial<AlertChange>): AlertChange => ({
  alert_id: resolved.alert_id,
  kind: 'resolved',
  at: resolvedAt,
  alert: resolved,
  ...over,
});

describe('what the duty console says about an alert resolved elsewhere', () => {
  it('names who resolved it by hand and when, in the chosen time zone', () => {
    const history = [
      change({ kind: 'raised', actor: undefined }),
      change({ actor: 'wang.wei', note: '已办' }),
    ];
    expect(resolvedElsewhereText({ ...resolved, history }, zh, 'Asia/Shanghai')).toBe(
      '该告警已由 wang.wei 于 2026-11-26 10:03:04 办结，无需再处理',
    );
    expect(resolvedElsewhereText({ ...resolved, history }, en, 'UTC')).toBe(
      'Already resolved by wang.wei at 2026-11-26 02:03:04; nothing more to do',
    );
  });

  it('says the engine resolved it when the duty was done late or the data came in', () => {
    const late = { ...resolved, resolution: 'late' as const, history: [change({})] };
    expect(resolvedElsewhereText(late, zh, 'Asia/Shanghai')).toBe(
      '该告警已于 2026-11-26 10:03:04 自动办结（逾期补正），无需再处理',
    );
  });

  it('falls back to "already resolved" without history, and for an alert that is not resolved', () => {
    expect(resolvedElsewhereText({ ...resolved, history: [] }, zh, 'Asia/Shanghai')).toBe(
      '该告警已办结，无需再处理',
    );
    expect(resolvedElsewhereText({ ...resolved, state: 'open' }, zh, 'Asia/Shanghai')).toBe(
      '该告警已办结，无需再处理',
    );
  });
});
