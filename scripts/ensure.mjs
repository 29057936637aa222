// Plain JavaScript (runs before node_modules exist): installs what a fresh clone lacks.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...opts });
  if (r.status !== 0) {
    console.error(`\n✗ ${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
}

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
let aptUpdated = false;

function aptInstall(packages, why) {
  if (!isRoot || !has('apt-get')) {
    console.error(
      `\n✗ ${why} needs: ${packages.join(' ')}\n  Install it, e.g. \`sudo apt-get install -y ${packages.join(' ')}\`, then run this again.`,
    );
    process.exit(3);
  }
  console.log(`→ installing ${packages.join(' ')} (${why})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) run('apt-get', ['update', '-qq'], { env });
  aptUpdated = true;
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { env });
}

/** node_modules present and matching package-lock.json. */
export function ensureNodeModules() {
  const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
  const lock = path.join(ROOT, 'package-lock.json');
  const stale = !fs.existsSync(marker) || fs.statSync(marker).mtimeMs < fs.statSync(lock).mtimeMs;
  if (stale) {
    // `npm install`, not `npm ci`: chdb lists optional per-platform packages that the registry does not
    // serve for every platform, and npm 11's `ci` refuses a lock file without them.
    console.log('→ installing node modules (npm install)');
    run('npm', ['install', '--no-audit', '--no-fund']);
  }
  // chdb is a native addon: make sure it really loads (npm blocks unapproved install scripts).
  const probe = spawnSync(process.execPath, ['-e', "require('chdb')"], { cwd: ROOT, stdio: 'pipe' });
  if (probe.status !== 0) {
    console.error('✗ the embedded ClickHouse (npm package chdb) does not load:\n' + probe.stderr.toString());
    process.exit(4);
  }
}

/** redis-server on PATH unless REDIS_URL points elsewhere. */
export function ensureRedis() {
  if (process.env.REDIS_URL || has('redis-server')) return;
  aptInstall(['redis-server'], 'the local Redis (or set REDIS_URL)');
  // Debian starts a system service on install; Vigil runs its own on a unix socket in DATA_DIR.
}

/** Debian's Chromium and CJK fonts: the browser tests, and the server printing PDF reports (通报). */
export function ensureChromium(why = 'the browser tests') {
  if (has('chromium') && fs.existsSync('/usr/share/fonts/opentype/noto')) return;
  aptInstall(['chromium', 'fonts-noto-cjk'], why);
}

/** For `npm start`: Chromium and CJK fonts print PDF reports; without them (and without root) only a warning. */
export function ensurePrinting() {
  if (process.env.CHROMIUM_PATH || (has('chromium') && fs.existsSync('/usr/share/fonts/opentype/noto')))
    return;
  if (!isRoot || !has('apt-get')) {
    console.warn(
      '! PDF reports (通报) need chromium and fonts-noto-cjk (or CHROMIUM_PATH); DOCX and XLSX work without them.',
    );
    return;
  }
  aptInstall(['chromium', 'fonts-noto-cjk'], 'PDF reports (通报)');
}

/** poppler-utils and unzip: the report tests read generated PDF, DOCX and XLSX files back with them. */
export function ensureFileReaders() {
  const need = [];
  if (!has('pdftotext')) need.push('poppler-utils');
  if (!has('unzip')) need.push('unzip');
  if (need.length > 0) aptInstall(need, 'the report tests');
}
