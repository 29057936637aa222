/**
 * Authentication assembled from its stores: `authenticate(token)` (HTTP and Socket.IO middleware),
 * `login`, and the user changes that must also revoke tokens.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { Redis } from 'ioredis';
import { USERNAME_PATTERN } from '../../common/auth.js';
import type { AuthUser } from '../../common/auth.js';
import { needsRehash, verifyAgainstDummy, verifyPassword, DEFAULT_SCRYPT } from './password.js';
import type { ScryptParams } from './password.js';
import { LoginRateLimiter } from './rate-limit.js';
import { publishRevocation } from './revocations.js';
import type { LoginLimits } from './rate-limit.js';
import { TokenStore, isWellFormedToken } from './tokens.js';
import { UserStore } from './user-store.js';
import type { StoredUser } from './user-store.js';

export type Authenticate = (token: string) => Promise<AuthUser | null>;

export type LoginOutcome =
  | { kind: 'ok'; token: string; expiresAt: number; user: AuthUser }
  | { kind: 'denied' }
  | { kind: 'limited'; retryAfterSeconds: number };

export interface AuthOptions {
  clickhouse: ClickHouseClient;
  /** A connection of its own is not needed: auth only issues plain commands. */
  redis: Redis;
  now?: () => number;
  hashParams?: ScryptParams;
  sessionTtlMs?: number;
  kioskTtlMs?: number;
  limits?: Partial<LoginLimits>;
}

export interface Auth {
  users: UserStore;
  tokens: TokenStore;
  limiter: LoginRateLimiter;
  authenticate: Authenticate;
  login(username: string, password: string, ip: string): Promise<LoginOutcome>;
  /** Disables the user and revokes all their tokens; null when there is no such user. */
  disableUser(username: string): Promise<StoredUser | null>;
  /** Sets a new password and ends the user's sessions (kiosk tokens stay). */
  setPassword(username: string, password: string): Promise<StoredUser | null>;
  /** Enables a disabled user again (their old tokens stay revoked); null when there is no such user. */
  enableUser(username: string): Promise<StoredUser | null>;
}

/** Who a token stands for. Kiosk tokens never carry more than the viewer role. */
export function toAuthUser(user: StoredUser, kind: 'session' | 'kiosk'): AuthUser {
  return { username: user.username, role: kind === 'kiosk' ? 'viewer' : user.role, scope: user.scope };
}

export function createAuth(opts: AuthOptions): Auth {
  const now = opts.now ?? Date.now;
  const hashParams = opts.hashParams ?? DEFAULT_SCRYPT;
  const users = new UserStore(opts.clickhouse, opts.redis, { now, hashParams });
  const tokens = new TokenStore(opts.redis, {
    now,
    ...(opts.sessionTtlMs ? { sessionTtlMs: opts.sessionTtlMs } : {}),
    ...(opts.kioskTtlMs ? { kioskTtlMs: opts.kioskTtlMs } : {}),
  });
  const limiter = new LoginRateLimiter(opts.redis, { now, ...(opts.limits ? { limits: opts.limits } : {}) });

  // One round trip: the token lookup and the users-version check run together. A disabled user is
  // refused here even if deleting their tokens had failed.
  const authenticate: Authenticate = async (token) => {
    if (!isWellFormedToken(token)) return null;
    const [record] = await Promise.all([tokens.lookup(token), users.sync()]);
    if (!record) return null;
    const user = users.peek(record.username);
    if (!user || user.disabled) return null;
    return toAuthUser(user, record.kind);
  };

  return {
    users,
    tokens,
    limiter,
    authenticate,
    async login(username, password, ip) {
      const gate = await limiter.attempt(username, ip);
      if (!gate.allowed) return { kind: 'limited', retryAfterSeconds: gate.retryAfterSeconds };
      const user = USERNAME_PATTERN.test(username) ? await users.get(username) : null;
      const ok =
        user && !user.disabled
          ? await verifyPassword(password, user.passwordHash)
          : await verifyAgainstDummy(password, hashParams);
      if (!ok || !user || user.disabled) return { kind: 'denied' };
      await limiter.succeeded(gate.attempt);
      if (needsRehash(user.passwordHash, hashParams)) await users.setPassword(user.username, password);
      const session = await tokens.issueSession(user.username);
      return {
        kind: 'ok',
        token: session.token,
        expiresAt: session.expiresAt,
        user: toAuthUser(user, 'session'),
      };
    },
    async disableUser(username) {
      const user = await users.disable(username);
      if (!user) return null;
      await tokens.revokeAll(username);
      await publishRevocation(opts.redis, { username, reason: 'disabled' });
      return user;
    },
    async setPassword(username, password) {
      const user = await users.setPassword(username, password);
      if (user) await tokens.revokeAll(username, ['session']);
      return user;
    },
    async enableUser(username) {
      const user = await users.get(username);
      if (!user || !user.disabled) return user;
      return users.update(username, { disabled: false });
    },
  };
}
