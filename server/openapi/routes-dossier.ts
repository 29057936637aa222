/**
 * The API document's entries for 一案一档 (CONTRACT.md §8): the dossier, the search and the officer file.
 * Schemas are the ones the routes parse with.
 */
import { dossierQuerySchema, searchQuerySchema } from '../../common/dossier.js';
import { officerFileQuerySchema } from '../../common/officer-file.js';
import type { RouteDoc } from './route-doc.js';

export const DOSSIER_ROUTES: RouteDoc[] = [
  {
    route: 'GET /api/dossier',
    tag: 'dossier',
    summary: 'One case’s whole story across systems (一案一档)',
    description:
      'Every event connected to the root link-key value through shared link-key values (incident → case → ' +
      'persons, items, stays, sessions, recordings, transitively), breadth-first, at most 5,000 (`truncated`), ' +
      'ordered by time; with the obligations they triggered, their alerts and the orders about them. Events ' +
      'outside your scope are left out and counted in `hidden`.',
    access: 'officer+',
    query: dossierQuerySchema,
    ok: {
      status: 200,
      description: '`{root, events, obligations, alerts, supervisions, hidden, truncated}`.',
    },
    errors: ['invalid_query'],
  },
  {
    route: 'GET /api/search',
    tag: 'dossier',
    summary: 'Find a case, incident, item … or a person',
    description:
      'Link-key values by prefix (4 characters or more) and, exactly, a person’s name, ID number or phone — ' +
      'answered with the person’s link key, never the data itself. At most 20 results, in your scope.',
    access: 'officer+',
    query: searchQuerySchema,
    ok: {
      status: 200,
      description: '`{results: [{key, value, unit_code, first_at, last_at, events, matched}]}`.',
    },
    errors: ['invalid_query'],
  },
  {
    route: 'GET /api/officers/:officer_id',
    tag: 'dossier',
    summary: 'Officer file: obligations naming the officer, with rates',
    description:
      'Obligations whose trigger names the officer (officer_ids or auxiliary_ids), due in the period (default ' +
      'the last 90 days), in your scope: counts by outcome with the on-time and violation rates beside them, by ' +
      'rule, and the orders about their alerts.',
    access: 'manager+',
    params: [{ name: 'officer_id', description: 'the officer’s id (警号)', example: 'P450103001' }],
    query: officerFileQuerySchema,
    ok: { status: 200, description: '`{officer_id, from, to, totals, by_rule, alerts, supervisions}`.' },
    errors: ['invalid_path', 'invalid_query'],
  },
];
