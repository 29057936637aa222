/**
 * SIGKILL mid-ingest: the process dies while batches are queued and in flight; after a restart on the
 * same DATA_DIR every accepted event is stored exactly once.
 */
import { afterAll, expect, it } from 'vitest';
import { cleanupDataDir, startChildVigil, storedAfterRestart } from '../helpers/child-vigil.js';
import type { ChildVigil } from '../helpers/child-vigil.js';
import { batch } from '../helpers/events.js';
import { tempDir } from '../helpers/system.js';

const TOKEN = 'crash-test-token-0123456789';
const dataDir = tempDir('crash');
let child: ChildVigil | null = null;

afterAll(async () => {
  child?.proc.kill('SIGKILL');
  await cleanupDataDir(dataDir);
});

it('after SIGKILL mid-ingest and a restart, every accepted event is stored exactly once', async () => {
  const first = await startChildVigil(dataDir, TOKEN);
  child = first;
  let accepted = 0;
  const posts: Promise<void>[] = [];
  for (let i = 0; i < 40; i++) {
    const events = batch(1_000, `crash-${i}`);
    posts.push(first.post(events).then((r) => void (accepted += r.accepted)));
    // Some batches sent twice: duplicates must not be double-stored across the crash either.
    if (i % 10 === 0) posts.push(first.post(events).then((r) => void (accepted += r.accepted)));
  }
  await Promise.all(posts);
  const before = await first.health();
  await first.kill('SIGKILL');
  expect(accepted).toBeGreaterThanOrEqual(40_000);

  child = null;
  const row = await storedAfterRestart(dataDir, TOKEN, 'crash-');
  console.log(
    `queue at kill: ${JSON.stringify(before.queue)}; stored rows ${row.rows}, distinct ${row.distinct}`,
  );
  expect(row).toEqual({ rows: 40_000, distinct: 40_000 });
}, 240_000);
