/**
 * The notify benchmark's webhook receiver in a process of its own, as a receiving system would be: the child
 * runs notify-receiver.ts and passes its arrivals (alert id, wall time at arrival) to the parent every 50 ms;
 * the parent's handle keeps the same maps as the in-process receiver. Run as the child with `--child`.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { processCpuMs } from './cpu.js';
import { startWebhookReceiver } from './notify-receiver.js';
import type { WebhookReceiver } from './notify-receiver.js';

type FromChild =
  { url: string } | { arrivals: Array<[string, number]>; requests: number; unreadable: number };

async function child(): Promise<void> {
  const rx = await startWebhookReceiver();
  const send = () => {
    const arrivals = rx.drain();
    if (arrivals.length > 0) process.send?.({ arrivals, ...rx.counts });
  };
  const timer = setInterval(send, 50);
  process.on('message', (m) => {
    if (m !== 'close') return;
    clearInterval(timer);
    send();
    void rx.close().then(() => process.exit(0));
  });
  process.send?.({ url: rx.url });
}

export async function startChildReceiver(): Promise<WebhookReceiver> {
  const proc = fork(fileURLToPath(import.meta.url), ['--child'], { execArgv: ['--import', 'tsx'] });
  const firstAt = new Map<string, number>();
  const repeats = new Map<string, number>();
  const counts = { requests: 0, unreadable: 0 };
  const url = await new Promise<string>((resolve, reject) => {
    proc.once('error', reject);
    proc.on('message', (m: FromChild) => {
      if ('url' in m) return resolve(m.url);
      counts.requests = m.requests;
      counts.unreadable = m.unreadable;
      for (const [id, at] of m.arrivals) {
        if (firstAt.has(id)) repeats.set(id, (repeats.get(id) ?? 0) + 1);
        else firstAt.set(id, at);
      }
    });
  });
  return {
    url,
    firstAt,
    repeats,
    counts,
    drain: () => [],
    cpuMs: () => processCpuMs(proc.pid!),
    async close() {
      const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      proc.send('close');
      await exited;
    },
  };
}

if (process.argv.includes('--child')) void child();
