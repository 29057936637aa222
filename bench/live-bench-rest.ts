/**
 * The REST phase of `npm run bench -- live`: p50/p95/p99 of the dashboard's endpoints over the history,
 * sequential, each after a warm-up, with an admin token.
 */
import type { RunningSystem } from '../server/system.js';
import { summarise } from './stats.js';

const HOUR = 3_600_000;
export const WARMUP = 5;
export const REPEAT = 40;

interface Endpoint {
  name: string;
  path: string;
  /** A trend or breakdown query: held to the p95 bar. */
  trend?: boolean;
}

export interface RestTiming {
  name: string;
  trend: boolean;
  s: ReturnType<typeof summarise>;
}

async function adminToken(sys: RunningSystem): Promise<string> {
  const login = await fetch(`${sys.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: sys.secrets.adminPassword }),
  });
  const { token } = (await login.json()) as { token: string };
  return token;
}

/** The dashboard's endpoints, the ranges ending at `now`. */
function restEndpoints(now: number): Endpoint[] {
  const range = (days: number) =>
    `from=${new Date(now - days * 24 * HOUR).toISOString()}&to=${new Date(now).toISOString()}`;
  return [
    { name: 'GET /api/stats/summary', path: '/api/stats/summary' },
    { name: 'GET /api/stats/summary?unit=4501', path: '/api/stats/summary?unit=4501' },
    {
      name: 'GET /api/stats/trends 7 days hourly',
      path: `/api/stats/trends?${range(7)}&bucket=hour`,
      trend: true,
    },
    {
      name: 'GET /api/stats/trends 30 days daily',
      path: `/api/stats/trends?${range(30)}&bucket=day`,
      trend: true,
    },
    {
      name: 'GET /api/stats/trends 90 d daily, unit 4501',
      path: `/api/stats/trends?${range(90)}&bucket=day&unit=4501`,
      trend: true,
    },
    {
      name: 'GET /api/stats/units city, 30 days',
      path: `/api/stats/units?${range(30)}&level=city`,
      trend: true,
    },
    {
      name: 'GET /api/stats/units county in 4501, 30 d',
      path: `/api/stats/units?${range(30)}&level=county&parent=4501`,
      trend: true,
    },
    { name: 'GET /api/stats/countdown', path: '/api/stats/countdown' },
    { name: 'GET /api/alerts?state=active', path: '/api/alerts?state=active' },
  ];
}

/** WARMUP requests, then REPEAT timed ones, one at a time; any answer but 200 fails the run. */
async function timeEndpoint(url: string, token: string, e: Endpoint): Promise<RestTiming> {
  const times: number[] = [];
  for (let i = 0; i < WARMUP + REPEAT; i++) {
    const t = performance.now();
    const res = await fetch(url + e.path, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${e.path}: ${res.status}`);
    if (i >= WARMUP) times.push(performance.now() - t);
  }
  return { name: e.name, trend: e.trend ?? false, s: summarise(times) };
}

export async function benchRest(sys: RunningSystem): Promise<RestTiming[]> {
  const token = await adminToken(sys);
  const out: RestTiming[] = [];
  for (const e of restEndpoints(Date.now())) out.push(await timeEndpoint(sys.url!, token, e));
  return out;
}
