/**
 * The scaffold of the benchmarks that make millions of events inside ClickHouse (dossier, assessment, report):
 * the real system in one process with the engine off, on a temp data dir; the events made by dossier-data.ts
 * with progress; peak RSS sampled throughout and printed at the end with the load average; everything removed
 * after, whatever happens.
 */
import fs from 'node:fs';
import { silentLogger } from '../common/node/logger.js';
import type { ClickHouseClient } from '../common/node/clickhouse.js';
import { startSystem } from '../server/system.js';
import type { RunningSystem, SystemOptions } from '../server/system.js';
import { tempDir } from '../tests/helpers/system.js';
import { benchConfig } from './bench-config.js';
import { loadAverage } from './cpu.js';
import { makeEvents } from './dossier-data.js';
import { fmt, rssSampler } from './stats.js';

export interface ScaleRun {
  sys: RunningSystem;
  ch: ClickHouseClient;
  /** Typical cases made (dossier-data.ts). */
  cases: number;
}

export async function withScaleSystem(
  name: string,
  total: number,
  opts: { env?: Record<string, string> } & Pick<SystemOptions, 'extraUnits' | 'renderReport'>,
  run: (r: ScaleRun) => Promise<void>,
): Promise<void> {
  const loadBefore = loadAverage();
  const dataDir = tempDir(`bench-${name}`);
  const { env, ...rest } = opts;
  const sys = await startSystem({
    config: benchConfig(dataDir, { RECONCILE_INTERVAL_SECONDS: '0', ...env }),
    logger: silentLogger,
    runEngine: false,
    ...rest,
  });
  const rss = rssSampler();
  try {
    const ch = sys.clickhouse.client;
    console.log(`\n${name} benchmark — ${fmt(total)} events made in ClickHouse (load average ${loadBefore})`);
    const t0 = performance.now();
    let last = 0;
    const cases = await makeEvents(ch, total, (done) => {
      if (done - last >= 2_000_000 || done === total) console.log(`  … ${fmt(done)} events`);
      last = done;
    });
    console.log(
      `  made ${fmt(total)} events (${fmt(cases)} cases), their link index and obligations in ` +
        `${fmt((performance.now() - t0) / 1000, 1)} s`,
    );
    await run({ sys, ch, cases });
    console.log(
      `  peak RSS ${fmt(rss.peakMb())} MiB (embedded ClickHouse included); load average after ${loadAverage()}`,
    );
  } finally {
    rss.stop();
    await sys.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
