import { describe, expect, it } from 'vitest';
import {
  decideLogin,
  decideWindow,
  DEFAULT_LOGIN_LIMITS,
  scoresExcept,
} from '../../server/auth/rate-limit.js';

const rule = { limit: 5, windowMs: 15 * 60_000 };
const T = 1_000_000_000;

describe('sliding window decision', () => {
  it('allows until the limit is reached', () => {
    expect(decideWindow([], T, rule)).toEqual({ allowed: true, retryAfterMs: 0 });
    expect(decideWindow([T - 4, T - 3, T - 2, T - 1], T, rule).allowed).toBe(true);
    expect(decideWindow([T - 5, T - 4, T - 3, T - 2, T - 1], T, rule).allowed).toBe(false);
  });

  it('forgets attempts that left the window (a boundary exactly windowMs old is gone)', () => {
    const old = [T - rule.windowMs, T - rule.windowMs - 1, T - 2 * rule.windowMs, T - 10, T - 20];
    expect(decideWindow(old, T, rule).allowed).toBe(true);
    expect(decideWindow([...old, T - rule.windowMs + 1], T, rule).allowed).toBe(true);
  });

  it('says how long until one more attempt fits', () => {
    const times = [T - 600_000, T - 500_000, T - 400_000, T - 300_000, T - 200_000];
    const d = decideWindow(times, T, rule);
    expect(d).toEqual({ allowed: false, retryAfterMs: 300_000 });
    expect(decideWindow(times, T + 300_000, rule).allowed).toBe(true);
    expect(decideWindow(times, T + 299_999, rule).allowed).toBe(false);
  });

  it('with more than the limit counted, waits for enough of them to leave', () => {
    const times = Array.from({ length: 8 }, (_, i) => T - 800_000 + i * 100_000);
    // 8 attempts, limit 5: the 4th oldest (T - 500_000) must leave → 400_000 ms.
    expect(decideWindow([...times].reverse(), T, rule)).toEqual({ allowed: false, retryAfterMs: 400_000 });
  });

  it('never answers a wait of zero', () => {
    expect(decideWindow(Array(5).fill(T - rule.windowMs + 1), T, rule).retryAfterMs).toBe(1);
  });

  it('defaults: 5 per user name and address, 20 per address, 100 per user name in 15 minutes', () => {
    expect(DEFAULT_LOGIN_LIMITS.perUserAndIp).toEqual({ limit: 5, windowMs: 900_000 });
    expect(DEFAULT_LOGIN_LIMITS.perIp).toEqual({ limit: 20, windowMs: 900_000 });
    expect(DEFAULT_LOGIN_LIMITS.perUser).toEqual({ limit: 100, windowMs: 900_000 });
  });
});

describe('the login decision (injected clock)', () => {
  const L = DEFAULT_LOGIN_LIMITS;
  const times = (n: number, now: number, gapMs = 1_000): number[] =>
    Array.from({ length: n }, (_, i) => now - (n - i) * gapMs);
  const none = { perUserAndIp: [], perIp: [], perUser: [] };

  it('five failures from one address refuse that address only: the user signs in from another', () => {
    const failures = times(5, T);
    // From the guessing address: its (user, address) and address windows hold the five failures.
    expect(decideLogin({ perUserAndIp: failures, perIp: failures, perUser: failures }, T, L).allowed).toBe(
      false,
    );
    // From a fresh address only the user name's window holds them: far below its ceiling.
    expect(decideLogin({ ...none, perUser: failures }, T, L)).toEqual({ allowed: true, retryAfterMs: 0 });
  });

  it('waits until the oldest failure leaves the window, then lets the address try again', () => {
    const failures = times(5, T, 60_000); // T − 5 min … T − 1 min
    const prior = { perUserAndIp: failures, perIp: failures, perUser: failures };
    const d = decideLogin(prior, T, L);
    expect(d).toEqual({ allowed: false, retryAfterMs: 10 * 60_000 });
    expect(decideLogin(prior, T + 10 * 60_000 - 1, L).allowed).toBe(false);
    expect(decideLogin(prior, T + 10 * 60_000, L).allowed).toBe(true);
  });

  it('failures spread over many addresses are stopped only at the user name’s much higher ceiling', () => {
    expect(decideLogin({ ...none, perUser: times(99, T) }, T, L).allowed).toBe(true);
    const d = decideLogin({ ...none, perUser: times(100, T) }, T, L);
    expect(d.allowed).toBe(false);
    expect(d.retryAfterMs).toBe(L.perUser.windowMs - 100_000);
  });

  it('the longest of several waits wins', () => {
    // The pair's oldest failure leaves in 400 s, the address's in 300 s.
    const prior = { perUserAndIp: times(5, T, 100_000), perIp: times(20, T, 30_000), perUser: [] };
    expect(decideLogin(prior, T, L).retryAfterMs).toBe(400_000);
  });
});

describe('ZRANGE WITHSCORES replies', () => {
  it('reads flat (RESP2) and paired (RESP3) replies, leaving out the given member', () => {
    expect(scoresExcept(['a', '1', 'me', '2', 'b', '3'], 'me')).toEqual([1, 3]);
    expect(
      scoresExcept(
        [
          ['a', 1],
          ['me', 2],
          ['b', '3'],
        ],
        'me',
      ),
    ).toEqual([1, 3]);
    expect(scoresExcept(null, 'me')).toEqual([]);
  });
});
