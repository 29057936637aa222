import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../common/node/config.js';
import { loadSecrets } from '../../common/node/secrets.js';

describe('configuration', () => {
  it('has the defaults of CONTRACT.md §5', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 8080,
      DATA_DIR: './data',
      SIMULATE: false,
      ALERT_GRACE_SECONDS: 60,
      ROLE: 'all',
    });
    expect(c.CLICKHOUSE_URL).toBeUndefined();
    expect(c.REDIS_URL).toBeUndefined();
    expect(path.isAbsolute(c.dataDir)).toBe(true);
  });

  it('reports every problem at once, each saying what to fix', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        ROLE: 'worker',
        CLICKHOUSE_URL: 'localhost:8123',
        ALERT_GRACE_SECONDS: '-1',
        SIMULATE: 'yes',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toMatch(/PORT: must be a number/);
    expect(problems.join('\n')).toMatch(/ROLE: must be one of all, ingest, alerts, server/);
    expect(problems.join('\n')).toMatch(/CLICKHOUSE_URL: must be a URL starting with http: or https:/);
    expect(problems.join('\n')).toMatch(/ALERT_GRACE_SECONDS: must be at least 0/);
    expect(problems.join('\n')).toMatch(/SIMULATE: must be 0 or 1/);
  });

  it('treats empty strings as unset and parses values', () => {
    const c = loadConfig({
      PORT: '0',
      SIMULATE: '1',
      REDIS_URL: '',
      ROLE: 'server',
      ALERT_GRACE_SECONDS: '5',
    });
    expect(c).toMatchObject({ PORT: 0, SIMULATE: true, ROLE: 'server', ALERT_GRACE_SECONDS: 5 });
    expect(c.REDIS_URL).toBeUndefined();
  });
});

describe('BACKFILL_HORIZON_HOURS (CONTRACT §6.4)', () => {
  it('defaults to 48, takes whole hours, refuses what is not', () => {
    expect(loadConfig({}).BACKFILL_HORIZON_HOURS).toBe(48);
    expect(loadConfig({ BACKFILL_HORIZON_HOURS: '72' }).BACKFILL_HORIZON_HOURS).toBe(72);
    for (const bad of ['0', '-3', '1.5', 'two days', '100000'])
      expect(() => loadConfig({ BACKFILL_HORIZON_HOURS: bad })).toThrow(/BACKFILL_HORIZON_HOURS: must/);
  });
});

describe('security settings', () => {
  it('default to same origin only, 12 h sessions, 1-year kiosk tokens and a 15 s request deadline', () => {
    expect(loadConfig({})).toMatchObject({
      ALLOWED_ORIGINS: [],
      SESSION_HOURS: 12,
      KIOSK_TOKEN_DAYS: 365,
      REQUEST_TIMEOUT_SECONDS: 15,
    });
  });

  it('reads ALLOWED_ORIGINS as a comma-separated list of origins, normalised', () => {
    const c = loadConfig({ ALLOWED_ORIGINS: ' https://Wall.example.org/ , http://10.0.0.5:8080' });
    expect(c.ALLOWED_ORIGINS).toEqual(['https://wall.example.org', 'http://10.0.0.5:8080']);
  });

  it('names every entry of ALLOWED_ORIGINS that is not an origin', () => {
    let error: unknown;
    try {
      loadConfig({ ALLOWED_ORIGINS: 'wall.example.org,https://ok.example.org,https://x.org/path,*' });
    } catch (err) {
      error = err;
    }
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/ALLOWED_ORIGINS: "wall.example.org" is not an origin/);
    expect(problems).toMatch(/ALLOWED_ORIGINS: "https:\/\/x.org\/path" is not an origin/);
    expect(problems).toMatch(/ALLOWED_ORIGINS: "\*" is not an origin/);
    expect(problems).not.toMatch(/ok.example.org/);
  });
});

describe('generated secrets', () => {
  it('are generated once, kept with mode 0600, and reused', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-secrets-'));
    const first = loadSecrets(dir, {});
    expect(first.generated).toEqual(['INGEST_TOKEN', 'ADMIN_PASSWORD']);
    expect(first.ingestToken.length).toBeGreaterThanOrEqual(32);
    const mode = fs.statSync(path.join(dir, 'secrets.json')).mode & 0o777;
    expect(mode).toBe(0o600);
    const second = loadSecrets(dir, {});
    expect(second).toEqual({ ...first, generated: [] });
    const given = loadSecrets(dir, { ingestToken: 'given-token-0123456789' });
    expect(given.ingestToken).toBe('given-token-0123456789');
    expect(given.adminPassword).toBe(first.adminPassword);
    fs.rmSync(dir, { recursive: true });
  });
});
