/**
 * For the auth integration tests: a real redis-server (unix socket) and embedded ClickHouse in one temp
 * directory per test file (chDB binds one directory per process), the auth and users routers on a tiny
 * createApp on a loopback port 0, and an injectable clock.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Router } from 'express';
import { expect } from 'vitest';
import { Redis } from 'ioredis';
import { rolesAtLeast } from '../../common/auth.js';
import { openClickHouse } from '../../common/node/clickhouse.js';
import type { ClickHouseHandle } from '../../common/node/clickhouse.js';
import { silentLogger } from '../../common/node/logger.js';
import { migrate } from '../../common/node/migrate.js';
import { openRedis } from '../../common/node/redis.js';
import type { RedisHandle } from '../../common/node/redis.js';
import { createApp } from '../../server/app.js';
import { sendError } from '../../server/http/errors.js';
import {
  authMigrations,
  createAuth,
  ensureInitialAdmin,
  inScope,
  requireAuth,
  requireRole,
  userOf,
} from '../../server/auth/index.js';
import type { Auth, AuthOptions } from '../../server/auth/index.js';
import type { ScryptParams } from '../../server/auth/password.js';
import { authRoutes } from '../../server/routes/auth.routes.js';
import { usersRoutes } from '../../server/routes/users.routes.js';
import { AuditLog, auditMigrations } from '../../server/services/audit.js';

export const ADMIN_PASSWORD = 'test-admin-password';
/** Cheaper than production (ln=15) so the suite stays fast; the unit tests cover the defaults. */
export const TEST_SCRYPT: ScryptParams = { ln: 12, r: 8, p: 1 };

export interface AuthHarness {
  url: string;
  dataDir: string;
  auth: Auth;
  clickhouse: ClickHouseHandle;
  redisHandle: RedisHandle;
  /** The first Auth's Redis connection, for looking at keys. */
  redis: Redis;
  clock: { now: number };
  /** Every response body seen, to check that no password or hash ever left the server. */
  bodies: string[];
  /** Another Auth (own Redis connection, own user cache) on the same stores: "another process". */
  second(): Auth;
  call(method: string, route: string, opts?: { token?: string; body?: unknown; ip?: string }): Promise<Reply>;
  login(username: string, password: string, ip?: string): Promise<Reply>;
  /** Passwords used so far: none may ever appear in a response. */
  passwords: string[];
  /** A current admin session token (see signInAdmin). */
  adminToken: string;
  signInAdmin(): Promise<string>;
  tokenOf(username: string, password: string, ip?: string): Promise<string>;
  /** Creates a user through the API (as admin); returns their password. */
  addUser(username: string, role: string, scope?: string, password?: string): Promise<string>;
  /** No response body so far carried a password, a hash or a stack trace. */
  expectNoLeaks(): void;
  close(): Promise<void>;
}

export interface Reply {
  status: number;
  headers: Headers;
  json: Record<string, unknown>;
  text: string;
}

/** A route standing in for the alert routes: officers and up, and only for units in their scope. */
function scopedProbe(auth: Auth): Router {
  const router = Router();
  router.get(
    '/api/probe/:unit',
    requireAuth(auth.authenticate),
    requireRole(...rolesAtLeast('officer')),
    (req, res) => {
      const unit = String(req.params.unit);
      if (!inScope(userOf(res), unit)) {
        sendError(res, 'out_of_scope', `unit ${unit} is outside your scope`);
        return;
      }
      res.json({ ok: true, user: userOf(res) });
    },
  );
  return router;
}

export async function startAuthHarness(options: Partial<AuthOptions> = {}): Promise<AuthHarness> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-auth-'));
  const redisHandle = await openRedis(undefined, path.join(dataDir, 'redis'));
  const clickhouse = await openClickHouse({ database: 'vigil', dataDir });
  await migrate(clickhouse.client, [...authMigrations, ...auditMigrations]);
  const clock = { now: Date.now() };
  const connections: Redis[] = [];
  const make = (): Auth => {
    const redis = new Redis(redisHandle.options);
    connections.push(redis);
    return createAuth({
      clickhouse: clickhouse.client,
      redis,
      now: () => clock.now,
      hashParams: TEST_SCRYPT,
      ...options,
    });
  };
  const auth = make();
  await ensureInitialAdmin(auth.users, ADMIN_PASSWORD);
  const app = createApp({
    logger: silentLogger,
    staticDir: path.join(dataDir, 'no-dashboard'),
    routers: [authRoutes(auth), usersRoutes(auth, new AuditLog(clickhouse.client)), scopedProbe(auth)],
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const bodies: string[] = [];

  const call: AuthHarness['call'] = async (method, route, opts = {}) => {
    const headers: Record<string, string> = {};
    if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    // trust proxy is 'loopback': tests choose the client IP the rate limiter sees.
    headers['x-forwarded-for'] = opts.ip ?? '203.0.113.1';
    const res = await fetch(url + route, {
      method,
      headers,
      ...(opts.body === undefined
        ? {}
        : { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) }),
    });
    const text = await res.text();
    bodies.push(text);
    let json: Record<string, unknown>;
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      json = {};
    }
    return { status: res.status, headers: res.headers, json, text };
  };

  const harness: AuthHarness = {
    url,
    dataDir,
    auth,
    clickhouse,
    redisHandle,
    redis: connections[0] as Redis,
    clock,
    bodies,
    second: make,
    call,
    login: (username, password, ip) =>
      call('POST', '/api/auth/login', { body: { username, password }, ...(ip ? { ip } : {}) }),
    passwords: [ADMIN_PASSWORD],
    adminToken: '',
    async signInAdmin() {
      harness.adminToken = await harness.tokenOf('admin', ADMIN_PASSWORD);
      return harness.adminToken;
    },
    async tokenOf(username, password, ip) {
      const res = await harness.login(username, password, ip);
      expect(res.status, res.text).toBe(200);
      return res.json.token as string;
    },
    async addUser(username, role, scope = '', password = `${username}-password-1`) {
      harness.passwords.push(password);
      const body = { username, password, role, scope };
      const res = await call('POST', '/api/users', { token: harness.adminToken, body });
      expect(res.status, res.text).toBe(201);
      return password;
    },
    expectNoLeaks() {
      expect(bodies.length).toBeGreaterThan(20);
      for (const body of bodies) {
        expect(body).not.toMatch(/\$scrypt\$|password_hash|passwordHash|\bat [\w./]+:\d+:\d+/);
        for (const pw of harness.passwords) expect(body).not.toContain(pw);
      }
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      for (const c of connections) await c.quit();
      await clickhouse.close();
      await redisHandle.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  await harness.signInAdmin();
  return harness;
}
