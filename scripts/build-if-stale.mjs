// Builds the dashboard when its sources are newer than the last build (or it was never built).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './ensure.mjs';

function newest(dir) {
  let latest = 0;
  if (!fs.existsSync(dir)) return latest;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const p = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return latest;
}

export function buildIfStale() {
  const dashboard = path.join(ROOT, 'dashboard');
  if (!fs.existsSync(path.join(dashboard, 'index.html'))) return;
  const built = path.join(dashboard, 'dist', 'index.html');
  const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0;
  if (builtAt >= Math.max(newest(dashboard), newest(path.join(ROOT, 'common')))) return;
  console.log('→ building the dashboard');
  const r = spawnSync('npm', ['run', 'build:dashboard'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
