/**
 * The admin's user operations beyond create/disable (issue #18): enabling a disabled user again, setting a new
 * password (the user's sessions end, their wall screens keep working), and kiosk tokens labelled with their
 * screen. Real Redis and embedded ClickHouse (auth-harness); every change is in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../common/node/clickhouse.js';
import { startAuthHarness } from './auth-harness.js';
import type { AuthHarness } from './auth-harness.js';

let h: AuthHarness;

beforeAll(async () => {
  h = await startAuthHarness();
});
afterAll(async () => {
  await h?.close();
});

const admin = (method: string, route: string, body?: unknown) =>
  h.call(method, route, { token: h.adminToken, ...(body === undefined ? {} : { body }) });

async function audit(target: string): Promise<{ actor: string; action: string; note: string }[]> {
  return queryRows(
    h.clickhouse.client,
    'SELECT actor, action, note FROM audit_log WHERE target = {t:String} ORDER BY at',
    { t: target },
  );
}

describe('enabling a disabled user', () => {
  it('lets them sign in again with their password; the tokens cut off by disabling stay dead', async () => {
    const pw = await h.addUser('back-01', 'officer', '4501');
    const old = await h.tokenOf('back-01', pw);
    expect((await admin('DELETE', '/api/users/back-01')).json.disabled).toBe(true);
    expect((await h.login('back-01', pw)).status).toBe(401);

    const enabled = await admin('POST', '/api/users/back-01/enable');
    expect(enabled.status, enabled.text).toBe(200);
    expect(enabled.json).toEqual({ username: 'back-01', role: 'officer', scope: '4501', disabled: false });
    expect((await h.call('GET', '/api/auth/me', { token: old })).status).toBe(401);
    const fresh = await h.tokenOf('back-01', pw);
    expect((await h.call('GET', '/api/auth/me', { token: fresh })).status).toBe(200);
    // Enabling an active user changes nothing and is not recorded again.
    expect((await admin('POST', '/api/users/back-01/enable')).status).toBe(200);
    expect((await audit('back-01')).map((r) => r.action)).toEqual([
      'user_create',
      'user_disable',
      'user_enable',
    ]);
    expect((await admin('POST', '/api/users/nobody-here/enable')).json.code).toBe('not_found');
  });
});

describe('setting a new password', () => {
  it('ends the sessions, keeps the kiosk tokens, and only the new password signs in', async () => {
    const pw = await h.addUser('reset-01', 'viewer', '4501');
    const session = await h.tokenOf('reset-01', pw);
    const kiosk = (await admin('POST', '/api/users/reset-01/kiosk-tokens', {})).json.token as string;
    h.passwords.push('brand-new-password-9');

    const res = await admin('PUT', '/api/users/reset-01/password', { password: 'brand-new-password-9' });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ username: 'reset-01', role: 'viewer', scope: '4501', disabled: false });
    expect((await h.call('GET', '/api/auth/me', { token: session })).status).toBe(401);
    expect((await h.call('GET', '/api/auth/me', { token: kiosk })).status).toBe(200);
    expect((await h.login('reset-01', pw)).status).toBe(401);
    expect((await h.login('reset-01', 'brand-new-password-9')).status).toBe(200);
    const rows = await audit('reset-01');
    expect(rows.at(-1)).toEqual({ actor: 'admin', action: 'user_password', note: '' });
  });

  it('says what is wrong with the password, and refuses the admin their own account', async () => {
    await h.addUser('reset-02', 'viewer', '4501');
    const short = await admin('PUT', '/api/users/reset-02/password', { password: 'short' });
    expect(short.status).toBe(400);
    expect(short.json.code).toBe('invalid_body');
    expect(short.json.error).toContain('password: must be at least 8 characters');
    const own = await admin('PUT', '/api/users/admin/password', { password: 'whatever-long-1' });
    expect(own.json.code).toBe('own_account');
    expect((await admin('PUT', '/api/users/ghost/password', { password: 'whatever-long-1' })).status).toBe(
      404,
    );
  });

  it('a scoped admin cannot reset or enable a user outside their scope', async () => {
    const pw = await h.addUser('admin-4501', 'admin', '4501');
    await h.addUser('far-01', 'viewer', '4502');
    const token = await h.tokenOf('admin-4501', pw);
    const reset = await h.call('PUT', '/api/users/far-01/password', {
      token,
      body: { password: 'whatever-long-1' },
    });
    expect(reset.json.code).toBe('out_of_scope');
    expect((await h.call('POST', '/api/users/far-01/enable', { token })).json.code).toBe('out_of_scope');
  });
});

describe('kiosk token labels', () => {
  it('name the screen in the list; blank or too long labels are refused', async () => {
    await h.addUser('wall-lbl', 'viewer', '4501');
    const made = await admin('POST', '/api/users/wall-lbl/kiosk-tokens', { label: '  指挥中心大屏 2 ' });
    expect(made.status, made.text).toBe(201);
    expect(made.json.label).toBe('指挥中心大屏 2');
    const plain = await admin('POST', '/api/users/wall-lbl/kiosk-tokens');
    expect(plain.status, plain.text).toBe(201);
    const list = await admin('GET', '/api/users/wall-lbl/kiosk-tokens');
    const labels = new Map(
      (list.json.tokens as { id: string; label: string | null }[]).map((t) => [t.id, t.label]),
    );
    expect(labels).toEqual(
      new Map([
        [made.json.id, '指挥中心大屏 2'],
        [plain.json.id, null],
      ]),
    );
    expect((await audit(`wall-lbl/${made.json.id as string}`))[0]).toMatchObject({
      action: 'kiosk_issue',
      note: '指挥中心大屏 2',
    });
    const blank = await admin('POST', '/api/users/wall-lbl/kiosk-tokens', { label: '   ' });
    expect(blank.json.code).toBe('invalid_body');
    const long = await admin('POST', '/api/users/wall-lbl/kiosk-tokens', { label: 'x'.repeat(61) });
    expect(long.json.error).toContain('label: must be at most 60 characters');
  });
});
