/** The open routes (health, the API document) and the ingest token's event intake. */
import { call } from '../live-system.js';
import { all, rowWith } from './kit.js';
import type { Kit, Row } from './kit.js';

export function publicRows({ c, get, post, counter }: Kit): Row[] {
  const event = () => ({
    event_id: `authz-${++counter.n}`,
    type: 'incident.reported',
    occurred_at: new Date().toISOString(),
    unit_code: '450103520000',
    incident_id: `authz-${counter.n}`,
    attrs: { category: 'other' },
  });
  return [
    rowWith(200, 'GET /api/health', ['open', get('/api/health'), all(200)]),
    // The API document is public: routes, schemas and made-up examples, no data (README → API documents).
    rowWith(200, 'GET /api/openapi.json', ['public', get('/api/openapi.json'), all(200)]),
    rowWith(200, 'GET /api/docs', ['public', get('/api/docs'), all(200)]),
    rowWith(
      'unauthorized',
      'POST /api/events',
      ['a user token is not the ingest token', post('/api/events', []), all('unauthorized')],
      [
        'ingest token',
        () => call(c.url, 'POST', '/api/events', { token: c.ingestToken, body: event() }),
        all(202),
      ],
    ),
  ];
}
