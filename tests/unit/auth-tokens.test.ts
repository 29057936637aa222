import { describe, expect, it } from 'vitest';
import { isWellFormedToken, parseTokenRecord, SESSION_TTL_MS, tokenHash } from '../../server/auth/tokens.js';
import { toAuthUser } from '../../server/auth/service.js';
import type { StoredUser } from '../../server/auth/user-store.js';

const T0 = Date.UTC(2026, 10, 26, 8, 30);

function fields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    u: 'alice',
    k: 'session',
    i: '0123456789abcdef',
    c: String(T0),
    e: String(T0 + SESSION_TTL_MS),
    ...overrides,
  };
}

describe('token records and expiry (injected clock)', () => {
  it('is valid until its expiry and dead from then on', () => {
    expect(parseTokenRecord(fields(), T0)).toEqual({
      username: 'alice',
      kind: 'session',
      id: '0123456789abcdef',
      createdAt: T0,
      expiresAt: T0 + SESSION_TTL_MS,
    });
    expect(parseTokenRecord(fields(), T0 + SESSION_TTL_MS - 1)).not.toBeNull();
    expect(parseTokenRecord(fields(), T0 + SESSION_TTL_MS)).toBeNull();
    expect(parseTokenRecord(fields(), T0 + 30 * SESSION_TTL_MS)).toBeNull();
  });

  it('sessions last 12 hours', () => {
    expect(SESSION_TTL_MS).toBe(12 * 3600_000);
  });

  it('an incomplete or odd record (revoked, missing, tampered) is no token', () => {
    expect(parseTokenRecord({}, T0)).toBeNull();
    expect(parseTokenRecord(fields({ u: '' }), T0)).toBeNull();
    expect(parseTokenRecord(fields({ k: 'admin' }), T0)).toBeNull();
    expect(parseTokenRecord(fields({ e: 'never' }), T0)).toBeNull();
  });

  it('accepts only the shape of a 32-byte base64url token', () => {
    const token = Buffer.alloc(32, 7).toString('base64url');
    expect(isWellFormedToken(token)).toBe(true);
    expect(isWellFormedToken(token + 'A')).toBe(false);
    expect(isWellFormedToken(token.slice(1) + '=')).toBe(false);
    expect(isWellFormedToken("' OR 1=1 --")).toBe(false);
  });

  it('stores tokens by their SHA-256 (hex), never the token itself', () => {
    const token = Buffer.alloc(32, 1).toString('base64url');
    expect(tokenHash(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenHash(token)).toBe(tokenHash(token));
    expect(tokenHash(token)).not.toContain(token);
  });

  it('a kiosk token never carries more than the viewer role', () => {
    const user: StoredUser = {
      username: 'wall',
      role: 'manager',
      scope: '4501',
      disabled: false,
      passwordHash: 'x',
      createdAt: T0,
      updatedAt: T0,
      version: T0,
    };
    expect(toAuthUser(user, 'kiosk')).toEqual({ username: 'wall', role: 'viewer', scope: '4501' });
    expect(toAuthUser(user, 'session')).toEqual({ username: 'wall', role: 'manager', scope: '4501' });
  });
});
