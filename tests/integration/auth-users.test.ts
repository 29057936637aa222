import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../common/node/clickhouse.js';
import { ensureInitialAdmin } from '../../server/auth/index.js';
import { ADMIN_PASSWORD, startAuthHarness } from './auth-harness.js';
import type { AuthHarness } from './auth-harness.js';

let h: AuthHarness;

beforeAll(async () => {
  h = await startAuthHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('disabling a user', () => {
  it('kills all their tokens at once, and they cannot sign in again', async () => {
    const pw = await h.addUser('leaver', 'officer', '4501');
    const t1 = await h.tokenOf('leaver', pw);
    const t2 = await h.tokenOf('leaver', pw);
    expect((await h.call('GET', '/api/probe/450103520000', { token: t1 })).status).toBe(200);
    const res = await h.call('DELETE', '/api/users/leaver', { token: h.adminToken });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ username: 'leaver', role: 'officer', scope: '4501', disabled: true });
    for (const t of [t1, t2]) expect((await h.call('GET', '/api/auth/me', { token: t })).status).toBe(401);
    const again = await h.login('leaver', pw);
    expect(again.status).toBe(401);
    expect(again.json.error).toBe('wrong user name or password');
    expect((await h.call('DELETE', '/api/users/nobody-here', { token: h.adminToken })).status).toBe(404);
  });

  it('is seen at once by another process with its own user cache (shared Redis version key)', async () => {
    const pw = await h.addUser('roamer', 'manager', '45');
    const token = await h.tokenOf('roamer', pw);
    const other = h.second();
    expect(await other.authenticate(token)).toEqual({ username: 'roamer', role: 'manager', scope: '45' });
    // Only the user row changes here (no token deletion): the other cache must notice by itself.
    await h.auth.users.disable('roamer');
    expect(await other.authenticate(token)).toBeNull();
    expect((await other.users.get('roamer'))?.disabled).toBe(true);
    const pw2 = await h.addUser('newcomer', 'viewer', '4501');
    expect((await other.users.get('newcomer'))?.role).toBe('viewer');
    expect(await other.authenticate(await h.tokenOf('newcomer', pw2))).toMatchObject({
      username: 'newcomer',
    });
  });

  it('an admin cannot disable their own account', async () => {
    const res = await h.call('DELETE', '/api/users/admin', { token: h.adminToken });
    expect(res.status).toBe(409);
  });

  it('a new password ends the sessions', async () => {
    const pw = await h.addUser('changer', 'officer');
    const token = await h.tokenOf('changer', pw);
    await h.auth.setPassword('changer', 'brand-new-password');
    h.passwords.push('brand-new-password');
    expect((await h.call('GET', '/api/auth/me', { token })).status).toBe(401);
    expect((await h.login('changer', pw)).status).toBe(401);
    expect((await h.login('changer', 'brand-new-password')).status).toBe(200);
  });
});

describe('roles and scope', () => {
  it('admin-only routes: 401 without a token, 403 for every other role', async () => {
    expect((await h.call('GET', '/api/users')).status).toBe(401);
    for (const role of ['viewer', 'officer', 'manager']) {
      const pw = await h.addUser(`role-${role}`, role, '4501');
      const token = await h.tokenOf(`role-${role}`, pw);
      expect((await h.call('GET', '/api/users', { token })).status).toBe(403);
      const body = { username: `x-${role}`, password: 'whatever-123', role: 'admin', scope: '' };
      expect((await h.call('POST', '/api/users', { token, body })).status).toBe(403);
      expect((await h.call('DELETE', '/api/users/admin', { token })).status).toBe(403);
      expect((await h.call('POST', '/api/users/admin/kiosk-tokens', { token })).status).toBe(403);
    }
  });

  it('scope and role checks on a scoped route', async () => {
    const pw = await h.addUser('nanning', 'officer', '4501');
    const token = await h.tokenOf('nanning', pw);
    expect((await h.call('GET', '/api/probe/450103520000', { token })).status).toBe(200);
    expect((await h.call('GET', '/api/probe/450203520000', { token })).status).toBe(403);
    const vpw = await h.addUser('wall-viewer', 'viewer', '');
    expect(
      (await h.call('GET', '/api/probe/450103520000', { token: await h.tokenOf('wall-viewer', vpw) })).status,
    ).toBe(403);
  });
});

describe('user management', () => {
  it('creates, lists, and refuses a duplicate name with 409', async () => {
    const body = { username: 'dup.user', password: 'dup-password-1', role: 'officer', scope: '450103' };
    h.passwords.push(body.password);
    const first = await h.call('POST', '/api/users', { token: h.adminToken, body });
    expect(first.status).toBe(201);
    expect(first.json).toEqual({ username: 'dup.user', role: 'officer', scope: '450103', disabled: false });
    const second = await h.call('POST', '/api/users', {
      token: h.adminToken,
      body: { ...body, role: 'admin' },
    });
    expect(second.status).toBe(409);
    const list = await h.call('GET', '/api/users', { token: h.adminToken });
    const users = list.json.users as { username: string }[];
    expect(users.filter((u) => u.username === 'dup.user')).toHaveLength(1);
    expect(Object.keys(users[0] ?? {}).sort()).toEqual(['disabled', 'role', 'scope', 'username']);
  });

  it('says what to fix in an invalid user', async () => {
    const res = await h.call('POST', '/api/users', {
      token: h.adminToken,
      body: { username: 'A', password: 'short', role: 'chief', scope: '45x' },
    });
    expect(res.status).toBe(400);
    for (const field of ['username', 'password', 'role', 'scope'])
      expect(res.json.error).toMatch(`${field}: `);
  });

  it('injection strings in user names are rejected or harmless', async () => {
    const hostile = [
      "admin' OR '1'='1",
      'x; DROP TABLE users',
      '../../etc/passwd',
      '{u:String}',
      'a\u0000b',
      '<script>',
      'admin\n',
      '用户',
    ];
    for (const username of hostile) {
      const body = { username, password: 'hostile-password', role: 'admin', scope: '' };
      expect((await h.call('POST', '/api/users', { token: h.adminToken, body })).status).toBe(400);
      expect((await h.login(username, 'hostile-password', '100.64.0.1')).status).toBe(401);
      const del = await h.call('DELETE', `/api/users/${encodeURIComponent(username)}`, {
        token: h.adminToken,
      });
      expect([400, 404]).toContain(del.status);
    }
    const [row] = await queryRows<{ n: string }>(h.clickhouse.client, 'SELECT count() AS n FROM users FINAL');
    expect(Number(row?.n)).toBeGreaterThan(3);
    expect((await h.login('admin', ADMIN_PASSWORD)).status).toBe(200);
  });
});

describe('kiosk tokens', () => {
  it('are created, listed (without the token), used as viewer, and revoked at once', async () => {
    await h.addUser('wall-01', 'officer', '4501');
    const created = await h.call('POST', '/api/users/wall-01/kiosk-tokens', { token: h.adminToken });
    expect(created.status).toBe(201);
    const { token, id } = created.json as { token: string; id: string };
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const me = await h.call('GET', '/api/auth/me', { token });
    expect(me.json.user).toEqual({ username: 'wall-01', role: 'viewer', scope: '4501' });
    h.clock.now += 30 * 24 * 3600_000;
    expect((await h.call('GET', '/api/auth/me', { token })).status).toBe(200);
    await h.signInAdmin();
    const list = await h.call('GET', '/api/users/wall-01/kiosk-tokens', { token: h.adminToken });
    expect(list.json.tokens).toEqual([
      { id, label: null, created_at: expect.any(String), expires_at: expect.any(String) },
    ]);
    expect(list.text).not.toContain(token);
    expect(
      (await h.call('DELETE', `/api/users/wall-01/kiosk-tokens/${id}`, { token: h.adminToken })).status,
    ).toBe(204);
    expect((await h.call('GET', '/api/auth/me', { token })).status).toBe(401);
    expect(
      (await h.call('DELETE', `/api/users/wall-01/kiosk-tokens/${id}`, { token: h.adminToken })).status,
    ).toBe(404);
    expect(
      (await h.call('DELETE', '/api/users/wall-01/kiosk-tokens/nope', { token: h.adminToken })).status,
    ).toBe(400);
    expect((await h.call('POST', '/api/users/ghost/kiosk-tokens', { token: h.adminToken })).status).toBe(404);
  });

  it('die with their disabled user', async () => {
    await h.addUser('wall-02', 'viewer', '45');
    const { token } = (await h.call('POST', '/api/users/wall-02/kiosk-tokens', { token: h.adminToken }))
      .json as { token: string };
    expect((await h.call('GET', '/api/auth/me', { token })).status).toBe(200);
    expect((await h.call('DELETE', '/api/users/wall-02', { token: h.adminToken })).status).toBe(200);
    expect((await h.call('GET', '/api/auth/me', { token })).status).toBe(401);
  });
});

describe('initial admin', () => {
  it('is created once, and restored when no active admin is left', async () => {
    expect(await ensureInitialAdmin(h.auth.users, 'ignored-password')).toBe('exists');
    await h.auth.users.disable('admin');
    expect(await ensureInitialAdmin(h.auth.users, 'ignored-password')).toBe('restored');
    h.passwords.push('ignored-password');
    expect((await h.login('admin', 'ignored-password')).status).toBe(200);
    await h.auth.setPassword('admin', ADMIN_PASSWORD);
    await h.signInAdmin();
  });
});

describe('nothing leaks', () => {
  it('no response ever carried a password, a hash or a stack trace', () => {
    h.expectNoLeaks();
  });
});
