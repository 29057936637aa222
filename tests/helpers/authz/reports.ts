/** Reports — 通报 (CONTRACT §9): managers and admins, units within their scope. */
import { managerUp, row } from './kit.js';
import type { Kit, Row } from './kit.js';

export function reportRows({ get, post }: Kit): Row[] {
  return [
    row(
      'POST /api/reports',
      ['unit in scope', post('/api/reports', { unit: '4501', period: 'month' }), managerUp(202)],
      [
        'unit out of scope',
        post('/api/reports', { unit: '4502', period: 'month' }),
        managerUp('out_of_scope'),
      ],
      ['empty body', post('/api/reports', {}), managerUp('invalid_body')],
    ),
    row('GET /api/reports', ['own scope', get('/api/reports'), managerUp(200)]),
    row(
      'GET /api/reports/:id',
      ['no such report', get('/api/reports/RPT-19990101-00000000'), managerUp('not_found')],
      ['malformed id', get('/api/reports/nope'), managerUp('invalid_path')],
    ),
    row(
      'GET /api/reports/:id/:format',
      ['no such report', get('/api/reports/RPT-19990101-00000000/docx'), managerUp('not_found')],
      ['not a format', get('/api/reports/RPT-19990101-00000000/doc'), managerUp('invalid_path')],
    ),
  ];
}
