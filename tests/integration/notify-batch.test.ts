/**
 * A group robot's rate limit (WeCom takes ~20 messages a minute; here 3): a burst of eight P1 alerts sends
 * three messages at once and batches the other five into one message when the next minute opens — no alert
 * dropped, none told twice, each attempt recorded with how many others shared its message.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotifyAttempt } from '../../common/notify.js';
import { call, makePersonas, raiseAlerts, until } from '../helpers/live-system.js';
import { startHttpReceiver, wecomMarkdownProblems } from '../helpers/notify-receivers.js';
import type { HttpReceiver } from '../helpers/notify-receivers.js';
import { startTestSystem, tempDir } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';

let sys: TestSystem;
let http: HttpReceiver;

beforeAll(async () => {
  http = await startHttpReceiver();
  const file = path.join(tempDir('notify-batch'), 'notify.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      channels: [
        { id: 'robot', type: 'wecom', url: `${http.url}/cgi-bin/webhook/send?key=k`, rate_per_minute: 3 },
      ],
      routes: [{ match: { kinds: ['alert.raised'] }, to: ['channel:robot'] }],
    }),
  );
  sys = await startTestSystem({ ALERT_GRACE_SECONDS: '1', NOTIFY_FILE: file });
}, 120_000);

afterAll(async () => {
  await sys?.cleanup();
  await http?.close();
});

describe('a rate-limited robot', () => {
  it('sends three at once and the other five together in the next minute', async () => {
    const alerts = await raiseAlerts(
      sys,
      Array.from({ length: 8 }, (_, i) => ({ incident: `B-${i}`, unit: '450103520000' })),
    );
    const messages = await until(
      async () => (http.requests.length >= 4 ? http.requests : null),
      75_000,
      'four messages',
    );
    for (const m of messages) expect(wecomMarkdownProblems(m.json)).toEqual([]);
    const contents = messages.map((m) => (m.json as { markdown: { content: string } }).markdown.content);
    const mentions = (id: string) => contents.filter((c) => c.includes(encodeURIComponent(id))).length;
    for (const a of alerts) expect(mentions(a.alert_id)).toBe(1);
    expect(messages).toHaveLength(4);
    const admin = await makePersonas(sys, '', 'bt');
    const attempts = (
      await call<{ notifications: NotifyAttempt[] }>(sys.url, 'GET', '/api/notifications?channel=robot', {
        token: admin.token.admin,
      })
    ).json.notifications;
    expect(attempts.filter((a) => a.outcome === 'delivered')).toHaveLength(8);
    expect(attempts.filter((a) => a.batched === 4)).toHaveLength(5);
  }, 100_000);
});
