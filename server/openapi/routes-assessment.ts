/** The API document's entry for 考评 (CONTRACT.md §9). The schema is the one the route parses with. */
import { assessmentQuerySchema } from '../../common/assessment.js';
import type { RouteDoc } from './route-doc.js';

export const ASSESSMENT_ROUTES: RouteDoc[] = [
  {
    route: 'GET /api/assessment',
    tag: 'stats',
    summary: 'Assessment of the subordinate units (考评)',
    description:
      'Each direct subordinate of `unit` (default: your scope; it must lie within it) in [from, to] and the ' +
      'period of the same length just before: score = base − Σ weight × rate, clamped to [0, base], from ' +
      'ASSESSMENT_FILE — violation rate per rule category, late 督办 order steps, how late late work was. Every ' +
      'component with its rate, weight and points lost; a unit with nothing due has no score (`nothing_due`). ' +
      'Never counts of cases, detentions, fines or clearance rates. At most 1,098 days.',
    access: 'manager+',
    query: assessmentQuerySchema,
    ok: {
      status: 200,
      description:
        '`{unit, level, from, to, previous, base, formula, units: [{score, status, previous_score, components}]}`.',
    },
    errors: ['invalid_query', 'out_of_scope'],
  },
];
