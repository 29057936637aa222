// `npm start`: install what is missing, then run the whole system (ROLE=all) with simulated events.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT, ensureNodeModules, ensurePrinting, ensureRedis } from './ensure.mjs';
import { buildIfStale } from './build-if-stale.mjs';

ensureNodeModules();
ensureRedis();
ensurePrinting();
buildIfStale();

const env = { SIMULATE: '1', ...process.env };
const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/main.ts')], {
  cwd: ROOT,
  env,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
