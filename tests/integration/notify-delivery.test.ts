/**
 * Notifications end to end on the real system (real Redis, embedded ClickHouse, BullMQ) against real local
 * receivers: a signed webhook, a WeCom robot and an SMS gateway (HTTP), and an SMTP server. A P1 alert is told
 * to the ops webhook, the robot and the unit's duty contact by SMS and email, in Chinese, with its link and no
 * personal data; it is re-notified until acknowledged, and escalated to the parent unit's contacts when not;
 * an acknowledgement stops both at once; an order issued to a unit is told to that unit; every attempt is
 * recorded in ClickHouse and listed, scoped, by GET /api/notifications; a history import is never notified.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotifyAttempt } from '../../common/notify.js';
import { queryRows } from '../../common/node/clickhouse.js';
import { call, makePersonas, raiseAlerts, sleep, until } from '../helpers/live-system.js';
import type { Personas } from '../helpers/live-system.js';
import { startHttpReceiver, startSmtpReceiver, verifyWebhookSignature } from '../helpers/notify-receivers.js';
import type { HttpReceiver, ReceivedRequest } from '../helpers/notify-receivers.js';
import { startTestSystem, tempDir } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';

let sys: TestSystem;
let http: HttpReceiver;
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let city: Personas;
let other: Personas;
const SECRET = 'test-webhook-secret';
const PUBLIC = 'https://vigil.example.gov.cn';

type Body = {
  kind: string;
  text: string;
  url: string;
  renotify?: number;
  escalation?: number;
  decided_seq?: number;
  alert?: { alert_id: string };
};
const hooks = (alertId: string): (ReceivedRequest & { json: Body })[] =>
  http.requests.filter(
    (r) => r.path === '/hook' && (r.json as Body | undefined)?.alert?.alert_id === alertId,
  ) as (ReceivedRequest & { json: Body })[];
const sms = (): ReceivedRequest[] => http.requests.filter((r) => r.path === '/sms');

beforeAll(async () => {
  http = await startHttpReceiver();
  smtp = await startSmtpReceiver({ secure: false, auth: { user: 'vigil', pass: 'mail-pass' } });
  const dir = tempDir('notify');
  const file = path.join(dir, 'notify.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      channels: [
        {
          id: 'ops',
          name: '运维值班',
          type: 'webhook',
          url: `${http.url}/hook`,
          secret_env: 'TEST_HOOK_SECRET',
        },
        { id: 'robot', type: 'wecom', url: `${http.url}/cgi-bin/webhook/send?key=k-secret` },
        {
          id: 'sms',
          type: 'sms',
          method: 'POST',
          url: `${http.url}/sms`,
          headers: { 'Content-Type': 'application/json' },
          body: '{"to":"{{phone}}","text":"{{text}}"}',
        },
        {
          id: 'mail',
          type: 'email',
          host: smtp.host,
          port: smtp.port,
          secure: false,
          user: 'vigil',
          pass_env: 'TEST_SMTP_PASS',
          from: 'vigil@example.gov.cn',
          allow_self_signed: true,
        },
      ],
      contacts: [
        {
          id: 'duty-450103',
          name: '青秀分局值班室',
          unit: '450103',
          role: 'duty',
          phone: '13800000001',
          email: 'duty450103@example.gov.cn',
          via: ['sms', 'mail'],
        },
        {
          id: 'duty-4501',
          name: '南宁市局值班室',
          unit: '4501',
          role: 'duty',
          phone: '13800000002',
          via: ['sms'],
        },
      ],
      routes: [
        {
          match: { kinds: ['alert.raised', 'alert.escalated'], severity: ['P1'], unit: '45' },
          to: ['channel:ops', 'channel:robot', 'contacts:alert_unit'],
          renotify_every: '3s',
          renotify_max: 2,
          escalate_after: '4s',
        },
        { match: { kinds: ['supervision.issued'] }, to: ['channel:ops'] },
      ],
      retry: { first: '1s', max_interval: '2s', give_up_after: '1h' },
    }),
  );
  process.env.TEST_HOOK_SECRET = SECRET;
  process.env.TEST_SMTP_PASS = 'mail-pass';
  sys = await startTestSystem({ ALERT_GRACE_SECONDS: '1', NOTIFY_FILE: file, PUBLIC_URL: PUBLIC });
  city = await makePersonas(sys, '4501', 'nn');
  other = await makePersonas(sys, '4502', 'lz');
}, 120_000);

afterAll(async () => {
  await sys?.cleanup();
  await http?.close();
  await smtp?.close();
});

describe('a P1 alert, told', () => {
  it('reaches the webhook (signed, masked, with its link), the robot, and the duty contact by SMS and email', async () => {
    const [alert] = await raiseAlerts(sys, [
      { incident: 'N-1', unit: '450103520000', attrs: { person_name: '张三', phone: '13912345678' } },
    ]);
    const id = alert!.alert_id;
    const [hook] = await until(async () => (hooks(id).length > 0 ? hooks(id) : null), 20_000, 'the webhook');
    expect(verifyWebhookSignature(hook!, SECRET)).toBe(true);
    expect(hook!.headers['x-vigil-delivery']).toMatch(/^alert\.raised\|a\|/);
    expect(hook!.json).toMatchObject({
      kind: 'alert.raised',
      url: `${PUBLIC}/alerts/${encodeURIComponent(id)}`,
    });
    expect(hook!.json.text.length).toBeLessThanOrEqual(70);
    expect(hook!.json.text).toMatch(/P1/);
    await until(async () => sms().length > 0 && smtp.messages.length > 0, 20_000, 'the SMS and the email');
    const texts = [
      ...http.requests.map((r) => r.rawBody.toString('utf8')),
      ...smtp.messages.map((m) => `${m.subject} ${m.text}`),
    ];
    for (const t of texts) {
      expect(t).not.toContain('张三');
      expect(t).not.toContain('13912345678');
    }
    expect((sms()[0]!.json as { to: string }).to).toBe('13800000001');
    expect(smtp.messages[0]!.to).toContain('duty450103@example.gov.cn');
    expect(http.requests.some((r) => r.path === '/cgi-bin/webhook/send')).toBe(true);
  });

  it('is re-notified while nobody acknowledges it and escalated to the city; acknowledging stops both at once', async () => {
    const [alert] = await raiseAlerts(sys, [{ incident: 'N-2', unit: '450103520000' }]);
    const id = alert!.alert_id;
    const first = await until(
      async () => hooks(id).find((h) => h.json.renotify === 1),
      20_000,
      'a re-notification',
    );
    expect(first.json.kind).toBe('alert.raised');
    const listed = async (): Promise<NotifyAttempt[]> =>
      (
        await call<{ notifications: NotifyAttempt[] }>(
          sys.url,
          'GET',
          `/api/notifications?alert_id=${encodeURIComponent(id)}`,
          { token: city.token.officer },
        )
      ).json.notifications;
    const esc1 = await until(
      async () =>
        (await listed()).find((a) => a.kind === 'alert.unacknowledged' && a.outcome === 'delivered'),
      20_000,
      'the escalation to the city duty office',
    );
    expect(esc1).toMatchObject({
      escalation: 1,
      recipient: 'contact:duty-4501',
      recipient_name: '南宁市局值班室',
    });
    const ack = await call<{ seq: number }>(sys.url, 'POST', `/api/alerts/${encodeURIComponent(id)}/ack`, {
      token: city.token.officer,
      body: {},
    });
    expect(ack.status, ack.text).toBe(200);
    const ackedAt = Date.now();
    await sleep(7_000); // past the next re-notification and escalation
    for (const h of hooks(id)) expect(h.json.decided_seq).toBeLessThan(ack.json.seq);
    expect(hooks(id).filter((h) => h.at > ackedAt + 1_000)).toEqual([]);
    const attempts = await listed();
    expect(attempts.every((a) => a.alert_id === id)).toBe(true);
    expect(
      attempts.some((a) => a.outcome === 'delivered' && a.channel === 'ops' && a.response_code === 200),
    ).toBe(true);
  });

  it("lists attempts only within the reader's scope, not for viewers, and records them in ClickHouse", async () => {
    const id = 'R-INC-01:incident_id:N-1';
    const outside = await call<{ notifications: NotifyAttempt[] }>(
      sys.url,
      'GET',
      `/api/notifications?alert_id=${encodeURIComponent(id)}`,
      { token: other.token.manager },
    );
    expect(outside.status).toBe(200);
    expect(outside.json.notifications).toEqual([]);
    const viewer = await call(sys.url, 'GET', `/api/notifications?alert_id=${encodeURIComponent(id)}`, {
      token: city.token.viewer,
    });
    expect(viewer.status).toBe(403);
    const rows = await until(
      async () => {
        const r = await queryRows<{ channel: string; outcome: string; latency_ms: string }>(
          sys.clickhouse.client,
          `SELECT channel, outcome, latency_ms FROM notify_attempts FINAL WHERE alert_id = {id:String}`,
          { id },
        );
        return r.length >= 4 ? r : null;
      },
      10_000,
      'attempts in ClickHouse',
    );
    expect(new Set(rows.map((r) => r.channel))).toEqual(new Set(['ops', 'robot', 'sms', 'mail']));
  });

  it('an order issued to a unit is told by its route', async () => {
    const [alert] = await raiseAlerts(sys, [{ incident: 'N-3', unit: '450103520000' }]);
    const res = await call<{ supervision_id: string }>(sys.url, 'POST', '/api/supervisions', {
      token: city.token.manager,
      body: {
        alert_ids: [alert!.alert_id],
        unit_code: '450103520000',
        level: 'order',
        instructions: '请立即整改',
      },
    });
    expect(res.status, res.text).toBe(201);
    const hook = await until(
      async () =>
        http.requests.find(
          (r) => r.path === '/hook' && (r.json as { kind?: string }).kind === 'supervision.issued',
        ),
      20_000,
      'the order notification',
    );
    const body = hook.json as {
      supervision: { supervision_id: string; instructions: string };
      url: string;
      text: string;
    };
    expect(body.supervision.supervision_id).toBe(res.json.supervision_id);
    expect(body.supervision.instructions).toBe(''); // free text can name people: masked as for viewers
    expect(body.url).toContain(encodeURIComponent(res.json.supervision_id));
    expect(body.text).toMatch(/督办/);
  });
});
