/**
 * A start that fails part-way (here: the HTTP port is taken) closes what it had started — the
 * redis-server it owns above all — so the next start on the same DATA_DIR is not left with an orphan.
 * Found by hand: a second `npm start` on a busy port left its redis-server running.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { loadConfig } from '../../common/node/config.js';
import { silentLogger } from '../../common/node/logger.js';
import { startSystem } from '../../server/system.js';
import { tempDir } from '../helpers/system.js';

const dir = tempDir('start-fail');
const blocker = net.createServer();
afterAll(async () => {
  await new Promise<void>((resolve) => blocker.close(() => resolve()));
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Whether something answers on the unix socket. */
function answers(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const c = net.connect(socket);
    c.once('connect', () => {
      c.destroy();
      resolve(true);
    });
    c.once('error', () => resolve(false));
  });
}

it('a port in use: the start fails with EADDRINUSE and stops the redis-server it started', async () => {
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
  const port = (blocker.address() as net.AddressInfo).port;
  const config = loadConfig({
    DATA_DIR: dir,
    PORT: String(port),
    HOST: '127.0.0.1',
    SIMULATE: '0',
    INGEST_TOKEN: 'test-ingest-token-0123456789',
    ADMIN_PASSWORD: 'test-admin-password',
  });
  await expect(startSystem({ config, logger: silentLogger })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  const socket = path.join(dir, 'redis', 'redis.sock');
  // redis-server removes its socket when it stops
  expect(fs.existsSync(socket) && (await answers(socket))).toBe(false);

  // and the data directory opens again at once (ClickHouse was closed too)
  await new Promise<void>((resolve) => blocker.close(() => resolve()));
  const again = await startSystem({ config: { ...config, PORT: 0 }, logger: silentLogger });
  try {
    expect(again.redis.owned).toBe(true);
  } finally {
    await again.close();
  }
  blocker.listen(0); // for afterAll's close
});
