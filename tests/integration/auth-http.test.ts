import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startAuthHarness } from './auth-harness.js';
import type { AuthHarness } from './auth-harness.js';

let h: AuthHarness;

beforeAll(async () => {
  h = await startAuthHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('login, me, logout', () => {
  it('signs in the initial admin and answers /me', async () => {
    const res = await h.login('admin', ADMIN_PASSWORD);
    expect(res.status).toBe(200);
    expect(res.json.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.json.user).toEqual({ username: 'admin', role: 'admin', scope: '' });
    expect(res.headers.get('cache-control')).toBe('no-store');
    const me = await h.call('GET', '/api/auth/me', { token: res.json.token as string });
    expect(me.json).toEqual({ user: { username: 'admin', role: 'admin', scope: '' } });
  });

  it('gives the same 401 for a wrong password and an unknown user', async () => {
    const wrong = await h.login('admin', 'not-the-password', '203.0.113.10');
    const unknown = await h.login('nobody', 'not-the-password', '203.0.113.10');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.text).toBe(wrong.text);
  });

  it('says what to fix in a malformed login', async () => {
    const missing = await h.call('POST', '/api/auth/login', { body: { username: 'admin' } });
    expect(missing.status).toBe(400);
    expect(missing.json.error).toMatch(/password: /);
    const extra = await h.call('POST', '/api/auth/login', {
      body: { username: 'a', password: 'b', admin: true },
    });
    expect(extra.json.error).toMatch(/unknown field\(s\) admin/);
    const broken = await h.call('POST', '/api/auth/login', { body: '{"username":' });
    expect(broken.status).toBe(400);
    expect(broken.text).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('logout revokes the token at once', async () => {
    const token = await h.tokenOf('admin', ADMIN_PASSWORD);
    expect((await h.call('POST', '/api/auth/logout', { token })).status).toBe(204);
    expect((await h.call('GET', '/api/auth/me', { token })).status).toBe(401);
  });
});

describe('brute force', () => {
  it('429 with Retry-After after 5 failures for one user name from one address, even for the right password', async () => {
    const pw = await h.addUser('brute', 'officer');
    const ip = '198.51.100.7';
    for (let i = 0; i < 5; i++) expect((await h.login('brute', `guess-${i}-xxxx`, ip)).status).toBe(401);
    const limited = await h.login('brute', pw, ip);
    expect(limited.status).toBe(429);
    const retry = Number(limited.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(800);
    expect(retry).toBeLessThanOrEqual(900);
    expect((await h.login('BRUTE', pw, ip)).status).toBe(429);
    h.clock.now += 15 * 60_000 + 1;
    expect((await h.login('brute', pw, ip)).status).toBe(200);
  });

  it('strangers cannot lock a user out: the right password from a fresh address still works', async () => {
    const pw = await h.addUser('target', 'officer');
    // Five failures from each of three addresses: each of those addresses is refused for this user …
    for (const ip of ['198.51.100.21', '198.51.100.22', '198.51.100.23']) {
      for (let i = 0; i < 5; i++) expect((await h.login('target', `guess-${i}-xxxx`, ip)).status).toBe(401);
      expect((await h.login('target', pw, ip)).status).toBe(429);
    }
    // … and the user, from their own address, signs in at once, whenever they like.
    expect((await h.login('target', pw, '203.0.113.50')).status).toBe(200);
    expect((await h.login('target', 'wrong-once-xxxx', '203.0.113.50')).status).toBe(401);
    expect((await h.login('target', pw, '203.0.113.50')).status).toBe(200);
  });

  it('429 after 20 failures from one IP, whatever the user names', async () => {
    const ip = '192.0.2.77';
    for (let i = 0; i < 20; i++) expect((await h.login(`spray-${i}`, 'password-guess', ip)).status).toBe(401);
    const limited = await h.login('admin', ADMIN_PASSWORD, ip);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await h.login('admin', ADMIN_PASSWORD, '192.0.2.78')).status).toBe(200);
  });

  it('parallel guesses cannot slip past the limit', async () => {
    await h.addUser('parallel', 'viewer');
    const replies = await Promise.all(
      Array.from({ length: 12 }, (_, i) => h.login('parallel', `wrong-${i}-xxxx`, '198.18.0.1')),
    );
    expect(replies.filter((r) => r.status === 401)).toHaveLength(5);
    expect(replies.filter((r) => r.status === 429)).toHaveLength(7);
  });
});

describe('tokens', () => {
  it('tampered, unknown and malformed tokens get 401', async () => {
    const token = await h.tokenOf('admin', ADMIN_PASSWORD);
    const flipped = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    for (const t of [flipped, token.slice(0, -1), `${token}x`, 'x'.repeat(43), "' OR 1=1 --"]) {
      expect((await h.call('GET', '/api/auth/me', { token: t })).status).toBe(401);
    }
    const none = await h.call('GET', '/api/auth/me');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('a session expires after 12 hours (injected clock)', async () => {
    const login = await h.login('admin', ADMIN_PASSWORD);
    const token = login.json.token as string;
    expect(Date.parse(login.json.expires_at as string) - h.clock.now).toBe(12 * 3600_000);
    h.clock.now += 12 * 3600_000 - 1;
    expect((await h.call('GET', '/api/auth/me', { token })).status).toBe(200);
    h.clock.now += 1;
    expect((await h.call('GET', '/api/auth/me', { token })).status).toBe(401);
    await h.signInAdmin();
  });

  it('tokens are stored only as their SHA-256', async () => {
    const token = await h.tokenOf('admin', ADMIN_PASSWORD);
    const keys = await h.redis.keys('vigil:auth:*');
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.some((k) => k.includes(token))).toBe(false);
  });
});

describe('nothing leaks', () => {
  it('no response ever carried a password, a hash or a stack trace', () => {
    h.expectNoLeaks();
  });
});
