/**
 * Bearer tokens: 32 random bytes (base64url), handed out once and stored only as their SHA-256.
 *
 * Redis keys (all under vigil:auth:):
 *   token:<sha256>        hash {u: username, k: session|kiosk, i: id, c: created ms, e: expires ms},
 *                         with a Redis TTL of the token's lifetime (sessions 12 h, kiosk tokens 1 year)
 *   user-tokens:<user>    sorted set "<kind>:<sha256>" scored by expiry: what to delete to revoke them all
 *   kiosk:<user>          hash id → {h, c, e, l?}: the user's kiosk tokens (l: the screen's label), for
 *                         listing and revoking by id
 * Expiry is also checked against the (injectable) clock, so a token is dead at its expiry even before Redis
 * removes it. Revocation deletes the token key: the next lookup in any process misses; it is then published
 * (revocations.ts) so that every realtime server checks the user's open sockets at once.
 */
import crypto from 'node:crypto';
import type { Redis } from 'ioredis';
import type { KioskTokenCreated, KioskTokenInfo } from '../../common/auth.js';
import { publishRevocation } from './revocations.js';

export const SESSION_TTL_MS = 12 * 3600_000;
export const KIOSK_TTL_MS = 365 * 24 * 3600_000;
export const KIOSK_TOKENS_PER_USER = 20;

export type TokenKind = 'session' | 'kiosk';

export interface TokenRecord {
  username: string;
  kind: TokenKind;
  id: string;
  createdAt: number;
  expiresAt: number;
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
const tokenKey = (hash: string): string => `vigil:auth:token:${hash}`;
const userTokensKey = (username: string): string => `vigil:auth:user-tokens:${username}`;
const kioskKey = (username: string): string => `vigil:auth:kiosk:${username}`;
/** Index keys outlive every token they list. */
const INDEX_TTL_MS = KIOSK_TTL_MS + 24 * 3600_000;

export function isWellFormedToken(token: string): boolean {
  return TOKEN_SHAPE.test(token);
}

export function tokenHash(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/** The record behind a token hash's fields, or null when incomplete or expired at `now`. */
export function parseTokenRecord(fields: Record<string, string>, now: number): TokenRecord | null {
  const { u, k, i, c, e } = fields;
  if (!u || (k !== 'session' && k !== 'kiosk') || i === undefined) return null;
  const createdAt = Number(c);
  const expiresAt = Number(e);
  if (!Number.isFinite(createdAt) || !Number.isFinite(expiresAt) || now >= expiresAt) return null;
  return { username: u, kind: k, id: i, createdAt, expiresAt };
}

export class KioskLimitError extends Error {
  constructor() {
    super(`at most ${KIOSK_TOKENS_PER_USER} kiosk tokens per user; revoke unused ones first`);
    this.name = 'KioskLimitError';
  }
}

export interface TokenStoreOptions {
  now?: () => number;
  sessionTtlMs?: number;
  kioskTtlMs?: number;
}

export class TokenStore {
  private readonly now: () => number;
  private readonly sessionTtlMs: number;
  private readonly kioskTtlMs: number;

  constructor(
    private readonly redis: Redis,
    options: TokenStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.sessionTtlMs = options.sessionTtlMs ?? SESSION_TTL_MS;
    this.kioskTtlMs = options.kioskTtlMs ?? KIOSK_TTL_MS;
  }

  async issueSession(username: string): Promise<{ token: string; expiresAt: number }> {
    const { token, record } = await this.issue(username, 'session', this.sessionTtlMs);
    return { token, expiresAt: record.expiresAt };
  }

  /** A kiosk token, labelled with the screen it is for (`label`, optional). */
  async issueKiosk(username: string, label?: string): Promise<KioskTokenCreated> {
    if ((await this.listKiosk(username)).length >= KIOSK_TOKENS_PER_USER) throw new KioskLimitError();
    const { token, record } = await this.issue(username, 'kiosk', this.kioskTtlMs, label);
    return { token, ...kioskInfo(record.id, { c: record.createdAt, e: record.expiresAt, l: label }) };
  }

  async lookup(token: string): Promise<TokenRecord | null> {
    if (!isWellFormedToken(token)) return null;
    return parseTokenRecord(await this.redis.hgetall(tokenKey(tokenHash(token))), this.now());
  }

  /** Revokes one token (logout). */
  async revoke(token: string): Promise<void> {
    if (!isWellFormedToken(token)) return;
    const hash = tokenHash(token);
    const record = parseTokenRecord(await this.redis.hgetall(tokenKey(hash)), this.now());
    if (!record) return;
    await this.forget(record.username, record.kind, hash, record.id);
  }

  async listKiosk(username: string): Promise<KioskTokenInfo[]> {
    const now = this.now();
    const all = await this.redis.hgetall(kioskKey(username));
    const out: KioskTokenInfo[] = [];
    for (const [id, json] of Object.entries(all)) {
      const entry = parseKioskEntry(json);
      if (entry && entry.e > now) out.push(kioskInfo(id, entry));
    }
    return out.sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
  }

  /** Revokes one kiosk token by id; false when there is none. */
  async revokeKiosk(username: string, id: string): Promise<boolean> {
    const entry = parseKioskEntry(await this.redis.hget(kioskKey(username), id));
    if (!entry) return false;
    await this.forget(username, 'kiosk', entry.h, id);
    return true;
  }

  /** Revokes every token of a user (or only their sessions); returns how many there were. */
  async revokeAll(username: string, kinds: readonly TokenKind[] = ['session', 'kiosk']): Promise<number> {
    const members = await this.redis.zrange(userTokensKey(username), '0', '-1');
    const doomed = members.filter((m) => kinds.includes(m.split(':')[0] as TokenKind));
    const tx = this.redis.multi();
    for (const m of doomed) tx.del(tokenKey(m.split(':')[1] ?? ''));
    if (doomed.length > 0) tx.zrem(userTokensKey(username), ...doomed);
    if (kinds.includes('kiosk')) tx.del(kioskKey(username));
    await execOrThrow(tx);
    await publishRevocation(this.redis, { username, reason: 'revoked' });
    return doomed.length;
  }

  private async issue(
    username: string,
    kind: TokenKind,
    ttlMs: number,
    label?: string,
  ): Promise<{ token: string; record: TokenRecord }> {
    const token = crypto.randomBytes(32).toString('base64url');
    const hash = tokenHash(token);
    const now = this.now();
    const record: TokenRecord = {
      username,
      kind,
      id: crypto.randomBytes(8).toString('hex'),
      createdAt: now,
      expiresAt: now + ttlMs,
    };
    const tx = this.redis.multi();
    tx.hset(tokenKey(hash), { u: username, k: kind, i: record.id, c: now, e: record.expiresAt });
    // A relative TTL: the injected clock need not agree with Redis's.
    tx.pexpire(tokenKey(hash), ttlMs);
    tx.zremrangebyscore(userTokensKey(username), '-inf', String(now));
    tx.zadd(userTokensKey(username), record.expiresAt, `${kind}:${hash}`);
    tx.pexpire(userTokensKey(username), INDEX_TTL_MS);
    if (kind === 'kiosk') {
      const entry: KioskEntry = { h: hash, c: now, e: record.expiresAt, ...(label ? { l: label } : {}) };
      tx.hset(kioskKey(username), record.id, JSON.stringify(entry));
      tx.pexpire(kioskKey(username), INDEX_TTL_MS);
    }
    await execOrThrow(tx);
    return { token, record };
  }

  private async forget(username: string, kind: TokenKind, hash: string, id: string): Promise<void> {
    const tx = this.redis.multi();
    tx.del(tokenKey(hash));
    tx.zrem(userTokensKey(username), `${kind}:${hash}`);
    if (kind === 'kiosk') tx.hdel(kioskKey(username), id);
    await execOrThrow(tx);
    await publishRevocation(this.redis, { username, reason: 'revoked' });
  }
}

/** A kiosk token as listed: its hash, created and expiry (ms) and the screen's label. */
interface KioskEntry {
  h: string;
  c: number;
  e: number;
  l?: string | undefined;
}

function kioskInfo(id: string, entry: Omit<KioskEntry, 'h'>): KioskTokenInfo {
  return {
    id,
    label: entry.l ?? null,
    created_at: new Date(entry.c).toISOString(),
    expires_at: new Date(entry.e).toISOString(),
  };
}

function parseKioskEntry(json: string | null | undefined): KioskEntry | null {
  if (!json) return null;
  try {
    const v = JSON.parse(json) as { h?: unknown; c?: unknown; e?: unknown; l?: unknown };
    if (typeof v.h !== 'string' || typeof v.c !== 'number' || typeof v.e !== 'number') return null;
    return { h: v.h, c: v.c, e: v.e, ...(typeof v.l === 'string' ? { l: v.l } : {}) };
  } catch {
    return null;
  }
}

async function execOrThrow(tx: ReturnType<Redis['multi']>): Promise<void> {
  for (const [err] of (await tx.exec()) ?? []) if (err) throw err;
}
