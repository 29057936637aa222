/** CPU accounting for benchmarks: per thread (Linux /proc), whole process, and a Redis server. */
import fs from 'node:fs';
import os from 'node:os';
import type { Redis } from 'ioredis';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU time (ms) of each thread of this process by thread id; empty where /proc is not available. */
export function threadCpuMs(): Map<number, number> {
  const out = new Map<number, number>();
  let tids: string[];
  try {
    tids = fs.readdirSync('/proc/self/task');
  } catch {
    return out;
  }
  for (const tid of tids) {
    const ms = statCpuMs(`/proc/self/task/${tid}/stat`);
    if (!Number.isNaN(ms)) out.set(Number(tid), ms); // NaN: the thread ended meanwhile
  }
  return out;
}

/** utime + stime (ms) of a /proc stat file; NaN when it cannot be read. */
function statCpuMs(file: string): number {
  try {
    const stat = fs.readFileSync(file, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}

/** CPU time (ms, user + system) another process of this machine has used; NaN where /proc is not available. */
export function processCpuMs(pid: number): number {
  return statCpuMs(`/proc/${pid}/stat`);
}

export interface CpuSnapshot {
  at: number;
  process: NodeJS.CpuUsage;
  threads: Map<number, number>;
  redisMs: number;
  /** Commands the Redis server has run (INFO commandstats, every command's calls summed). */
  redisCalls: number;
}

/** Used CPU (user + system, ms) of a Redis server, from INFO cpu. */
export async function redisCpuMs(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? NaN);
  return 1000 * (field('used_cpu_sys') + field('used_cpu_user'));
}

/** Commands a Redis server has run since it started (INFO commandstats, calls summed over commands). */
export async function redisCalls(redis: Redis): Promise<number> {
  const info = await redis.info('commandstats');
  let calls = 0;
  for (const m of info.matchAll(/^cmdstat_[^:]+:calls=(\d+)/gm)) calls += Number(m[1]);
  return calls;
}

export async function cpuSnapshot(redis: Redis): Promise<CpuSnapshot> {
  return {
    at: performance.now(),
    process: process.cpuUsage(),
    threads: threadCpuMs(),
    redisMs: await redisCpuMs(redis),
    redisCalls: await redisCalls(redis),
  };
}

export interface CpuDelta {
  wallMs: number;
  processMs: number;
  mainThreadMs: number;
  /** The busiest thread other than the main one (the ingest worker thread), by thread id. */
  busiestOtherMs: number;
  redisMs: number;
  redisCalls: number;
}

export function cpuDelta(a: CpuSnapshot, b: CpuSnapshot): CpuDelta {
  const spent = (tid: number) => (b.threads.get(tid) ?? 0) - (a.threads.get(tid) ?? 0);
  let busiestOtherMs = 0;
  for (const tid of b.threads.keys())
    if (tid !== process.pid) busiestOtherMs = Math.max(busiestOtherMs, spent(tid));
  return {
    wallMs: b.at - a.at,
    processMs: (b.process.user - a.process.user + b.process.system - a.process.system) / 1000,
    mainThreadMs: b.threads.size > 0 ? spent(process.pid) : NaN,
    busiestOtherMs: b.threads.size > 0 ? busiestOtherMs : NaN,
    redisMs: b.redisMs - a.redisMs,
    redisCalls: b.redisCalls - a.redisCalls,
  };
}

export function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}
