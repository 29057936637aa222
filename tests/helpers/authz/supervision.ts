/** The 督办 routes (CONTRACT.md §6.2): reads for every signed-in role in scope; actions refused by role first
 *  (the route lets officers and up in; the desk decides the rest), then by scope, then by existence. */
import { NO_ALERT } from './alerts.js';
import { managerUp, officerUp, row, signedIn } from './kit.js';
import type { Kit, Row } from './kit.js';

export function supervisionRows({ c, get, post, range }: Kit): Row[] {
  const NO_ORDER = '/api/supervisions/SUP-4501-20200101-0001';
  const issue = (alertId: string, unit: string) => ({
    alert_ids: [alertId],
    unit_code: unit,
    level: 'reminder',
    instructions: '请整改',
  });
  const action = (name: string, body: unknown): Row =>
    row(
      `POST /api/supervisions/:id/${name}`,
      ['no such order', post(`${NO_ORDER}/${name}`, body), officerUp('not_found')],
      ['malformed id', post(`/api/supervisions/nope/${name}`, body), officerUp('invalid_path')],
    );
  return [
    row(
      'GET /api/supervisions',
      ['own scope', get('/api/supervisions?state=open'), signedIn(200)],
      ['unit out of scope', get('/api/supervisions?unit=4502'), signedIn('out_of_scope')],
      ['bad filter', get('/api/supervisions?state=bogus'), signedIn('invalid_query')],
    ),
    row(
      'GET /api/stats/supervisions',
      ['own scope', get(`/api/stats/supervisions?${range}&level=county`), signedIn(200)],
      ['parent out of scope', get(`/api/stats/supervisions?${range}&parent=4502`), signedIn('out_of_scope')],
    ),
    row(
      'GET /api/supervisions/:id',
      ['no such order', get(NO_ORDER), signedIn('not_found')],
      ['malformed id', get('/api/supervisions/nope'), signedIn('invalid_path')],
    ),
    row(
      'POST /api/supervisions',
      ['no such alert', post('/api/supervisions', issue(NO_ALERT, '450103520000')), managerUp('not_found')],
      [
        'unit out of scope',
        post('/api/supervisions', issue(c.out, '450203520000')),
        officerUp('out_of_scope'),
      ],
      ['empty body', post('/api/supervisions', {}), officerUp('invalid_body')],
    ),
    action('receive', {}),
    action('answer', { text: '已整改' }),
    action('review', { decision: 'accept', note: '同意' }),
    action('cancel', { note: '撤销' }),
  ];
}
