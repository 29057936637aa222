import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openClickHouse, queryRows } from '../../common/node/clickhouse.js';
import { openRedis } from '../../common/node/redis.js';
import { verifyPassword } from '../../server/auth/password.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-auth-cli-'));

function users(args: string[], input = ''): { status: number | null; out: string; err: string } {
  const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
  delete env.REDIS_URL;
  delete env.CLICKHOUSE_URL;
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'server/users.main.ts'), ...args],
    {
      cwd: ROOT,
      env,
      input,
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  return { status: r.status, out: r.stdout, err: r.stderr };
}

afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run users', () => {
  it('adds a user with the password from stdin, lists, refuses a duplicate', () => {
    const add = users(['add', 'li.wei', '--role', 'officer', '--scope', '4501'], 'li-wei-secret-1\n');
    expect(add.err).toBe('');
    expect(add.status).toBe(0);
    expect(add.out).toMatch(/created li\.wei \(officer, scope 4501\)/);
    expect(add.out).not.toContain('li-wei-secret-1');
    const dup = users(['add', 'li.wei', '--role', 'admin', '--scope', 'all'], 'another-secret\n');
    expect(dup.status).toBe(1);
    expect(dup.err).toMatch(/already exists/);
    const list = users(['list']);
    expect(list.status).toBe(0);
    expect(list.out).toMatch(/li\.wei\s+officer\s+4501\s+active/);
  }, 120_000);

  it('generates and prints a password when none is given; passwd and disable', () => {
    const add = users(['add', 'wall-01', '--role', 'viewer', '--scope', 'all'], '');
    expect(add.status).toBe(0);
    expect(add.out).toMatch(/password: [A-Za-z0-9_-]{18}/);
    const passwd = users(['passwd', 'li.wei'], 'li-wei-secret-2\n');
    expect(passwd.status).toBe(0);
    expect(passwd.out).toMatch(/password of li\.wei changed/);
    const disable = users(['disable', 'wall-01']);
    expect(disable.status).toBe(0);
    expect(users(['list']).out).toMatch(/wall-01\s+viewer\s+all\s+disabled/);
    const enable = users(['enable', 'wall-01']);
    expect(enable.status, enable.err).toBe(0);
    expect(enable.out).toContain('enabled wall-01');
    expect(users(['list']).out).toMatch(/wall-01\s+viewer\s+all\s+active/);
    expect(users(['disable', 'wall-01']).status).toBe(0);
    expect(users(['disable', 'ghost']).status).toBe(1);
  }, 120_000);

  it('says what is wrong with the arguments', () => {
    const noRole = users(['add', 'x1']);
    expect(noRole.status).toBe(2);
    expect(noRole.err).toMatch(/--role and --scope/);
    const badRole = users(['add', 'x1', '--role', 'chief', '--scope', '45']);
    expect(badRole.status).toBe(2);
    expect(badRole.err).toMatch(/--role: must be one of viewer, officer, manager, admin/);
    expect(users(['add', 'x1', '--role', 'viewer', '--scope', '45'], 'short\n').err).toMatch(/at least 8/);
  }, 120_000);

  it('refuses to open the embedded ClickHouse while Vigil runs on the DATA_DIR, and points to the API', async () => {
    const redis = await openRedis(undefined, path.join(dataDir, 'redis'));
    try {
      const r = users(['list']);
      expect(r.status).toBe(3);
      expect(r.err).toMatch(/Vigil is running/);
      expect(r.err).toMatch(/\/api\/users/);
    } finally {
      await redis.stop();
    }
  }, 120_000);

  it('stored what it said, with the password hashed', async () => {
    const ch = await openClickHouse({ database: 'vigil', dataDir });
    try {
      const rows = await queryRows<{ username: string; password_hash: string; disabled: number }>(
        ch.client,
        'SELECT username, password_hash, disabled FROM users FINAL ORDER BY username',
      );
      expect(rows.map((r) => [r.username, Number(r.disabled)])).toEqual([
        ['li.wei', 0],
        ['wall-01', 1],
      ]);
      const hash = rows[0]?.password_hash ?? '';
      expect(hash).toMatch(/^\$scrypt\$ln=15,/);
      expect(await verifyPassword('li-wei-secret-2', hash)).toBe(true);
    } finally {
      await ch.close();
    }
  }, 60_000);
});
