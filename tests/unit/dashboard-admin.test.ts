import { describe, expect, it } from 'vitest';
import {
  PASSWORD_MAX as SERVER_PASSWORD_MAX,
  PASSWORD_MIN as SERVER_PASSWORD_MIN,
  KIOSK_LABEL_MAX as SERVER_KIOSK_LABEL_MAX,
  USERNAME_PATTERN,
  USER_ROLES,
  createUserRequestSchema,
} from '../../common/auth.js';
import type { User } from '../../common/auth.js';
import type { Unit } from '../../common/units.js';
import { createApiClient } from '../../dashboard/src/api/client.js';
import { vigilApi } from '../../dashboard/src/api/endpoints.js';
import { mayOpen } from '../../dashboard/src/lib/roles.js';
import {
  EMPTY_FORM,
  KIOSK_LABEL_MAX,
  PASSWORD_MAX,
  PASSWORD_MIN,
  ROLES,
  SCOPE_RE,
  USERNAME_RE,
  createRequest,
  kioskUrl,
  scopeChoices,
  scopeUnit,
  sortUsers,
  validatePasswordReset,
  validateUserForm,
} from '../../dashboard/src/views/admin/user-form.js';
import type { UserForm } from '../../dashboard/src/views/admin/user-form.js';

const unit = (code: string, level: Unit['level'], name: string): Unit => ({
  code,
  name,
  name_en: `${name} (en)`,
  parent: null,
  level,
  time_zone: 'Asia/Shanghai',
});
const UNITS = new Map(
  [
    unit('450000000000', 'province', '广西壮族自治区公安厅'),
    unit('450100000000', 'city', '南宁市公安局'),
    unit('450103000000', 'county', '南宁市公安局青秀分局'),
    unit('450103520000', 'station', '新竹派出所'),
    unit('450200000000', 'city', '柳州市公安局'),
  ].map((u) => [u.code, u]),
);
const form = (over: Partial<UserForm>): UserForm => ({
  ...EMPTY_FORM,
  username: 'wall.nanning',
  password: 'long-enough',
  confirm: 'long-enough',
  role: 'viewer',
  scope: '4501',
  ...over,
});

describe('the new-user form', () => {
  it('keeps the server rules (common/auth.ts) without importing zod into the bundle', () => {
    expect(USERNAME_RE.source).toBe(USERNAME_PATTERN.source);
    expect([PASSWORD_MIN, PASSWORD_MAX]).toEqual([SERVER_PASSWORD_MIN, SERVER_PASSWORD_MAX]);
    expect(KIOSK_LABEL_MAX).toBe(SERVER_KIOSK_LABEL_MAX);
    expect(ROLES).toEqual(USER_ROLES);
    for (const s of ['', '45', '4501', '450103520000', '4', '4501035200001', '45a1', ' 4501'])
      expect(SCOPE_RE.test(s), s).toBe(createUserRequestSchema.shape.scope.safeParse(s).success);
  });

  it('accepts what the server accepts, and sends exactly that', () => {
    const f = form({ username: '  wall.nanning ' });
    expect(validateUserForm(f, '', new Set())).toEqual({});
    const body = createRequest(f);
    expect(body).toEqual({
      username: 'wall.nanning',
      password: 'long-enough',
      role: 'viewer',
      scope: '4501',
    });
    expect(createUserRequestSchema.safeParse(body).success).toBe(true);
  });

  it('says what is wrong, field by field', () => {
    expect(validateUserForm({ ...EMPTY_FORM, role: '' }, '', new Set())).toEqual({
      username: 'admin.err.required',
      password: 'admin.err.required',
      role: 'admin.err.role',
    });
    expect(validateUserForm(form({ username: 'Wang' }), '', new Set()).username).toBe('admin.err.username');
    expect(validateUserForm(form({ username: '-x' }), '', new Set()).username).toBe('admin.err.username');
    expect(validateUserForm(form({}), '', new Set(['wall.nanning'])).username).toBe('admin.err.taken');
    expect(validateUserForm(form({ password: 'short', confirm: 'short' }), '', new Set())).toEqual({
      password: 'admin.err.passwordShort',
    });
    const long = 'x'.repeat(257);
    expect(validateUserForm(form({ password: long, confirm: long }), '', new Set()).password).toBe(
      'admin.err.passwordLong',
    );
    expect(validateUserForm(form({ confirm: 'long-enougH' }), '', new Set())).toEqual({
      confirm: 'admin.err.confirm',
    });
    expect(validateUserForm(form({ scope: '4' }), '', new Set()).scope).toBe('admin.err.scope');
    expect(validateUserForm(form({ scope: '45a1' }), '', new Set()).scope).toBe('admin.err.scope');
  });

  it('keeps a scoped admin within their scope (empty = all units is outside it)', () => {
    expect(validateUserForm(form({ scope: '450103' }), '4501', new Set())).toEqual({});
    expect(validateUserForm(form({ scope: '4501' }), '4501', new Set())).toEqual({});
    expect(validateUserForm(form({ scope: '4502' }), '4501', new Set()).scope).toBe('admin.err.scopeOutside');
    expect(validateUserForm(form({ scope: '' }), '4501', new Set()).scope).toBe('admin.err.scopeOutside');
  });
});

describe('scopes and units', () => {
  it('names a scope by the unit it stands for, only at a unit level', () => {
    expect(scopeUnit('4501', UNITS)?.name).toBe('南宁市公安局');
    expect(scopeUnit('45', UNITS)?.name).toBe('广西壮族自治区公安厅');
    expect(scopeUnit('450103520000', UNITS)?.name).toBe('新竹派出所');
    // '45010' is not Nanning's prefix (it covers 450100–450109): no name rather than a wrong one.
    expect(scopeUnit('45010', UNITS)).toBeNull();
    expect(scopeUnit('4509', UNITS)).toBeNull();
    expect(scopeUnit('', UNITS)).toBeNull();
  });

  it('offers the units within the admin scope as prefixes', () => {
    expect(scopeChoices(UNITS.values(), '', (u) => u.name).map((c) => c.prefix)).toEqual([
      '45',
      '4501',
      '450103',
      '450103520000',
      '4502',
    ]);
    expect(scopeChoices(UNITS.values(), '4501', (u) => u.name_en ?? u.name)).toEqual([
      { prefix: '4501', label: '南宁市公安局 (en)', level: 'city' },
      { prefix: '450103', label: '南宁市公安局青秀分局 (en)', level: 'county' },
      { prefix: '450103520000', label: '新竹派出所 (en)', level: 'station' },
    ]);
  });
});

describe('the password an admin sets', () => {
  it('must be there, of the allowed length, and typed the same twice', () => {
    expect(validatePasswordReset('', '')).toEqual({ password: 'admin.err.required' });
    expect(validatePasswordReset('short', 'short')).toEqual({ password: 'admin.err.passwordShort' });
    expect(validatePasswordReset('x'.repeat(257), '')).toEqual({ password: 'admin.err.passwordLong' });
    expect(validatePasswordReset('long-enough-1', 'long-enough-2')).toEqual({ confirm: 'admin.err.confirm' });
    expect(validatePasswordReset('long-enough-1', 'long-enough-1')).toEqual({});
  });
});

describe('admin page helpers', () => {
  it('builds the kiosk address from the origin, the token escaped', () => {
    expect(kioskUrl('http://10.1.2.3:8080', 'k_abc+/=')).toBe(
      'http://10.1.2.3:8080/wall?token=k_abc%2B%2F%3D',
    );
    expect(kioskUrl('https://vigil.example/', 'abc')).toBe('https://vigil.example/wall?token=abc');
  });

  it('lists active users first, then by name', () => {
    const u = (username: string, disabled = false): User => ({
      username,
      role: 'viewer',
      scope: '',
      disabled,
    });
    expect(sortUsers([u('b'), u('a', true), u('c'), u('admin')]).map((x) => x.username)).toEqual([
      'admin',
      'b',
      'c',
      'a',
    ]);
  });

  it('opens /admin to admins only', () => {
    expect(mayOpen('admin', 'admin')).toBe(true);
    for (const r of ['viewer', 'officer', 'manager'] as const) expect(mayOpen(r, 'admin')).toBe(false);
  });

  it('calls the user and kiosk-token routes with the right methods; 204 is null', async () => {
    const calls: string[] = [];
    const fetch = (async (url: string, init: RequestInit) => {
      calls.push(`${init.method} ${url}${init.body ? ` ${String(init.body)}` : ''}`);
      if (init.method === 'DELETE' && url.includes('kiosk-tokens'))
        return new Response(null, { status: 204 });
      return new Response(JSON.stringify({ ok: true }), { status: 200 });
    }) as typeof globalThis.fetch;
    const api = vigilApi(createApiClient({ getToken: () => 't', fetch }));
    await api.users();
    await api.createUser({ username: 'a.b', password: 'long-enough', role: 'viewer', scope: '' });
    await api.disableUser('a.b');
    await api.kioskTokens('a.b');
    await api.createKioskToken('a.b');
    await api.createKioskToken('a.b', '大屏 2');
    await api.enableUser('a.b');
    await api.resetPassword('a.b', 'new-long-one');
    expect(await api.revokeKioskToken('a.b', '0123456789abcdef')).toBeNull();
    expect(calls).toEqual([
      'GET /api/users',
      'POST /api/users {"username":"a.b","password":"long-enough","role":"viewer","scope":""}',
      'DELETE /api/users/a.b',
      'GET /api/users/a.b/kiosk-tokens',
      'POST /api/users/a.b/kiosk-tokens {}',
      'POST /api/users/a.b/kiosk-tokens {"label":"大屏 2"}',
      'POST /api/users/a.b/enable {}',
      'PUT /api/users/a.b/password {"password":"new-long-one"}',
      'DELETE /api/users/a.b/kiosk-tokens/0123456789abcdef',
    ]);
  });
});
