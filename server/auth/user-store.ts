/**
 * Users, durable in ClickHouse (`users`, see migrations.ts), cached in memory in every process.
 *
 * Cache coherence across processes: every change writes the new row to ClickHouse, then sets the Redis
 * key `vigil:auth:users:version` to a fresh random value. Every read first GETs that key (one round trip,
 * which authenticate() runs alongside its token lookup) and reloads the table when the value differs from
 * the one the cache was loaded at. So a user disabled in one process is refused by every other process on
 * its very next request — no message to miss, as with pub/sub across a reconnect. A random value rather
 * than a counter means a Redis that was lost and rebuilt can never present a stale cache as current.
 */
import crypto from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import type { Redis } from 'ioredis';
import type { Role, User } from '../../common/auth.js';
import { queryRows } from '../../common/node/clickhouse.js';
import { runScript } from '../../common/node/redis-script.js';
import { hashPassword } from './password.js';
import type { ScryptParams } from './password.js';

export const USERS_VERSION_KEY = 'vigil:auth:users:version';
const CREATE_LOCK_PREFIX = 'vigil:auth:users:creating:';
/** Deletes a lock only if it still holds the caller's token. */
const UNLOCK = {
  name: 'vigilUnlock',
  lua: `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`,
};

export interface StoredUser extends User {
  passwordHash: string;
  createdAt: number;
  updatedAt: number;
  version: number;
}

export interface NewUser {
  username: string;
  password: string;
  role: Role;
  scope: string;
}

export class UserExistsError extends Error {
  constructor(username: string) {
    super(`user "${username}" already exists`);
    this.name = 'UserExistsError';
  }
}

interface Row {
  username: string;
  password_hash: string;
  role: Role;
  scope: string;
  disabled: number;
  created_ms: string | number;
  updated_ms: string | number;
  version: string | number;
}

const SELECT = `SELECT username, password_hash, role, scope, disabled,
  toUnixTimestamp64Milli(created_at) AS created_ms, toUnixTimestamp64Milli(updated_at) AS updated_ms, version
  FROM users FINAL`;

function fromRow(r: Row): StoredUser {
  return {
    username: r.username,
    role: r.role,
    scope: r.scope,
    disabled: Number(r.disabled) === 1,
    passwordHash: r.password_hash,
    createdAt: Number(r.created_ms),
    updatedAt: Number(r.updated_ms),
    version: Number(r.version),
  };
}

/** 'YYYY-MM-DD hh:mm:ss.sss' (UTC): what DateTime64 parses without best-effort settings. */
function chTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

/** The user as the API shows it: never the hash. */
export function publicUser(u: User): User {
  return { username: u.username, role: u.role, scope: u.scope, disabled: u.disabled };
}

export interface UserStoreOptions {
  now?: () => number;
  /** scrypt parameters for new hashes (tests use cheaper ones). */
  hashParams?: ScryptParams;
}

export class UserStore {
  private cache = new Map<string, StoredUser>();
  private loaded = false;
  private cachedVersion: string | null = null;
  private loadSeq = 0;
  private appliedSeq = 0;
  private inflight: { version: string | null; promise: Promise<void> } | null = null;
  private readonly now: () => number;

  constructor(
    private readonly clickhouse: ClickHouseClient,
    private readonly redis: Redis,
    private readonly options: UserStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Brings the cache up to date with the shared version key (one Redis GET when nothing changed). */
  async sync(): Promise<void> {
    const version = await this.redis.get(USERS_VERSION_KEY);
    if (this.loaded && version === this.cachedVersion) return;
    if (this.inflight && this.inflight.version === version) return this.inflight.promise;
    const seq = ++this.loadSeq;
    const promise = queryRows<Row>(this.clickhouse, SELECT)
      .then((rows) => {
        if (seq <= this.appliedSeq) return;
        this.appliedSeq = seq;
        this.cache = new Map(rows.map((r) => [r.username, fromRow(r)]));
        this.cachedVersion = version;
        this.loaded = true;
      })
      .finally(() => {
        if (this.inflight?.promise === promise) this.inflight = null;
      });
    this.inflight = { version, promise };
    return promise;
  }

  /** The current user (including disabled ones), or null. */
  async get(username: string): Promise<StoredUser | null> {
    await this.sync();
    return this.cache.get(username) ?? null;
  }

  /** The cached user without a sync: only right after `sync()` (authenticate runs both at once). */
  peek(username: string): StoredUser | null {
    return this.cache.get(username) ?? null;
  }

  async list(): Promise<StoredUser[]> {
    await this.sync();
    return [...this.cache.values()].sort((a, b) => a.username.localeCompare(b.username));
  }

  /** Creates a user; UserExistsError when the name is taken (also by a disabled user). */
  async create(input: NewUser): Promise<StoredUser> {
    const lock = CREATE_LOCK_PREFIX + input.username;
    const token = crypto.randomBytes(8).toString('hex');
    if ((await this.redis.set(lock, token, 'PX', 30_000, 'NX')) !== 'OK') {
      throw new UserExistsError(input.username);
    }
    try {
      if (await this.fresh(input.username)) throw new UserExistsError(input.username);
      const now = this.now();
      const user: StoredUser = {
        username: input.username,
        role: input.role,
        scope: input.scope,
        disabled: false,
        passwordHash: await hashPassword(input.password, this.options.hashParams),
        createdAt: now,
        updatedAt: now,
        version: now,
      };
      await this.write(user);
      return user;
    } finally {
      await runScript(this.redis, UNLOCK, [lock], [token]);
    }
  }

  /** Disables a user (their tokens stop working at once, see authenticator.ts); null when unknown. */
  async disable(username: string): Promise<StoredUser | null> {
    return this.modify(username, async () => ({ disabled: true }));
  }

  async setPassword(username: string, password: string): Promise<StoredUser | null> {
    const passwordHash = await hashPassword(password, this.options.hashParams);
    return this.modify(username, async () => ({ passwordHash }));
  }

  /** Sets any of role, scope, disabled and the password (used to restore the initial admin). */
  async update(
    username: string,
    change: { role?: Role; scope?: string; disabled?: boolean; password?: string },
  ): Promise<StoredUser | null> {
    const { password, ...rest } = change;
    const passwordHash =
      password === undefined ? undefined : await hashPassword(password, this.options.hashParams);
    return this.modify(username, async () => ({ ...rest, ...(passwordHash ? { passwordHash } : {}) }));
  }

  private async modify(
    username: string,
    change: (u: StoredUser) => Promise<Partial<StoredUser>>,
  ): Promise<StoredUser | null> {
    const current = await this.fresh(username);
    if (!current) return null;
    const now = this.now();
    const next: StoredUser = {
      ...current,
      ...(await change(current)),
      username: current.username,
      updatedAt: now,
      version: Math.max(now, current.version + 1),
    };
    await this.write(next);
    return next;
  }

  /** Reads one user straight from ClickHouse (writes must not start from a stale cache). */
  private async fresh(username: string): Promise<StoredUser | null> {
    const rows = await queryRows<Row>(this.clickhouse, `${SELECT} WHERE username = {u:String}`, {
      u: username,
    });
    return rows[0] ? fromRow(rows[0]) : null;
  }

  private async write(u: StoredUser): Promise<void> {
    await this.clickhouse.insert({
      table: 'users',
      format: 'JSONEachRow',
      values: [
        {
          username: u.username,
          password_hash: u.passwordHash,
          role: u.role,
          scope: u.scope,
          disabled: u.disabled ? 1 : 0,
          created_at: chTime(u.createdAt),
          updated_at: chTime(u.updatedAt),
          version: u.version,
        },
      ],
    });
    await this.redis.set(USERS_VERSION_KEY, crypto.randomBytes(12).toString('base64url'));
  }
}

export type InitialAdminOutcome = 'exists' | 'created' | 'restored';

/**
 * Makes sure an active admin exists: when none does, creates `admin` (role admin, scope all) with
 * `password`, or — when `admin` exists but was disabled or demoted — restores it with that password.
 * Safe to run at every start and from several processes at once.
 */
export async function ensureInitialAdmin(store: UserStore, password: string): Promise<InitialAdminOutcome> {
  const users = await store.list();
  if (users.some((u) => u.role === 'admin' && !u.disabled)) return 'exists';
  if (!users.some((u) => u.username === 'admin')) {
    try {
      await store.create({ username: 'admin', password, role: 'admin', scope: '' });
      return 'created';
    } catch (err) {
      if (err instanceof UserExistsError) return 'exists';
      throw err;
    }
  }
  await store.update('admin', { role: 'admin', scope: '', disabled: false, password });
  return 'restored';
}
