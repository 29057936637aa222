// `npm test`: install what is missing (node modules, redis-server, Chromium for browser tests), then Vitest.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, ensureChromium, ensureFileReaders, ensureNodeModules, ensureRedis } from './ensure.mjs';
import { buildIfStale } from './build-if-stale.mjs';

ensureNodeModules();
ensureRedis();
ensureFileReaders();
if (fs.existsSync(path.join(ROOT, 'tests', 'e2e'))) {
  const e2e = fs.readdirSync(path.join(ROOT, 'tests', 'e2e')).some((f) => f.endsWith('.test.ts'));
  if (e2e) {
    ensureChromium();
    buildIfStale();
  }
}
const r = spawnSync(
  process.execPath,
  [path.join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', ...process.argv.slice(2)],
  {
    cwd: ROOT,
    stdio: 'inherit',
  },
);
process.exit(r.status ?? 1);
