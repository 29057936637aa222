/** Signing in and out, and who am I. */
import { call } from '../live-system.js';
import { all, cell, row, rowWith, signedIn } from './kit.js';
import type { Kit, Row } from './kit.js';

export function authRows({ c, get }: Kit): Row[] {
  return [
    rowWith(200, 'POST /api/auth/login', [
      'own credentials (anonymous: wrong ones)',
      (p) =>
        call(c.url, 'POST', '/api/auth/login', {
          body:
            p === 'anonymous'
              ? { username: 'nobody', password: 'long-enough-1' }
              : { username: c.p.name[p], password: c.p.password[p] },
        }),
      { ...all(200), anonymous: cell('invalid_credentials') },
    ]),
    row('POST /api/auth/logout', [
      'own session',
      async (p) => call(c.url, 'POST', '/api/auth/logout', { token: await c.p.fresh(p) }),
      signedIn(204),
    ]),
    row('GET /api/auth/me', ['self', get('/api/auth/me'), signedIn(200)]),
  ];
}
