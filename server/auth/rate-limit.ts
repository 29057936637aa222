/**
 * Login throttling (OWASP: throttle per account and address rather than lock accounts): sliding windows per
 * (user name, client IP), per IP and per user name, in Redis sorted sets (one member per counted attempt,
 * scored by its time), so every process shares the counts. See DEFAULT_LOGIN_LIMITS.
 *
 * An attempt is counted *before* the password is checked (so parallel guesses cannot slip past the limit)
 * and uncounted again when it succeeds or when it was refused by the limit; only failures remain. A
 * success also clears its (user name, IP) window. The decisions are the pure `decideWindow`/`decideLogin`.
 */
import crypto from 'node:crypto';
import type { Redis } from 'ioredis';

export interface WindowRule {
  limit: number;
  windowMs: number;
}

export interface WindowDecision {
  allowed: boolean;
  /** When refused: how long until one more attempt fits in the window. */
  retryAfterMs: number;
}

/** Whether one more attempt is allowed, given the times of the attempts already counted. */
export function decideWindow(prior: readonly number[], now: number, rule: WindowRule): WindowDecision {
  const live = prior.filter((t) => t > now - rule.windowMs).sort((a, b) => a - b);
  if (live.length < rule.limit) return { allowed: true, retryAfterMs: 0 };
  // Once the oldest (live.length - limit + 1) attempts have left the window, fewer than `limit` remain.
  const pivot = live[live.length - rule.limit] as number;
  return { allowed: false, retryAfterMs: Math.max(1, pivot + rule.windowMs - now) };
}

/**
 * Failures counted per (user name, client address), per address, and per user name from anywhere. The first
 * stops guessing one account from one place; the second, spraying many accounts from one place; the third,
 * a distributed guess at one account — set far higher, so that strangers cannot lock a user out: their
 * failures refuse only their own address, and the user signs in from theirs as usual.
 */
export const DEFAULT_LOGIN_LIMITS = {
  perUserAndIp: { limit: 5, windowMs: 15 * 60_000 },
  perIp: { limit: 20, windowMs: 15 * 60_000 },
  perUser: { limit: 100, windowMs: 15 * 60_000 },
} as const satisfies Record<string, WindowRule>;

export type LoginLimits = Record<keyof typeof DEFAULT_LOGIN_LIMITS, WindowRule>;
type Counted = Record<keyof LoginLimits, readonly number[]>;

/** Whether one more attempt is allowed given the failures counted under each key; the longest wait wins. */
export function decideLogin(prior: Counted, now: number, limits: LoginLimits): WindowDecision {
  const decisions = (Object.keys(limits) as (keyof LoginLimits)[]).map((k) =>
    decideWindow(prior[k], now, limits[k]),
  );
  if (decisions.every((d) => d.allowed)) return { allowed: true, retryAfterMs: 0 };
  return { allowed: false, retryAfterMs: Math.max(...decisions.map((d) => d.retryAfterMs)) };
}

export interface LoginAttempt {
  member: string;
  keys: Record<keyof LoginLimits, string>;
}

export type AttemptOutcome =
  { allowed: true; attempt: LoginAttempt } | { allowed: false; retryAfterSeconds: number };

const KEY_PREFIX = 'vigil:auth:login-failures:';

function keyPart(text: string): string {
  return crypto.createHash('sha256').update(text).digest('base64url').slice(0, 22);
}

/**
 * Scores of a ZRANGE … WITHSCORES reply except `member`'s. RESP2 (and RESP3 with legacy mapping) give a
 * flat [member, score, …] array; RESP3 gives [member, score] pairs.
 */
export function scoresExcept(reply: unknown, member: string): number[] {
  if (!Array.isArray(reply)) return [];
  const pairs: [unknown, unknown][] = Array.isArray(reply[0])
    ? (reply as [unknown, unknown][])
    : Array.from({ length: Math.floor(reply.length / 2) }, (_, i) => [reply[2 * i], reply[2 * i + 1]]);
  return pairs.filter(([m]) => String(m) !== member).map(([, score]) => Number(score));
}

export class LoginRateLimiter {
  private readonly now: () => number;
  private readonly limits: LoginLimits;

  constructor(
    private readonly redis: Redis,
    options: { now?: () => number; limits?: Partial<LoginLimits> } = {},
  ) {
    this.now = options.now ?? Date.now;
    this.limits = { ...DEFAULT_LOGIN_LIMITS, ...options.limits };
  }

  /** Counts an attempt for `username` from `ip`, or refuses it with the time to wait. */
  async attempt(username: string, ip: string): Promise<AttemptOutcome> {
    const now = this.now();
    const user = username.trim().toLowerCase();
    const attempt: LoginAttempt = {
      member: `${now}:${crypto.randomBytes(6).toString('hex')}`,
      keys: {
        perUserAndIp: `${KEY_PREFIX}user-ip:${keyPart(`${user}\n${ip}`)}`,
        perIp: `${KEY_PREFIX}ip:${keyPart(ip)}`,
        perUser: `${KEY_PREFIX}user:${keyPart(user)}`,
      },
    };
    const counted = (k: keyof LoginLimits): Promise<number[]> =>
      this.count(attempt.keys[k], attempt.member, now, this.limits[k]);
    const [perUserAndIp, perIp, perUser] = await Promise.all([
      counted('perUserAndIp'),
      counted('perIp'),
      counted('perUser'),
    ]);
    const prior: Counted = { perUserAndIp, perIp, perUser };
    const decision = decideLogin(prior, now, this.limits);
    if (decision.allowed) return { allowed: true, attempt };
    await this.uncount(attempt);
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(decision.retryAfterMs / 1000)) };
  }

  /**
   * The attempt succeeded: it does not count, and the failures from this address for this user name are
   * forgiven. The user name's failures from elsewhere stay counted (a success must not reset a distributed
   * guess).
   */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    await this.redis
      .multi()
      .del(attempt.keys.perUserAndIp)
      .zrem(attempt.keys.perIp, attempt.member)
      .zrem(attempt.keys.perUser, attempt.member)
      .exec();
  }

  private async uncount(attempt: LoginAttempt): Promise<void> {
    const tx = this.redis.multi();
    for (const key of Object.values(attempt.keys)) tx.zrem(key, attempt.member);
    await tx.exec();
  }

  /** Adds the attempt and returns the times of the other attempts still in the window. */
  private async count(key: string, member: string, now: number, rule: WindowRule): Promise<number[]> {
    const results = await this.redis
      .multi()
      .zremrangebyscore(key, '-inf', String(now - rule.windowMs))
      .zadd(key, now, member)
      .zrange(key, '0', '-1', 'WITHSCORES')
      .pexpire(key, rule.windowMs)
      .exec();
    const [err, flat] = results?.[2] ?? [new Error('rate limit: no reply from Redis'), null];
    if (err) throw err;
    return scoresExcept(flat, member);
  }
}
