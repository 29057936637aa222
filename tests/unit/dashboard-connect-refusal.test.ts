/**
 * The dashboard decides what a refused socket means by the server's code (`data.code`), never by the
 * message's wording: `unauthorized` sends the user to sign in; anything else is retried.
 */
import { describe, expect, it } from 'vitest';
import { isAuthRefusal, refusalCode } from '../../dashboard/src/realtime/connect-refusal.js';

const refusal = (message: string, data?: unknown): Error => Object.assign(new Error(message), { data });

describe('connect refusal', () => {
  it('reads the code from data', () => {
    expect(refusalCode(refusal('x', { code: 'unauthorized' }))).toBe('unauthorized');
    expect(refusalCode(refusal('x', { code: 'unavailable' }))).toBe('unavailable');
    expect(refusalCode(refusal('x'))).toBeNull();
    expect(refusalCode(refusal('x', { code: 7 }))).toBeNull();
    expect(refusalCode(refusal('x', null))).toBeNull();
  });

  it('is an auth refusal by the code only, whatever the message says', () => {
    expect(
      isAuthRefusal(refusal('invalid, expired or revoked token; sign in again', { code: 'unauthorized' })),
    ).toBe(true);
    expect(isAuthRefusal(refusal('anything', { code: 'unauthorized' }))).toBe(true);
    expect(isAuthRefusal(refusal('unauthorized', { code: 'unavailable' }))).toBe(false);
    expect(isAuthRefusal(refusal('unauthorized'))).toBe(false);
    expect(isAuthRefusal(refusal('websocket error'))).toBe(false);
  });
});
