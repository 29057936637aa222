/**
 * Starting a worker thread from its compiled entry (dist, `.js`), or from the TypeScript source through tsx
 * when the module that starts it runs from source (development, tests).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** tsx's ESM API module (its `import` export; require.resolve would give the CommonJS one). */
function tsxEsmApi(from: string): string {
  const manifest = createRequire(from).resolve('tsx/package.json');
  const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8')) as {
    exports: Record<string, { import: { default: string } }>;
  };
  const target = pkg.exports['./esm/api']?.import.default;
  if (!target) throw new Error('tsx does not export ./esm/api');
  return pathToFileURL(path.join(path.dirname(manifest), target)).href;
}

/**
 * Starts the thread whose entry module is `entry` (a path without extension, relative to `self`, the
 * starting module's `import.meta.url`), handing it `workerData`.
 */
export function spawnThread(self: string, entry: string, workerData: unknown): Worker {
  if (!self.endsWith('.ts')) return new Worker(new URL(`${entry}.js`, self), { workerData });
  const source = new URL(`${entry}.ts`, self).href;
  const tsx = tsxEsmApi(self);
  const boot =
    `import(${JSON.stringify(tsx)}).then((m) => { (m.register ?? m.default.register)(); ` +
    `return import(${JSON.stringify(source)}); })`;
  return new Worker(boot, { eval: true, workerData });
}
