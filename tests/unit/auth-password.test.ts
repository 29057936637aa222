import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCRYPT,
  generatePassword,
  hashPassword,
  needsRehash,
  parseHash,
  verifyAgainstDummy,
  verifyPassword,
} from '../../server/auth/password.js';

const CHEAP = { ln: 10, r: 8, p: 1 };

describe('password hashing (scrypt)', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery', CHEAP);
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('encodes its parameters and a per-user salt in the hash string', async () => {
    const a = await hashPassword('same password', CHEAP);
    const b = await hashPassword('same password', CHEAP);
    expect(a).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(parseHash(a)?.params).toEqual(CHEAP);
    expect(parseHash(a)?.salt).toHaveLength(16);
    expect(parseHash(a)?.key).toHaveLength(32);
  });

  it('uses N = 2^15, r = 8, p = 1 by default', async () => {
    expect(DEFAULT_SCRYPT).toEqual({ ln: 15, r: 8, p: 1 });
    const stored = await hashPassword('default-params');
    expect(stored.startsWith('$scrypt$ln=15,r=8,p=1$')).toBe(true);
    expect(await verifyPassword('default-params', stored)).toBe(true);
  });

  it('verifies with the parameters stored in the hash, and knows when to rehash', async () => {
    const old = await hashPassword('upgrade me', CHEAP);
    expect(await verifyPassword('upgrade me', old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(old, CHEAP)).toBe(false);
    expect(needsRehash('garbage')).toBe(true);
  });

  it('refuses malformed or out-of-bounds stored hashes without throwing', async () => {
    const good = await hashPassword('pw-123456', CHEAP);
    const tooCostly = good.replace('ln=10', 'ln=30');
    const tampered = good.slice(0, -2) + (good.endsWith('A') ? 'BB' : 'AA');
    for (const stored of ['', 'plain-text', '$scrypt$ln=10,r=8,p=1$$', tooCostly, '$bcrypt$10$abc']) {
      expect(await verifyPassword('pw-123456', stored)).toBe(false);
    }
    expect(parseHash(tooCostly)).toBeNull();
    expect(await verifyPassword('pw-123456', tampered)).toBe(false);
    await expect(hashPassword('x', { ln: 4, r: 8, p: 1 })).rejects.toThrow(/bounds/);
  });

  it('treats canonically equal Unicode passwords alike (NFC)', async () => {
    const stored = await hashPassword('caf\u00e9-密码', CHEAP);
    expect(await verifyPassword('cafe\u0301-密码', stored)).toBe(true);
  });

  it('the dummy verification always fails', async () => {
    expect(await verifyAgainstDummy('not-a-real-password', CHEAP)).toBe(false);
  });

  it('generates long random passwords', () => {
    const a = generatePassword();
    expect(a).toMatch(/^[A-Za-z0-9_-]{18}$/);
    expect(generatePassword()).not.toBe(a);
  });
});
