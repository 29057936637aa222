/** 一案一档 (CONTRACT §8): the dossier and the search for officers and up, the officer file for managers. */
import { managerUp, officerUp, row } from './kit.js';
import type { Kit, Row } from './kit.js';

export function dossierRows({ get }: Kit): Row[] {
  return [
    row(
      'GET /api/dossier',
      ['a case', get('/api/dossier?key=case_id&value=A450100'), officerUp(200)],
      ['not a link key', get('/api/dossier?key=attrs&value=x'), officerUp('invalid_query')],
    ),
    row(
      'GET /api/search',
      ['a case number prefix', get('/api/search?q=A4501'), officerUp(200)],
      ['empty', get('/api/search?q='), officerUp('invalid_query')],
    ),
    row(
      'GET /api/officers/:officer_id',
      ['an officer', get('/api/officers/P450100001'), managerUp(200)],
      ['bad period', get('/api/officers/P450100001?from=yesterday'), managerUp('invalid_query')],
    ),
  ];
}
