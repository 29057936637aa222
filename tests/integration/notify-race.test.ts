/**
 * The acknowledgement race (issue #15): fifty P1 alerts re-notified every second to a real webhook, each
 * acknowledged at a random moment around a re-notification's due time. No message may be decided after the
 * acknowledgement's commit: every message carries the server-wide seq of its decision, which must be below
 * the acknowledgement's seq; nothing is sent for an alert after its acknowledgement was answered (but what was
 * already on the wire), and no timer of an acknowledged alert is left pending.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../common/alerts.js';
import { NOTIFY_KEYS } from '../../notify/queue/keys.js';
import { call, makePersonas, raiseAlerts, sleep } from '../helpers/live-system.js';
import type { Personas } from '../helpers/live-system.js';
import { startHttpReceiver } from '../helpers/notify-receivers.js';
import type { HttpReceiver } from '../helpers/notify-receivers.js';
import { startTestSystem, tempDir } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';

const N = 50;
let sys: TestSystem;
let http: HttpReceiver;
let who: Personas;
let alerts: Alert[] = [];

type Body = { alert: { alert_id: string }; renotify?: number; decided_seq: number };

beforeAll(async () => {
  http = await startHttpReceiver();
  const file = path.join(tempDir('notify-race'), 'notify.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      channels: [{ id: 'hook', type: 'webhook', url: `${http.url}/hook` }],
      routes: [
        { match: { kinds: ['alert.raised'] }, to: ['channel:hook'], renotify_every: '1s', renotify_max: 100 },
      ],
    }),
  );
  sys = await startTestSystem({ ALERT_GRACE_SECONDS: '1', NOTIFY_FILE: file });
  who = await makePersonas(sys, '45', 'race');
  alerts = await raiseAlerts(
    sys,
    Array.from({ length: N }, (_, i) => ({ incident: `RACE-${i}`, unit: '450103520000' })),
  );
}, 120_000);

afterAll(async () => {
  await sys?.cleanup();
  await http?.close();
});

describe('acknowledgement racing re-notification', () => {
  it(`×${N}: no message decided after the acknowledgement's commit`, async () => {
    const acks = await Promise.all(
      alerts.map(async (a, i) => {
        await sleep(1_500 + ((i * 37) % 100) * 20); // 1.5 … 3.5 s: across several due re-notifications
        const res = await call<Alert>(sys.url, 'POST', `/api/alerts/${encodeURIComponent(a.alert_id)}/ack`, {
          token: who.token.officer,
          body: {},
        });
        expect(res.status, res.text).toBe(200);
        return { id: a.alert_id, seq: res.json.seq, answeredAt: Date.now() };
      }),
    );
    await sleep(3_000); // every re-notification that was due has been decided
    const byAlert = new Map(acks.map((a) => [a.id, a]));
    const hooks = http.requests
      .filter((r) => r.path === '/hook')
      .map((r) => ({ at: r.at, body: r.json as Body }));
    let inFlight = 0;
    for (const h of hooks) {
      const ack = byAlert.get(h.body.alert.alert_id)!;
      expect(h.body.decided_seq).toBeLessThan(ack.seq);
      if (h.at > ack.answeredAt) inFlight++;
    }
    const renotified = hooks.filter((h) => (h.body.renotify ?? 0) > 0).length;
    // The race was run: re-notifications were due around the acks (on a loaded machine fewer fall due in time,
    // so half of one per alert is the bar; CI once saw exactly N under load).
    expect(renotified).toBeGreaterThan(N / 2);
    const redis = new Redis(sys.redis.options);
    for (const a of acks) expect(await redis.hget(NOTIFY_KEYS.timers, `a|${a.id}`)).toBeNull();
    redis.disconnect();
    console.log(
      `ack vs re-notify ×${N}: ${hooks.length} messages (${renotified} re-notifications), all decided before ` +
        `their acknowledgement; ${inFlight} on the wire when the acknowledgement was answered`,
    );
  }, 60_000);
});
