/**
 * Ctrl-C in the terminal running `npm start`: SIGINT reaches the whole process group at once. Vigil must
 * still shut down gracefully — its own redis-server must not stop under it while in-flight batches are
 * stored (found by hand: the shutdown then hung on a vanished Redis until the 30 s limit and exited 1) —
 * and after a restart every accepted event is stored exactly once.
 */
import { afterAll, expect, it } from 'vitest';
import { cleanupDataDir, startChildVigil, storedAfterRestart } from '../helpers/child-vigil.js';
import type { ChildVigil } from '../helpers/child-vigil.js';
import { batch } from '../helpers/events.js';
import { tempDir } from '../helpers/system.js';

const TOKEN = 'ctrl-c-test-token-0123456789';
const dataDir = tempDir('ctrl-c');
let child: ChildVigil | null = null;

afterAll(async () => {
  child?.proc.kill('SIGKILL');
  await cleanupDataDir(dataDir);
});

it('SIGINT to the process group: a clean exit (code 0), and nothing accepted is lost', async () => {
  const first = await startChildVigil(dataDir, TOKEN, { SIMULATE: '0' }, { group: true });
  child = first;
  let accepted = 0;
  await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      first.post(batch(1_000, `ctrlc-${i}`)).then((r) => void (accepted += r.accepted)),
    ),
  );
  expect(accepted).toBe(20_000);
  const code = await first.killGroup('SIGINT'); // with batches still queued and in flight
  child = null;
  expect(first.output()).not.toMatch(/longer than 30 s|ECONNREFUSED|ENOENT/);
  expect(code).toBe(0);

  expect(await storedAfterRestart(dataDir, TOKEN, 'ctrlc-', { SIMULATE: '0' })).toEqual({
    rows: 20_000,
    distinct: 20_000,
  });
}, 240_000);
