/**
 * `GET /api/health` (CONTRACT.md §3): `{"status": "ok"|"degraded"}` for anyone (load balancers, uptime
 * checks); with a valid bearer token (a user's, any role, or the ingest token) also each component's
 * details. Every check has a time limit, so a store that hangs makes the answer `degraded` (503) within
 * `timeoutMs` instead of holding the request.
 */
import type { Request } from 'express';
import { Router } from 'express';
import { bearerToken, sameSecret } from '../http/bearer.js';
import { withTimeout } from '../http/outage.js';

/** A component's details; `status: 'degraded'` in them says it works with a known gap (e.g. the calendar). */
export type ComponentCheck = () => Promise<Record<string, unknown>>;

export interface HealthOptions {
  /** Who a user token stands for (null: not valid). */
  authenticate: (token: string) => Promise<unknown>;
  ingestToken: string;
  /** Longest wait per check (and for the token check); default 1.5 s. */
  timeoutMs?: number;
}

export const HEALTH_TIMEOUT_MS = 1_500;

type Outcome = Record<string, unknown> & { status: 'ok' | 'degraded' | 'down' };

async function runCheck(check: ComponentCheck, timeoutMs: number): Promise<Outcome> {
  try {
    const details = await withTimeout(check(), timeoutMs, 'health check');
    return { ...details, status: details.status === 'degraded' ? 'degraded' : 'ok' };
  } catch (err) {
    return { status: 'down', error: (err as Error).message.slice(0, 200) };
  }
}

/** Whether the request carries a token that may see the components; false when the check fails. */
async function mayReadDetails(req: Request, opts: HealthOptions, timeoutMs: number): Promise<boolean> {
  const token = bearerToken(req);
  if (!token || token.length > 200) return false;
  if (sameSecret(token, opts.ingestToken)) return true;
  try {
    return Boolean(await withTimeout(opts.authenticate(token), timeoutMs, 'token check'));
  } catch {
    return false;
  }
}

export function healthRoutes(checks: Record<string, ComponentCheck>, opts: HealthOptions): Router {
  const timeoutMs = opts.timeoutMs ?? HEALTH_TIMEOUT_MS;
  const router = Router();
  router.get('/api/health', async (req, res) => {
    const [details, outcomes] = await Promise.all([
      mayReadDetails(req, opts, timeoutMs),
      Promise.all(
        Object.entries(checks).map(async ([name, check]) => [name, await runCheck(check, timeoutMs)]),
      ),
    ]);
    const ok = outcomes.every(([, outcome]) => (outcome as Outcome).status === 'ok');
    const status = ok ? 'ok' : 'degraded';
    res.setHeader('Cache-Control', 'no-store');
    res.status(ok ? 200 : 503).json(details ? { status, ...Object.fromEntries(outcomes) } : { status });
  });
  return router;
}
