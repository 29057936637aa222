/**
 * 考评 (CONTRACT.md §9): `GET /api/assessment?unit=&from=&to=` for managers and admins — each direct
 * subordinate of `unit` (default: your scope) scored from rates, every component shown. The unit must lie
 * within the caller's scope (403 `out_of_scope` otherwise, a broader unit included); at most 3 years.
 */
import { Router } from 'express';
import { assessmentQuerySchema } from '../../common/assessment.js';
import type { Authenticate } from '../auth/index.js';
import { requireAuth, requireRole, userOf } from '../auth/index.js';
import { sendError } from '../http/errors.js';
import { parseOr400 } from '../http/validate.js';
import type { AssessmentQueries } from '../services/assessment-queries.js';

/** The longest period one request may assess (and compare with the one before it). */
export const MAX_ASSESSMENT_DAYS = 3 * 366;

export function assessmentRoutes(deps: {
  authenticate: Authenticate;
  assessment: AssessmentQueries;
}): Router {
  const router = Router();
  router.get(
    '/api/assessment',
    requireAuth(deps.authenticate),
    requireRole('manager', 'admin'),
    async (req, res) => {
      const q = parseOr400(assessmentQuerySchema, req.query, res, 'query');
      if (!q) return;
      const from = Date.parse(q.from);
      const to = Date.parse(q.to);
      if (to <= from) return sendError(res, 'invalid_query', 'to must be after from');
      if (to - from > MAX_ASSESSMENT_DAYS * 86_400_000)
        return sendError(res, 'invalid_query', `at most ${MAX_ASSESSMENT_DAYS} days per request`);
      const scope = userOf(res).scope;
      const unit = q.unit ?? scope;
      if (!unit.startsWith(scope))
        return sendError(res, 'out_of_scope', `unit ${unit} is outside your scope (${scope})`);
      res.json(await deps.assessment.assess(unit, q.from, q.to));
    },
  );
  return router;
}
