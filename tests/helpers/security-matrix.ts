/**
 * For tests/integration/security-matrix.test.ts: the routes an Express app has, user tokens that must not
 * work (forged, tampered, expired, revoked by disabling the user), how a reply compares with a matrix cell,
 * and where a payload names a unit outside a scope.
 */
import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { expect } from 'vitest';
import { isErrorBody } from '../../common/errors.js';
import { TokenStore } from '../../server/auth/index.js';
import type { Cell } from './live-authz-table.js';
import { call, sleep } from './live-system.js';
import type { Personas, Reply } from './live-system.js';
import type { TestSystem } from './system.js';

interface LayerLike {
  route?: { path: string | RegExp | (string | RegExp)[]; methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
}

/** Every `METHOD /path` of routes under /api, walking nested routers. */
export function apiRoutes(stack: readonly LayerLike[]): string[] {
  const out: string[] = [];
  for (const layer of stack) {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      for (const path of paths)
        for (const [m, on] of Object.entries(layer.route.methods))
          if (on && typeof path === 'string' && path.startsWith('/api'))
            out.push(`${m.toUpperCase()} ${path}`);
    } else if (layer.handle?.stack) out.push(...apiRoutes(layer.handle.stack));
  }
  return out;
}

export type BadToken = 'forged' | 'tampered' | 'expired' | 'revoked';

/**
 * Tokens of an admin in the personas' scope that must get 401 invalid_token everywhere: a made-up token
 * of the right shape, a real one with one character changed, a real one past its lifetime, and a real one
 * of a user an admin disabled. The last two are shown to work before they stop working.
 */
export async function badTokens(sys: TestSystem, p: Personas): Promise<Record<BadToken, string>> {
  const me = (token: string) => call(sys.url, 'GET', '/api/auth/me', { token });
  const redis = new Redis(sys.redis.options);
  try {
    const shortLived = new TokenStore(redis, { sessionTtlMs: 1_000 });
    const expired = (await shortLived.issueSession(p.name.admin)).token;
    expect((await me(expired)).status).toBe(200);
    await sys.auth.users.create({
      username: 'sm-gone',
      password: 'sm-gone-pw-1',
      role: 'admin',
      scope: '4501',
    });
    const revoked = (await sys.auth.tokens.issueSession('sm-gone')).token;
    expect((await me(revoked)).status).toBe(200);
    const off = await call(sys.url, 'DELETE', '/api/users/sm-gone', { token: p.token.admin });
    expect(off.status, off.text).toBe(200);
    const real = p.token.admin!;
    const tampered = real.slice(0, 20) + (real[20] === 'A' ? 'B' : 'A') + real.slice(21);
    await sleep(1_100);
    return { forged: crypto.randomBytes(32).toString('base64url'), tampered, expired, revoked };
  } finally {
    redis.disconnect();
  }
}

/** Why a reply does not match its cell, or null when it does (an error cell needs the errors-v2 body). */
export function mismatch(res: Reply, want: Cell): string | null {
  const code = typeof res.json.code === 'string' ? res.json.code : undefined;
  if (res.status !== want.status)
    return `${res.status} ${code ?? ''} (expected ${want.status} ${want.code ?? ''})`;
  if (want.code === undefined) return null;
  if (!isErrorBody(res.json)) return `not an error body: ${res.text.slice(0, 120)}`;
  return code === want.code ? null : `code ${code} (expected ${want.code})`;
}

/** Every `unit_code` value anywhere in a JSON payload that does not start with `scope`. */
export function unitsOutside(json: unknown, scope: string): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object' && v !== null)
      for (const [k, x] of Object.entries(v)) {
        if (k === 'unit_code' && typeof x === 'string' && !x.startsWith(scope)) out.push(x);
        walk(x);
      }
  };
  walk(json);
  return out;
}
