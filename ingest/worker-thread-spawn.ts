/**
 * Starting the ingest worker thread (see worker-thread.ts) from its compiled entry (dist, `.js`), or from
 * the TypeScript source through tsx when this module itself runs from source (development, tests).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ThreadConfig } from './worker-thread-protocol.js';

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

export function spawnIngestThread(config: ThreadConfig): Worker {
  const self = import.meta.url;
  if (!self.endsWith('.ts'))
    return new Worker(new URL('./worker-thread.entry.js', self), { workerData: config });
  const entry = new URL('./worker-thread.entry.ts', self).href;
  const tsx = tsxEsmApi(self);
  const boot =
    `import(${JSON.stringify(tsx)}).then((m) => { (m.register ?? m.default.register)(); ` +
    `return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true, workerData: config });
}
