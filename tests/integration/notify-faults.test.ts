/**
 * Notification faults on the real system against real receivers: a receiver that fails (HTTP 500), one that
 * times out, one that is down — each delivered once it answers again, exactly once (one successful request per
 * delivery; a timed-out request may have arrived: it carries the same X-Vigil-Delivery key); a channel failing
 * five times in a row raises NOTIFY-FAIL, which resolves when the channel delivers again; and Vigil restarted
 * while a delivery is being retried still delivers it once. Retry back-off is shortened by the file's `retry`
 * block (1 s, then 2 s) so that minutes of outage take seconds.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../common/alerts.js';
import { NOTIFY_FAIL } from '../../common/notify.js';
import { raiseAlerts, sleep, until } from '../helpers/live-system.js';
import { startHttpReceiver } from '../helpers/notify-receivers.js';
import type { HttpReceiver, ReceivedRequest } from '../helpers/notify-receivers.js';
import { startTestSystem, tempDir } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';

let sys: TestSystem;
let flaky: HttpReceiver;
let gone: HttpReceiver;
let file: string;

const ENV = (): Record<string, string> => ({ ALERT_GRACE_SECONDS: '1', NOTIFY_FILE: file });
const about = (r: HttpReceiver, id: string, p: string): ReceivedRequest[] =>
  r.requests.filter(
    (q) => q.path === p && (q.json as { alert?: { alert_id: string } })?.alert?.alert_id === id,
  );
const failAlerts = async (): Promise<Alert[]> =>
  [...(await sys.live.alerts.getMany(await sys.live.alerts.unresolvedIds())).values()].filter(
    (a) => a.rule_id === NOTIFY_FAIL,
  );

beforeAll(async () => {
  flaky = await startHttpReceiver();
  gone = await startHttpReceiver();
  file = path.join(tempDir('notify-faults'), 'notify.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      channels: [
        { id: 'fail', type: 'webhook', url: `${flaky.url}/fail` },
        { id: 'slow', type: 'webhook', url: `${flaky.url}/slow`, timeout: '1s' },
        { id: 'down', name: '省厅运维', type: 'webhook', url: `${gone.url}/down` },
      ],
      routes: [
        { match: { kinds: ['alert.raised'], unit: '450103' }, to: ['channel:fail'] },
        { match: { kinds: ['alert.raised'], unit: '450105' }, to: ['channel:slow'] },
        { match: { kinds: ['alert.raised'], unit: '450107' }, to: ['channel:down'] },
      ],
      retry: { first: '1s', max_interval: '2s', give_up_after: '1h' },
    }),
  );
  sys = await startTestSystem(ENV());
}, 120_000);

afterAll(async () => {
  await sys?.cleanup();
  await flaky?.close();
  await gone?.close();
});

describe('a receiver that fails or times out', () => {
  it('HTTP 500 three times, then delivered once', async () => {
    flaky.failNext('/fail', 3);
    const [a] = await raiseAlerts(sys, [{ incident: 'F-500', unit: '450103520000' }]);
    await until(async () => about(flaky, a!.alert_id, '/fail').length >= 4, 30_000, 'the fourth try');
    await sleep(3_000);
    const tries = about(flaky, a!.alert_id, '/fail');
    expect(tries).toHaveLength(4);
    expect(new Set(tries.map((t) => t.headers['x-vigil-delivery'])).size).toBe(1);
  });

  it('a burst sent in bulk: the ones refused are retried on their own, each delivered once', async () => {
    flaky.failNext('/fail', 4);
    const alerts = await raiseAlerts(
      sys,
      Array.from({ length: 12 }, (_, i) => ({ incident: `F-BULK-${i}`, unit: '450103520000' })),
    );
    const delivered = (id: string) => about(flaky, id, '/fail').filter((r) => r.status === 200);
    await until(async () => alerts.every((a) => delivered(a.alert_id).length >= 1), 30_000, 'all delivered');
    await sleep(3_000);
    for (const a of alerts) expect(delivered(a.alert_id)).toHaveLength(1);
    const refused = alerts.filter((a) => about(flaky, a.alert_id, '/fail').length > 1);
    expect(refused.length).toBeGreaterThan(0);
  });

  it('a timeout, then delivered once (the timed-out request carried the same delivery key)', async () => {
    flaky.failNext('/slow', 1, { status: 200, delayMs: 2_500 });
    const [a] = await raiseAlerts(sys, [{ incident: 'F-SLOW', unit: '450105520000' }]);
    await until(async () => about(flaky, a!.alert_id, '/slow').length >= 2, 30_000, 'the retry');
    await sleep(4_000);
    const tries = about(flaky, a!.alert_id, '/slow');
    expect(tries).toHaveLength(2);
    expect(tries[0]!.headers['x-vigil-delivery']).toBe(tries[1]!.headers['x-vigil-delivery']);
  });
});

describe('a receiver that is down', () => {
  it('NOTIFY-FAIL after five failures in a row; delivered once when back, across a restart; resolved', async () => {
    await gone.down();
    const [a] = await raiseAlerts(sys, [{ incident: 'F-DOWN', unit: '450107520000' }]);
    const fail = await until(async () => (await failAlerts())[0], 30_000, 'NOTIFY-FAIL');
    expect(fail).toMatchObject({ severity: 'P3', state: 'open', unit_code: '450107000000' });
    expect(fail.title).toContain('省厅运维');
    // Vigil restarts while the delivery is being retried: the queued retry survives in Redis.
    await sys.close();
    sys = { ...(await startTestSystem({ ...ENV(), DATA_DIR: sys.dataDir })) };
    await gone.up();
    await until(
      async () => about(gone, a!.alert_id, '/down').length >= 1,
      30_000,
      'the delivery after the outage',
    );
    await until(async () => (await failAlerts()).length === 0, 20_000, 'NOTIFY-FAIL resolved');
    const resolved = (await sys.live.alerts.get(fail.alert_id))!;
    expect([resolved.state, resolved.resolution]).toEqual(['resolved', 'late']);
    await sleep(4_000);
    expect(about(gone, a!.alert_id, '/down')).toHaveLength(1);
  }, 120_000);
});
