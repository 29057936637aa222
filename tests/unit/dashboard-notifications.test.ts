/**
 * The dashboard's notification helpers: the attempts of an alert grouped by delivery and said in one line
 * (「已通知 南宁市局值班室（短信）10:42:05」, 失败N次, 已放弃, 已取消), the channel table's texts, the test
 * result, which errors mean "notifications off" (the panel shows nothing), and the API calls.
 */
import { describe, expect, it } from 'vitest';
import { ATTEMPT_OUTCOMES, CHANNEL_TYPES, NOTIFY_KINDS } from '../../common/notify.js';
import type { NotifyAttempt } from '../../common/notify.js';
import { ApiError, createApiClient, errorFrom } from '../../dashboard/src/api/client.js';
import { vigilApi } from '../../dashboard/src/api/endpoints.js';
import { translator } from '../../dashboard/src/i18n/translate.js';
import {
  CHANNEL_TYPE_KEY,
  KIND_KEY,
  OUTCOME_KEY,
  VIA_KEY,
  atText,
  attemptKindLabel,
  channelTypeLabel,
  describeDelivery,
  groupDeliveries,
  healthText,
  kindLabel,
  mayReadNotifications,
  notifyOff,
  rateText,
  testErrorText,
  testResultText,
} from '../../dashboard/src/lib/notifications.js';

const zh = translator('zh-CN');
const en = translator('en');
const TZ = 'Asia/Shanghai';
/** 2026-11-26 10:45:00 in Nanning. */
const NOW = Date.parse('2026-11-26T02:45:00.000Z');

function attempt(over: Partial<NotifyAttempt> = {}): NotifyAttempt {
  return {
    at: '2026-11-26T02:42:05.000Z',
    delivery_id: 'd1',
    kind: 'alert.raised',
    renotify: 0,
    escalation: 0,
    alert_id: 'R-INC-01:incident_id:X',
    supervision_id: '',
    unit_code: '450103520000',
    channel: 'sms',
    channel_type: 'sms',
    recipient: 'contact:duty-4501',
    recipient_name: '南宁市局值班室',
    outcome: 'delivered',
    response_code: 200,
    latency_ms: 123,
    attempt: 1,
    error: '',
    batched: 0,
    ...over,
  };
}

describe('labels', () => {
  it('call the admin’s test message a channel test, not an alert', () => {
    expect(attemptKindLabel({ kind: 'alert.raised', delivery_id: 'test|ops|1796278531140' }, zh)).toBe(
      '通道测试',
    );
    expect(
      attemptKindLabel({ kind: 'alert.raised', delivery_id: 'alert.raised|a|X|n0|channel:ops|ops' }, zh),
    ).toBe('新预警');
  });
  it('name every kind, channel type and outcome of common/notify.ts', () => {
    expect(Object.keys(KIND_KEY).sort()).toEqual([...NOTIFY_KINDS].sort());
    expect(Object.keys(CHANNEL_TYPE_KEY).sort()).toEqual([...CHANNEL_TYPES].sort());
    expect(Object.keys(OUTCOME_KEY).sort()).toEqual([...ATTEMPT_OUTCOMES].sort());
    expect(Object.keys(VIA_KEY).sort()).toEqual([...CHANNEL_TYPES].sort());
  });
  it('are the duty room’s words in Chinese', () => {
    expect(NOTIFY_KINDS.map((k) => kindLabel(k, zh))).toEqual([
      '新预警',
      '已超期',
      '未签收升级',
      '督办下发',
      '督办退回',
      '督办逾期',
      '数据源中断',
    ]);
    expect(CHANNEL_TYPES.map((c) => channelTypeLabel(c, zh))).toEqual([
      'Webhook',
      '企业微信群机器人',
      '钉钉群机器人',
      '短信网关',
      '邮件',
    ]);
    expect(kindLabel('alert.raised', en)).toBe('New alert');
  });
  it('show a value the server added later as it is', () => {
    expect(kindLabel('alert.reopened', zh)).toBe('alert.reopened');
    expect(channelTypeLabel('fax', zh)).toBe('fax');
  });
  it('are for officers, managers and admins, not viewers', () => {
    expect(['viewer', 'officer', 'manager', 'admin'].map((r) => mayReadNotifications(r as never))).toEqual([
      false,
      true,
      true,
      true,
    ]);
    expect(mayReadNotifications(undefined)).toBe(false);
  });
});

describe('grouping attempts by delivery', () => {
  const list = [
    attempt({
      delivery_id: 'b',
      at: '2026-11-26T02:44:00.000Z',
      outcome: 'failed',
      error: 'HTTP 502',
      attempt: 2,
    }),
    attempt({ delivery_id: 'a', at: '2026-11-26T02:42:05.000Z', outcome: 'delivered', attempt: 2 }),
    attempt({
      delivery_id: 'b',
      at: '2026-11-26T02:43:00.000Z',
      outcome: 'failed',
      error: 'timeout',
      attempt: 1,
    }),
    attempt({ delivery_id: 'a', at: '2026-11-26T02:41:55.000Z', outcome: 'failed', error: 'ECONNRESET' }),
  ];
  it('keeps one group per delivery, the newest first, its attempts newest first', () => {
    const groups = groupDeliveries(list);
    expect(groups.map((g) => g.delivery_id)).toEqual(['b', 'a']);
    expect(groups[0]!.attempts.map((a) => a.attempt)).toEqual([2, 1]);
  });
  it('counts a delivery delivered once any attempt got through, at that time', () => {
    const a = groupDeliveries(list).find((g) => g.delivery_id === 'a')!;
    expect(a).toMatchObject({ status: 'delivered', at: '2026-11-26T02:42:05.000Z', failures: 1 });
  });
  it('else takes the newest outcome, counts the failures and keeps the newest error', () => {
    const b = groupDeliveries(list).find((g) => g.delivery_id === 'b')!;
    expect(b).toMatchObject({
      status: 'failed',
      at: '2026-11-26T02:44:00.000Z',
      failures: 2,
      lastError: 'HTTP 502',
    });
    const gaveUp = groupDeliveries([
      attempt({ outcome: 'gave_up', error: 'HTTP 500', attempt: 9, at: '2026-11-26T02:44:00.000Z' }),
      attempt({ outcome: 'failed', error: 'HTTP 500', attempt: 8 }),
    ])[0]!;
    expect(gaveUp).toMatchObject({ status: 'gave_up', failures: 2 });
  });
  it('is empty for no attempts', () => {
    expect(groupDeliveries([])).toEqual([]);
  });
});

describe('a delivery in one line', () => {
  const line = (over: Partial<NotifyAttempt>[], t = zh) =>
    describeDelivery(groupDeliveries(over.map(attempt))[0]!, t, NOW, TZ);

  it('says who was notified, how and when (today: the time only)', () => {
    expect(line([{}])).toEqual({
      kind: '新预警',
      tags: [],
      text: '已通知 南宁市局值班室（短信）10:42:05',
      error: '',
      tone: 'ok',
    });
    expect(line([{}], en).text).toBe('Notified 南宁市局值班室 (SMS) at 10:42:05');
  });
  it('gives the date for another day, in the unit’s zone', () => {
    expect(atText('2026-11-25T15:59:00.000Z', NOW, TZ)).toBe('2026-11-25 23:59:00');
    expect(atText('2026-11-25T16:00:00.000Z', NOW, TZ)).toBe('00:00:00');
    expect(atText('2026-11-26T02:42:05.000Z', NOW, 'UTC')).toBe('02:42:05');
  });
  it('tags re-notifications, escalations and batched messages', () => {
    expect(line([{ kind: 'alert.unacknowledged', renotify: 2, escalation: 1, batched: 3 }])).toMatchObject({
      kind: '未签收升级',
      tags: ['第2次提醒', '升级第1级', '合并另 3 条'],
    });
  });
  it('names the channel when the recipient is a channel', () => {
    expect(
      line([{ recipient: 'channel:ops', recipient_name: '', channel: 'ops', channel_type: 'webhook' }]).text,
    ).toBe('已通知 ops（Webhook）10:42:05');
  });
  it('says failures, giving up and cancelling with the last error', () => {
    expect(
      line([
        { outcome: 'failed', error: 'HTTP 502' },
        { outcome: 'failed', error: 'timeout', attempt: 0 },
      ]),
    ).toMatchObject({
      text: '通知 南宁市局值班室（短信）失败2次，正在重试 · 最近 10:42:05',
      error: 'HTTP 502',
      tone: 'bad',
    });
    expect(line([{ outcome: 'gave_up', error: 'HTTP 500' }]).text).toBe(
      '通知 南宁市局值班室（短信）已放弃（失败1次）· 10:42:05',
    );
    expect(line([{ outcome: 'cancelled' }])).toMatchObject({
      text: '通知 南宁市局值班室（短信）已取消 · 10:42:05',
      tone: 'muted',
    });
  });
});

describe('the channel table', () => {
  it('says a test result: delivered with the answer and time, or the error', () => {
    expect(testResultText(attempt({ channel_type: 'webhook' }), zh)).toEqual({
      ok: true,
      text: '已送达 HTTP 200 · 123 ms',
    });
    expect(
      testResultText(attempt({ channel_type: 'email', response_code: 250, latency_ms: 80.4 }), zh).text,
    ).toBe('已送达 SMTP 250 · 80 ms');
    expect(
      testResultText(attempt({ outcome: 'failed', error: 'connect ECONNREFUSED', response_code: 0 }), zh),
    ).toEqual({
      ok: false,
      text: '失败：connect ECONNREFUSED',
    });
    expect(testResultText(attempt({ outcome: 'failed', response_code: 403 }), zh).text).toBe(
      '失败：HTTP 403 · 123 ms',
    );
  });
  it('says why a test request was refused', () => {
    expect(
      testErrorText(errorFrom(new Response(null, { status: 404 }), { error: 'x', code: 'not_found' }), zh),
    ).toBe('失败：通道不存在（配置已变更？请刷新）');
    expect(
      testErrorText(
        errorFrom(new Response(null, { status: 409 }), { error: 'off', code: 'notify_disabled' }),
        zh,
      ),
    ).toBe('失败：通知未启用');
    expect(testErrorText(new ApiError(0, 'network down', 'network_error'), zh)).toBe('失败：network down');
  });
  it('says the health: 正常, or 连续失败N次 (bad when failing)', () => {
    expect(healthText({ consecutive_failures: 0, failing: false }, zh)).toEqual({ text: '正常', bad: false });
    expect(healthText({ consecutive_failures: 2, failing: false }, zh)).toEqual({
      text: '连续失败2次',
      bad: false,
    });
    expect(healthText({ consecutive_failures: 5, failing: true }, zh)).toEqual({
      text: '连续失败5次',
      bad: true,
    });
  });
  it('says the rate limit', () => {
    expect(rateText(20, zh)).toBe('每分钟20条');
    expect(rateText(null, zh)).toBe('不限');
    expect(rateText(20, en)).toBe('20 per minute');
  });
});

describe('notifications off', () => {
  const err = (status: number, body: unknown) => errorFrom(new Response(null, { status }), body);
  it('is 409 notify_disabled (known code or not), 404 (no route yet, no subject) and 403', () => {
    expect(notifyOff(err(409, { error: 'notifications are off', code: 'notify_disabled' }))).toBe(true);
    expect(notifyOff(err(404, { error: 'no such route', code: 'unknown_route' }))).toBe(true);
    expect(notifyOff(err(404, { error: 'no such alert', code: 'not_found' }))).toBe(true);
    expect(notifyOff(err(403, { error: 'viewers may not', code: 'forbidden' }))).toBe(true);
  });
  it('is not a server or network failure', () => {
    expect(notifyOff(err(500, { error: 'boom', code: 'internal' }))).toBe(false);
    expect(notifyOff(new ApiError(0, 'down', 'network_error'))).toBe(false);
    expect(notifyOff(new Error('x'))).toBe(false);
  });
});

describe('the API calls', () => {
  function recording() {
    const calls: { url: string; method: string; body: unknown }[] = [];
    const api = vigilApi(
      createApiClient({
        getToken: () => 'tok',
        fetch: async (url, init) => {
          calls.push({
            url: String(url),
            method: init?.method ?? 'GET',
            body: init?.body ? JSON.parse(String(init.body)) : null,
          });
          return new Response(JSON.stringify({ notifications: [] }), { status: 200 });
        },
      }),
    );
    return { api, calls };
  }
  it('reads an alert’s, an order’s and a channel’s attempts, and sends a test', async () => {
    const { api, calls } = recording();
    await api.notifications({ alert_id: 'R-INC-01:incident_id:X' });
    await api.notifications({ supervision_id: 'SUP-1' });
    await api.notifications({ channel: 'ops', limit: 50 });
    await api.notifyChannels();
    await api.notifyTest('ops');
    expect(calls).toEqual([
      { url: '/api/notifications?alert_id=R-INC-01%3Aincident_id%3AX', method: 'GET', body: null },
      { url: '/api/notifications?supervision_id=SUP-1', method: 'GET', body: null },
      { url: '/api/notifications?channel=ops&limit=50', method: 'GET', body: null },
      { url: '/api/notify/channels', method: 'GET', body: null },
      { url: '/api/notify/test', method: 'POST', body: { channel: 'ops' } },
    ]);
  });
});
