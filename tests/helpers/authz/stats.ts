/** The statistics behind the wall and the trends page, and the 考评 assessment (managers and up). */
import { managerUp, row, signedIn } from './kit.js';
import type { Kit, Row } from './kit.js';

export function statsRows({ get, range }: Kit): Row[] {
  const stats = (s: string) =>
    row(
      `GET /api/stats/${s}`,
      ['own scope', get(`/api/stats/${s}`), signedIn(200)],
      ['unit in scope', get(`/api/stats/${s}?unit=450103`), signedIn(200)],
      ['unit out of scope', get(`/api/stats/${s}?unit=4502`), signedIn('out_of_scope')],
    );
  return [
    stats('summary'),
    stats('countdown'),
    row(
      'GET /api/stats/trends',
      ['own scope', get(`/api/stats/trends?${range}&bucket=day`), signedIn(200)],
      ['unit out of scope', get(`/api/stats/trends?${range}&unit=4502`), signedIn('out_of_scope')],
      ['no range', get('/api/stats/trends'), signedIn('invalid_query')],
    ),
    row(
      'GET /api/stats/units',
      ['own scope', get(`/api/stats/units?${range}&level=county`), signedIn(200)],
      ['parent out of scope', get(`/api/stats/units?${range}&parent=4502`), signedIn('out_of_scope')],
    ),
    row(
      'GET /api/assessment',
      ['own scope', get(`/api/assessment?${range}`), managerUp(200)],
      ['broader unit', get(`/api/assessment?${range}&unit=45`), managerUp('out_of_scope')],
      ['no range', get('/api/assessment'), managerUp('invalid_query')],
    ),
  ];
}
