/** Small helpers for benchmark figures. */
import fs from 'node:fs';

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

export function summarise(samples: number[]): {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  n: number;
} {
  const s = [...samples].sort((a, b) => a - b);
  return {
    p50: percentile(s, 50),
    p95: percentile(s, 95),
    p99: percentile(s, 99),
    max: s[s.length - 1] ?? NaN,
    n: s.length,
  };
}

/** Samples the process's resident set size and keeps the peak. */
export function rssSampler(everyMs = 100): { peakMb(): number; stop(): void } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), everyMs);
  return { peakMb: () => peak / 1024 / 1024, stop: () => clearInterval(timer) };
}

export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** Linux only: CPU time of the whole machine (/proc/stat) and CPU pressure (/proc/pressure/cpu). */
interface MachineSample {
  busyMs: number;
  totalMs: number;
  /** Time some runnable task waited for a CPU, µs (PSI "some"), or NaN where unavailable. */
  waitUs: number;
}

function machineSample(): MachineSample {
  try {
    const cpu = fs
      .readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]!
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const hz = 100; // USER_HZ
    const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
    const total = cpu.slice(0, 8).reduce((s, x) => s + x, 0);
    let waitUs = NaN;
    try {
      const psi = fs.readFileSync('/proc/pressure/cpu', 'utf8');
      waitUs = Number(/^some .*total=(\d+)/m.exec(psi)?.[1] ?? NaN);
    } catch {
      // no PSI in this kernel
    }
    return { busyMs: ((total - idle) * 1000) / hz, totalMs: (total * 1000) / hz, waitUs };
  } catch {
    return { busyMs: NaN, totalMs: NaN, waitUs: NaN };
  }
}

/**
 * The machine over an interval: CPU used by every process (ms, all cores) and the share of the time some
 * runnable task had to wait for a CPU (PSI) — how much the rest of the machine disturbed a measurement.
 */
export function machineMeter(): () => { busyMs: number; capacityMs: number; cpuWaitPct: number } {
  const a = machineSample();
  const t0 = performance.now();
  return () => {
    const b = machineSample();
    const wallMs = performance.now() - t0;
    return {
      busyMs: b.busyMs - a.busyMs,
      capacityMs: b.totalMs - a.totalMs,
      cpuWaitPct: (100 * (b.waitUs - a.waitUs)) / 1000 / wallMs,
    };
  };
}

/** Linux only: CPU time (ms) of this process's threads, summed by thread name. */
function threadCpuByName(): Map<string, number> {
  const out = new Map<string, number>();
  try {
    for (const tid of fs.readdirSync('/proc/self/task')) {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ms = ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, USER_HZ
      const key = name.replace(/[\d_-]+$/, '') || name;
      out.set(key, (out.get(key) ?? 0) + ms);
    }
  } catch {
    // not Linux
  }
  return out;
}

/** Where this process's CPU went over an interval, by thread name (the main thread is named after the
 *  program, e.g. `node`; libuv's pool `libuv-worker`; embedded engines name theirs). */
export function threadMeter(): () => [string, number][] {
  const a = threadCpuByName();
  return () =>
    [...threadCpuByName()]
      .map(([name, ms]): [string, number] => [name, ms - (a.get(name) ?? 0)])
      .filter(([, ms]) => ms > 0)
      .sort((x, y) => y[1] - x[1]);
}

/** Linux only: CPU pressure over the last 10 s (PSI "some" avg10, %), or NaN where unavailable. */
export function cpuPressure10s(): number {
  try {
    return Number(/^some avg10=([\d.]+)/m.exec(fs.readFileSync('/proc/pressure/cpu', 'utf8'))?.[1] ?? NaN);
  } catch {
    return NaN;
  }
}
