/**
 * The Socket.IO handshake's token check without a server: who gets in, and the connection error of a
 * refusal — a message for a person and a stable code in `data` (`unauthorized`: sign in again;
 * `unavailable`: the check itself failed, try again).
 */
import { describe, expect, it } from 'vitest';
import type { AuthUser } from '../../common/auth.js';
import { authenticateHandshake } from '../../server/realtime/socket-auth.js';

const user: AuthUser = { username: 'duty', role: 'officer', scope: '4501' };
const authenticate = async (token: string) => (token === 'good' ? user : null);

describe('authenticateHandshake', () => {
  it('lets a valid token in with its user', async () => {
    expect(await authenticateHandshake({ token: 'good' }, authenticate)).toEqual({ user, token: 'good' });
  });

  it('refuses a missing, empty, non-string, over-long or unknown token with unauthorized', async () => {
    for (const auth of [
      undefined,
      null,
      {},
      { token: '' },
      { token: 7 },
      { token: 'g'.repeat(201) },
      { token: 'bad' },
    ]) {
      const outcome = await authenticateHandshake(auth, authenticate);
      expect(outcome, JSON.stringify(auth)).toBeInstanceOf(Error);
      expect((outcome as Error & { data: unknown }).data).toEqual({ code: 'unauthorized' });
      expect((outcome as Error).message).toMatch(/sign in/);
    }
  });

  it('does not ask the token store about an over-long token', async () => {
    let asked = 0;
    await authenticateHandshake({ token: 'g'.repeat(201) }, async () => (asked++, user));
    expect(asked).toBe(0);
  });

  it('says unavailable, not unauthorized, when the check itself fails', async () => {
    const outcome = await authenticateHandshake({ token: 'good' }, () =>
      Promise.reject(new Error('redis down')),
    );
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error & { data: unknown }).data).toEqual({ code: 'unavailable' });
  });
});
