/**
 * Login rate limiting: a sliding window per user name and per client IP, in Redis sorted sets (one member
 * per counted attempt, scored by its time), so every process shares the counts.
 *
 * An attempt is counted *before* the password is checked (so parallel guesses cannot slip past the limit)
 * and uncounted again when it succeeds or when it was refused by the limit; only failures remain. A
 * success also clears the user name's window. The decision itself is the pure `decideWindow`.
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

export const DEFAULT_LOGIN_LIMITS = {
  perUser: { limit: 5, windowMs: 15 * 60_000 },
  perIp: { limit: 20, windowMs: 15 * 60_000 },
} as const satisfies Record<string, WindowRule>;

export interface LoginAttempt {
  member: string;
  userKey: string;
  ipKey: string;
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
  private readonly perUser: WindowRule;
  private readonly perIp: WindowRule;

  constructor(
    private readonly redis: Redis,
    options: { now?: () => number; perUser?: WindowRule; perIp?: WindowRule } = {},
  ) {
    this.now = options.now ?? Date.now;
    this.perUser = options.perUser ?? DEFAULT_LOGIN_LIMITS.perUser;
    this.perIp = options.perIp ?? DEFAULT_LOGIN_LIMITS.perIp;
  }

  /** Counts an attempt for `username` from `ip`, or refuses it with the time to wait. */
  async attempt(username: string, ip: string): Promise<AttemptOutcome> {
    const now = this.now();
    const attempt: LoginAttempt = {
      member: `${now}:${crypto.randomBytes(6).toString('hex')}`,
      userKey: `${KEY_PREFIX}user:${keyPart(username.trim().toLowerCase())}`,
      ipKey: `${KEY_PREFIX}ip:${keyPart(ip)}`,
    };
    const [userPrior, ipPrior] = await Promise.all([
      this.count(attempt.userKey, attempt.member, now, this.perUser),
      this.count(attempt.ipKey, attempt.member, now, this.perIp),
    ]);
    const decisions = [decideWindow(userPrior, now, this.perUser), decideWindow(ipPrior, now, this.perIp)];
    if (decisions.every((d) => d.allowed)) return { allowed: true, attempt };
    await this.redis.multi().zrem(attempt.userKey, attempt.member).zrem(attempt.ipKey, attempt.member).exec();
    const waitMs = Math.max(...decisions.map((d) => d.retryAfterMs));
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  /** The attempt succeeded: it does not count, and earlier failures for the user name are forgiven. */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    await this.redis.multi().del(attempt.userKey).zrem(attempt.ipKey, attempt.member).exec();
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
