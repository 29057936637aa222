/**
 * Error bodies (CONTRACT.md §3, errors v2) without a system: the code list, how thrown errors map to codes,
 * the app's own 404/400/413/500 answers, and that no server file writes an error body by hand.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express, { Router } from 'express';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ERROR_STATUS, isErrorBody } from '../../common/errors.js';
import { pino } from 'pino';
import { createApp } from '../../server/app.js';
import { errorOf } from '../../server/http/errors.js';

describe('the code list', () => {
  it('is stable English snake_case, each with a 4xx or 5xx status', () => {
    expect(ERROR_CODES.length).toBeGreaterThan(10);
    for (const code of ERROR_CODES) {
      expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(ERROR_STATUS[code]).toBeGreaterThanOrEqual(400);
      expect(ERROR_STATUS[code]).toBeLessThan(600);
    }
  });

  it('isErrorBody wants a known code and words', () => {
    expect(isErrorBody({ error: 'no such alert', code: 'not_found' })).toBe(true);
    expect(isErrorBody({ error: '', code: 'not_found' })).toBe(false);
    expect(isErrorBody({ error: 'x', code: 'not_a_code' })).toBe(false);
    expect(isErrorBody({ error: 'x', code: 'toString' })).toBe(false);
    expect(isErrorBody({ error: 'x' })).toBe(false);
    expect(isErrorBody(null)).toBe(false);
  });
});

describe('errorOf', () => {
  it('maps the body parsers’ errors to codes and hides internal messages', () => {
    expect(errorOf({ status: 413, type: 'entity.too.large', limit: 16_384 })).toEqual({
      code: 'payload_too_large',
      error: expect.stringContaining('16 KiB'),
    });
    expect(errorOf({ status: 400, type: 'entity.parse.failed', message: 'Unexpected end' }).code).toBe(
      'invalid_json',
    );
    expect(errorOf({ status: 415, message: 'unsupported charset "X"' })).toEqual({
      code: 'unsupported_media_type',
      error: 'unsupported charset "X"',
    });
    expect(errorOf({ status: 400, message: 'Failed to decode param' }).code).toBe('bad_request');
    const internal = errorOf(new Error('connect ECONNREFUSED /tmp/secret/redis.sock'));
    expect(internal).toEqual({ code: 'internal', error: 'internal error; see the server log' });
    expect(errorOf('a string').code).toBe('internal');
  });
});

describe('createApp', () => {
  it('answers unknown /api routes, bad JSON, oversize bodies and crashes with {error, code}', async () => {
    const logged: unknown[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => void logged.push(JSON.parse(line)) });
    const router = Router();
    router.post('/api/echo', express.json({ limit: '1kb' }), (req, res) => void res.json(req.body));
    router.get('/api/crash', () => {
      throw new Error('boom at /secret/path');
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-errors-'));
    const server = http.createServer(createApp({ routers: [router], staticDir: dir, logger }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const post = (body: string) =>
      fetch(`${url}/api/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    try {
      const cases: [Promise<Response>, number, string][] = [
        [fetch(`${url}/api/nothing-here`), 404, 'unknown_route'],
        [post('{"a":'), 400, 'invalid_json'],
        [post(JSON.stringify({ a: 'x'.repeat(2_000) })), 413, 'payload_too_large'],
        [fetch(`${url}/api/crash`), 500, 'internal'],
      ];
      for (const [reply, status, code] of cases) {
        const res = await reply;
        const body = (await res.json()) as Record<string, unknown>;
        expect(res.status, code).toBe(status);
        expect(body).toEqual({ error: expect.stringMatching(/\S/), code });
        expect(JSON.stringify(body)).not.toContain('/secret/path');
      }
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ msg: 'unhandled error', err: { message: 'boom at /secret/path' } });
      expect((logged[0] as { err: { stack?: string } }).err.stack).toMatch(/http-errors\.test/);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('no error body by hand', () => {
  it('server files send errors only through sendError', () => {
    const files = fs
      .readdirSync('server', { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && f !== path.join('http', 'errors.ts'));
    expect(files.length).toBeGreaterThan(20);
    for (const f of files) {
      const text = fs.readFileSync(path.join('server', f), 'utf8');
      expect(text, f).not.toMatch(/\.status\(\s*[45]\d\d\s*\)/);
      expect(text, f).not.toMatch(/\.json\(\s*\{\s*error\b/);
    }
  });
});
