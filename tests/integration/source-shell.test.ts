/**
 * Source health in the Redis shell with an injected clock (real redis-server): the 6-hour case-system outage of
 * tests/unit/sources-holding.test.ts driven through the orchestrator over the Redis state gives the same alerts as
 * over a memory state, and a
 * configuration that drops the expectation releases what was held.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Alert } from '../../common/alerts.js';
import type { StoredEvent } from '../../common/events.js';
import { silentLogger } from '../../common/node/logger.js';
import { SOURCE_OUTAGE_RULE_ID, sourcesFileSchema } from '../../common/sources.js';
import { AlertOrchestrator } from '../../alerts/orchestrator/index.js';
import { RedisEngineState } from '../../alerts/redis/redis-state.js';
import { buildCatalog } from '../../alerts/sources/index.js';
import type { SourceCatalog } from '../../alerts/sources/index.js';
import { GRACE, H, MIN, RULES, T0, ev } from '../unit/engine-helpers.js';
import { SOURCES, catalog, engineWithSources } from '../unit/sources-helpers.js';
import { startTestRedis } from '../helpers/test-redis.js';
import type { TestRedis } from '../helpers/test-redis.js';

let server: TestRedis;
let redis: Redis;
beforeAll(async () => {
  server = await startTestRedis('source-shell');
  redis = server.redis;
});
afterAll(async () => {
  await server?.stop();
});

const OUT_FROM = T0 + 24 * H;
const OUT_TO = OUT_FROM + 6 * H;
const iso = (ms: number) => new Date(ms).toISOString();

/** Incidents closed every 30 min; registrations on time / late / never; case events of the outage at OUT_TO. */
function history(): { at: number; event: StoredEvent }[] {
  const out: { at: number; event: StoredEvent }[] = [];
  for (let k = 0; k < 12; k++) {
    const closedAt = T0 + k * 30 * MIN;
    const closed = ev('incident.closed', closedAt, { incident_id: `SS${k}`, attrs: { nature: 'criminal' } });
    out.push({ at: closedAt, event: { ...closed, ingested_at: iso(closedAt) } });
    if (k % 3 === 2) continue;
    const at = closedAt + 24 * H + (k % 3 === 0 ? -H : H);
    const arrives = at >= OUT_FROM && at < OUT_TO ? OUT_TO : at;
    const reg = ev('case.registered', at, {
      case_id: `SC${k}`,
      incident_id: `SS${k}`,
      attrs: { case_kind: 'criminal' },
    });
    out.push({ at: arrives, event: { ...reg, ingested_at: iso(arrives) } });
  }
  return out.sort((a, b) => a.at - b.at);
}

/** The Redis engine on the shared connection, with an injected clock and a sources catalogue. */
const shellEngine = (now: () => number, sources: SourceCatalog = catalog()) =>
  new AlertOrchestrator({
    state: new RedisEngineState(redis),
    rules: RULES,
    graceMs: GRACE,
    log: silentLogger,
    now,
    sources,
  });

const view = (a: Alert) => `${a.alert_id}|${a.stage}|${a.state}|${a.resolution ?? '-'}`;

it('the Redis engine holds and judges exactly as the pure engine does', async () => {
  await redis.flushall();
  let now = T0 - H;
  const shell = shellEngine(() => now);
  const pure = engineWithSources();
  const events = history();
  let i = 0;
  const openedDuring: string[] = [];
  for (; now <= OUT_TO + 2 * H; now += MIN) {
    const inOutage = now >= OUT_FROM && now < OUT_TO;
    if (now % (5 * MIN) === 0) {
      const beats = new Map([['110:45', { heartbeatAt: now }]]);
      if (!inOutage) beats.set('case:45', { heartbeatAt: now });
      await shell.state.sources.observe(beats);
      await pure.heartbeat('110', '45', now);
      if (!inOutage) await pure.heartbeat('case', '45', now);
    }
    const batch: StoredEvent[] = [];
    while (i < events.length && events[i]!.at <= now) batch.push(events[i++]!.event);
    const changes = [
      ...(batch.length > 0 ? (await shell.ingest(batch)).changes : []),
      ...(await shell.judgeSources()).changes,
      ...(await shell.wake()).changes,
    ];
    await pure.ingest(batch, now);
    await pure.tick(now);
    for (const c of changes)
      if (
        c.alert.rule_id === 'R-INC-01' &&
        c.alert.state === 'open' &&
        c.alert.stage === 'overdue' &&
        inOutage
      )
        openedDuring.push(c.alert_id);
  }
  expect(openedDuring).toEqual([]);
  const pureAlerts = await pure.alerts();
  const ids = pureAlerts.map((a) => a.alert_id);
  const stored = await shell.state.alerts.getMany(ids);
  const fromShell = ids.map((id) => stored.get(id)).filter((a): a is Alert => a !== undefined);
  expect(fromShell.map(view)).toEqual(pureAlerts.map(view));
  expect(pureAlerts.filter((a) => a.rule_id === SOURCE_OUTAGE_RULE_ID)).toHaveLength(1);
  expect(pureAlerts.filter((a) => a.state === 'held')).toEqual([]);
  expect(pureAlerts.filter((a) => a.rule_id === 'R-INC-01' && a.state === 'open')).toHaveLength(4);
});

it('releases held alerts when the configuration no longer expects anything of their source', async () => {
  await redis.flushall();
  let now = T0 - H;
  const monitored = shellEngine(() => now);
  await monitored.state.sources.observe(new Map([['case:45', { heartbeatAt: now }]]));
  now = T0 + 26 * H; // the case system silent for a day; an incident closed 25 h ago is overdue
  await monitored.judgeSources();
  const closed = ev('incident.closed', T0, { incident_id: 'ORPHAN', attrs: { nature: 'criminal' } });
  await monitored.ingest([{ ...closed, ingested_at: iso(now) }]);
  now += 2 * MIN;
  await monitored.wake();
  expect(await monitored.state.alerts.get('R-INC-01:incident_id:ORPHAN')).toMatchObject({
    state: 'held',
    held_by: 'case:45',
  });

  const plain = sourcesFileSchema.parse({ sources: SOURCES.sources.map(({ expect: _e, ...s }) => s) });
  const unmonitored = shellEngine(() => now, buildCatalog(plain, RULES, 'Asia/Shanghai'));
  now += MIN;
  const m = await unmonitored.judgeSources();
  expect(m.changes.map((c) => [c.alert.rule_id, c.kind])).toEqual([[SOURCE_OUTAGE_RULE_ID, 'resolved']]);
  await unmonitored.wake();
  expect(await unmonitored.state.alerts.get('R-INC-01:incident_id:ORPHAN')).toMatchObject({
    state: 'open',
    stage: 'overdue',
  });
  expect(await unmonitored.state.sources.heldCounts(['case:45'])).toEqual(new Map([['case:45', 0]]));
});
