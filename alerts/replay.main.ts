/**
 * CLI: npm run replay -- --rules <file> --from <date> --to <date> [--grace S] [--json out.json] [--baseline]
 *
 * Back-tests a rules file on the stored events: reads `events` from ClickHouse (CLICKHOUSE_URL, else the
 * embedded engine in DATA_DIR — which only one process can open, so stop a running Vigil that uses it or point
 * CLICKHOUSE_URL at a server), evaluates the rules with the in-memory engine and prints what they would have
 * raised. Read-only: no Redis, no live alerts, nothing written to ClickHouse. See alerts/replay/cli.ts.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openConfiguredClickHouse } from '../common/node/clickhouse.js';
import { loadConfig } from '../common/node/config.js';
import { loadRulesOrThrow } from './engine/index.js';
import { cityNames, replayStored } from './replay/clickhouse-source.js';
import { USAGE, parseReplayCli } from './replay/cli.js';
import { formatReplay, replayJson } from './replay/report.js';
import type { RuleSet } from './replay/replay.js';

const DEFAULT_RULES = fileURLToPath(new URL('./rules/default-rules.json', import.meta.url));

async function ruleSet(name: string, file: string): Promise<RuleSet> {
  return { name, rules: loadRulesOrThrow(await readFile(file, 'utf8'), file) };
}

async function main(): Promise<void> {
  let cli;
  try {
    cli = parseReplayCli(process.argv.slice(2), DEFAULT_RULES);
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const config = loadConfig();
  const sets = [await ruleSet('candidate', cli.rules)];
  if (cli.baseline) sets.push(await ruleSet('baseline', cli.baseline));
  const graceMs = (cli.graceSeconds ?? config.ALERT_GRACE_SECONDS) * 1000;
  if (!config.CLICKHOUSE_URL && !existsSync(path.join(config.dataDir, 'clickhouse')))
    throw new Error(`no embedded ClickHouse in ${config.dataDir} (set DATA_DIR or CLICKHOUSE_URL)`);
  const ch = await openConfiguredClickHouse(config);
  try {
    const summary = await replayStored(ch.client, sets, {
      from: cli.from,
      to: cli.to,
      graceMs,
      ...(cli.lookbackMs !== undefined ? { lookbackMs: cli.lookbackMs } : {}),
    });
    const ctx = {
      sources: Object.fromEntries(sets.map((s, i) => [s.name, i === 0 ? cli.rules : (cli.baseline ?? '')])),
      lookbackMs: summary.lookbackMs,
      unitNames: await cityNames(ch.client),
    };
    console.log(formatReplay(summary, ctx));
    if (cli.json) {
      await writeFile(cli.json, JSON.stringify(replayJson(summary, ctx), null, 2) + '\n', 'utf8');
      console.log(`\nJSON written to ${cli.json}`);
    }
  } finally {
    await ch.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
