/**
 * Security headers (CSP without inline script, HSTS behind a TLS-terminating proxy) and allowed origins
 * (ALLOWED_ORIGINS): a page of another origin may not change anything through the API (403
 * `forbidden_origin`) nor open a socket; the server's own origin and the listed ones may.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../common/node/logger.js';
import { createApp } from '../../server/app.js';
import { startTestSystem } from '../helpers/system.js';
import type { TestSystem } from '../helpers/system.js';
import { ADMIN_PASSWORD, adminToken, call } from '../helpers/live-system.js';

const LISTED = 'https://wall.example.org';
const STRANGER = 'https://evil.example.net';
let sys: TestSystem;
let token: string;

beforeAll(async () => {
  sys = await startTestSystem({ ALLOWED_ORIGINS: `${LISTED},http://10.1.2.3:8080` });
  token = await adminToken(sys);
});
afterAll(async () => {
  await sys?.cleanup();
});

const login = (origin?: string) =>
  call(sys.url, 'POST', '/api/auth/login', {
    body: { username: 'admin', password: ADMIN_PASSWORD },
    ...(origin ? { headers: { origin } } : {}),
  });

/** Every <script> of a page loads a file: none carries code of its own. */
function expectNoInlineScript(html: string): void {
  for (const tag of html.match(/<script\b[^>]*>[\s\S]*?<\/script>/gi) ?? []) {
    expect(tag).toMatch(/\bsrc=/);
    expect(tag).toMatch(/>\s*<\/script>$/);
  }
  expect(html).not.toMatch(/\son[a-z]+=/i);
}

describe('headers', () => {
  it('a Content-Security-Policy that allows only the server’s own scripts, on pages and API answers', async () => {
    for (const route of ['/', '/wall', '/api/health']) {
      const csp = (await fetch(sys.url + route)).headers.get('content-security-policy') ?? '';
      expect(csp).toMatch(/(^|; )script-src 'self'(;|$)/);
      expect(csp).toMatch(/frame-ancestors 'none'/);
      expect(csp).toMatch(/object-src 'none'/);
      expect(csp).not.toMatch(/unsafe-eval/);
    }
    expectNoInlineScript(await (await fetch(`${sys.url}/`)).text());
  });

  it('the placeholder page (dashboard not built) has no inline script either', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-nodash-'));
    const server = http.createServer(createApp({ routers: [], staticDir: dir, logger: silentLogger }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
      expectNoInlineScript(await res.text());
    } finally {
      server.closeAllConnections();
      server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('HSTS only over TLS, as the trusted (loopback) proxy says with X-Forwarded-Proto', async () => {
    const plain = await fetch(`${sys.url}/api/health`);
    expect(plain.headers.get('strict-transport-security')).toBeNull();
    const tls = await fetch(`${sys.url}/api/health`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(tls.headers.get('strict-transport-security')).toMatch(/^max-age=31536000/);
  });
});

describe('origins on the API', () => {
  it('a state-changing call from another origin not listed is 403 forbidden_origin', async () => {
    for (const origin of [STRANGER, 'null', 'http://127.0.0.1:1']) {
      const res = await login(origin);
      expect(res.status, origin).toBe(403);
      expect(res.json).toEqual({ code: 'forbidden_origin', error: expect.stringMatching(/ALLOWED_ORIGINS/) });
    }
    const del = await call(sys.url, 'DELETE', '/api/users/nobody', { token, headers: { origin: STRANGER } });
    expect(del.status).toBe(403);
  });

  it('the same origin, a listed origin and no Origin at all (curl, sending systems) may', async () => {
    expect((await login(sys.url)).status).toBe(200);
    expect((await login()).status).toBe(200);
    const listed = await login(LISTED);
    expect(listed.status).toBe(200);
    expect(listed.headers.get('access-control-allow-origin')).toBe(LISTED);
    expect((await login(STRANGER)).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('reads from another origin get no CORS grant (the browser keeps the answer from the page)', async () => {
    const res = await call(sys.url, 'GET', '/api/health', { headers: { origin: STRANGER } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers a listed origin’s preflight, refuses a stranger’s', async () => {
    const preflight = (origin: string) =>
      fetch(`${sys.url}/api/auth/login`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    const ok = await preflight(LISTED);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect((await preflight(STRANGER)).status).toBe(403);
  });
});

describe('origins on Socket.IO', () => {
  function handshake(origin: string | undefined): Promise<string | null> {
    const socket = io(sys.url, {
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      ...(origin ? { extraHeaders: { origin } } : {}),
    });
    return new Promise((resolve) => {
      socket.once('connect', () => {
        socket.close();
        resolve(null);
      });
      socket.once('connect_error', (err) => {
        socket.close();
        resolve(String((err as { data?: { code?: string } }).data?.code ?? err.message));
      });
    });
  }

  it('refuses the handshake of a page of another origin with forbidden_origin', async () => {
    expect(await handshake(STRANGER)).toBe('forbidden_origin');
  });

  it('lets in the same origin, a listed one, and clients that name none', async () => {
    expect(await handshake(sys.url)).toBeNull();
    expect(await handshake(LISTED)).toBeNull();
    expect(await handshake(undefined)).toBeNull();
  });
});
