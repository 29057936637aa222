/**
 * CLI: npm run simulate -- [--days N] [--live] [--rate R] [--seed S] [--truth FILE] [--violations RULE=RATE,...]
 *
 *   --days N        backfill the last N days (default 1, or 0 with --live)
 *   --live          then keep producing events in real time until interrupted
 *   --rate R        volume multiplier of the default 30 chains per hour (incidents, walk-in cases, 盘问)
 *   --seed S        seed (number or text); default: the current time, printed so the run can be repeated
 *   --truth FILE    write the backfill's ground truth (FILE.ndjson: one entry per line; otherwise JSON)
 *   --violations    per-rule violation rates, e.g. R-PER-16=0.2,R-PRO-01=0 or all=0.1 (default 0.05 each)
 */
import { openSink } from '../pipeline-client.js';
import { parseCli } from './cli.js';
import { DEFAULT_RATE_PER_HOUR } from './scenario.js';
import { LiveSimulator, runBackfill, writeTruthFile } from './simulate.js';

async function main(): Promise<void> {
  const cli = parseCli(process.argv.slice(2), Date.now());
  const ratePerHour = DEFAULT_RATE_PER_HOUR * cli.rate;
  console.log(
    `simulator: seed ${cli.seed}, ${ratePerHour} chains/h, ${cli.days} day(s) backfill${cli.live ? ', then live' : ''}`,
  );
  const { sink, close } = await openSink('simulator');
  const common = { seed: cli.seed, ratePerHour, violationRates: cli.violations };
  try {
    let pending: Awaited<ReturnType<typeof runBackfill>>['pending'] = [];
    let startAt: number | undefined;
    if (cli.days > 0) {
      const t0 = Date.now();
      const result = await runBackfill({
        ...common,
        sink,
        now: Date.now(),
        days: cli.days,
        onBatch: ({ sent, total }) => {
          if (sent % 50_000 < 1000 || sent === total) console.log(`  backfill: ${sent}/${total} sent`);
        },
      });
      pending = result.pending;
      startAt = result.end;
      console.log(
        `backfill done in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${result.accepted} accepted, ` +
          `${result.duplicates} duplicates, ${result.rejected} rejected; ${result.truth.length} ground-truth entries`,
      );
      for (const r of result.rejections.slice(0, 5))
        console.log(`  rejected ${r.event_id}: ${r.errors.join('; ')}`);
      if (cli.truth) {
        await writeTruthFile(cli.truth, result.truth, {
          seed: cli.seed,
          start: result.start,
          end: result.end,
          ratePerHour,
        });
        console.log(`ground truth written to ${cli.truth}`);
      }
    }
    if (cli.live) {
      const sim = new LiveSimulator({
        ...common,
        sink,
        pending,
        ...(startAt !== undefined ? { startAt } : {}),
        onError: (err) => console.error('simulator:', err),
      });
      sim.start();
      console.log('live: producing events in real time; Ctrl-C to stop');
      await new Promise<void>((resolve) => {
        const finish = (): void => void sim.stop().then(resolve);
        process.once('SIGINT', finish);
        process.once('SIGTERM', finish);
      });
      console.log(`live stopped: ${sim.totals.accepted} accepted, ${sim.totals.rejected} rejected`);
    }
  } finally {
    await close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
