/** The reference data (units, rules), the sending systems' health, and their heartbeat (ingest token). */
import { call } from '../live-system.js';
import { all, row, rowWith, signedIn } from './kit.js';
import type { Kit, Row } from './kit.js';

export function referenceRows({ c, get, post }: Kit): Row[] {
  return [
    row('GET /api/units', ['directory', get('/api/units'), signedIn(200)]),
    row('GET /api/rules', ['catalogue', get('/api/rules'), signedIn(200)]),
    row('GET /api/sources', ['own scope', get('/api/sources'), signedIn(200)]),
    rowWith(
      'unauthorized',
      'POST /api/sources/:id/heartbeat',
      ['a user token is not the ingest token', post('/api/sources/case/heartbeat', {}), all('unauthorized')],
      [
        'ingest token',
        () =>
          call(c.url, 'POST', '/api/sources/case/heartbeat', {
            token: c.ingestToken,
            body: { unit_prefix: '45' },
          }),
        all(202),
      ],
    ),
  ];
}
