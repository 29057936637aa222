/**
 * The notify lanes run in a worker thread (notify/notifier.ts). One that dies is started again with what it
 * needs from the main thread — the setup, the unit names, the server's address for links — and deliveries go
 * on: alerts raised after the death are each delivered once, with links to this server; what it had sent
 * before is not sent again. Attempts made in the thread reach ClickHouse through the main thread's recorder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../common/node/clickhouse.js';
import { raiseAlerts, sleep, until } from '../helpers/live-system.js';
import { startHttpReceiver } from '../helpers/notify-receivers.js';
import type { HttpReceiver } from '../helpers/notify-receivers.js';
import { startTestSystem, tempDir } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';

let sys: TestSystem;
let rx: HttpReceiver;

beforeAll(async () => {
  rx = await startHttpReceiver();
  const file = path.join(tempDir('notify-thread'), 'notify.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      channels: [{ id: 'hook', type: 'webhook', url: `${rx.url}/hook` }],
      routes: [{ match: { kinds: ['alert.raised'] }, to: ['channel:hook'] }],
    }),
  );
  sys = await startTestSystem({ ALERT_GRACE_SECONDS: '1', NOTIFY_FILE: file });
}, 120_000);

afterAll(async () => {
  await sys?.cleanup();
  await rx?.close();
});

/** Delivered attempts recorded in ClickHouse (moved there from Redis by the main thread's recorder). */
async function deliveredAttempts(): Promise<number> {
  const [r] = await queryRows<{ n: string }>(
    sys.clickhouse.client,
    "SELECT count() AS n FROM notify_attempts WHERE outcome = 'delivered' AND startsWith(alert_id, 'R-INC')",
  );
  return Number(r?.n ?? 0);
}

/** Bodies the receiver got per alert id. */
function arrivals(): Map<string, { url: string }[]> {
  const out = new Map<string, { url: string }[]>();
  for (const r of rx.requests) {
    const body = r.json as { alert?: { alert_id: string }; url: string } | undefined;
    if (!body?.alert) continue;
    out.set(body.alert.alert_id, [...(out.get(body.alert.alert_id) ?? []), { url: body.url }]);
  }
  return out;
}

it('a notify thread that dies is started again; deliveries go on, each once, linking to this server’s port', async () => {
  const before = await raiseAlerts(
    sys,
    Array.from({ length: 20 }, (_, i) => ({ incident: `NT-A-${i}`, unit: '450103520000' })),
  );
  await until(async () => before.every((a) => arrivals().has(a.alert_id)), 30_000, 'the first 20 delivered');
  // Killed only once the 20 are settled (marked delivered, their attempts recorded): one received but not yet
  // settled when the thread dies is the at-least-once window — sent again (same idempotency key) once its
  // job's lock runs out, which is not what this test is about. (The CI failure: 39 of 40 recorded.)
  await until(async () => ((await deliveredAttempts()) >= 20 ? true : null), 30_000, 'the first 20 settled');
  const first = sys.notifier!.thread();
  expect(first).not.toBeNull();
  await first!.terminate();
  await until(
    async () => (sys.notifier!.thread() && sys.notifier!.thread() !== first ? true : null),
    30_000,
    'a new notify thread',
  );
  const after = await raiseAlerts(
    sys,
    Array.from({ length: 20 }, (_, i) => ({ incident: `NT-B-${i}`, unit: '450103520000' })),
  );
  await until(async () => after.every((a) => arrivals().has(a.alert_id)), 30_000, 'the next 20 delivered');
  await sleep(2_000); // a repeat would come now
  const got = arrivals();
  for (const a of [...before, ...after]) {
    expect(got.get(a.alert_id), a.alert_id).toHaveLength(1);
    expect(got.get(a.alert_id)![0]!.url).toMatch(new RegExp(`^http://localhost:${sys.port}/alerts/`));
  }
  const recorded = await until(
    async () => {
      const n = await deliveredAttempts();
      return n >= 40 ? n : null;
    },
    30_000,
    '40 attempts recorded',
  );
  expect(recorded).toBe(40);
}, 180_000);
