/** The dashboard's numbers: summary, trends, per-unit compliance, countdown; plus units and rules. */
import { Router } from 'express';
import type { Response } from 'express';
import { z } from 'zod';
import type { RuleSummary } from '../../common/api.js';
import { trendsQuerySchema, unitsStatsQuerySchema } from '../../common/api.js';
import type { Rule } from '../../common/rules.js';
import type { Unit } from '../../common/units.js';
import type { Authenticate } from '../auth/index.js';
import { requireAuth, userOf } from '../auth/index.js';
import { sendError } from '../http/errors.js';
import { effectiveUnit } from '../http/scope.js';
import { parseOr400 } from '../http/validate.js';
import type { StatsQueries } from '../services/stats-queries.js';

/** `?unit=const unitQuery = zlimit=` of the summary and the countdown (exported for the API document). */
export const unitQuery = z
  .object({
    unit: z
      .string()
      .regex(/^\d{1,12}$/, 'must be a unit-code prefix of digits')
      .optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .strict();

/** The longest range a trend may cover: three years (custom ranges on the trends page). */
export const MAX_RANGE_DAYS = 3 * 366;

export function statsRoutes(deps: {
  authenticate: Authenticate;
  stats: StatsQueries;
  units: () => Promise<Unit[]>;
  rules: readonly Rule[];
}): Router {
  const router = Router();
  const auth = requireAuth(deps.authenticate);

  const scoped = (scope: string, unit: string | undefined) => effectiveUnit(scope, unit);
  const outside = (res: Response) => sendError(res, 'out_of_scope', 'that unit is outside your scope');
  const badRange = (res: Response, message: string) => sendError(res, 'invalid_query', message);

  router.get('/api/stats/summary', auth, async (req, res) => {
    const q = parseOr400(unitQuery, req.query, res, 'query');
    if (!q) return;
    const s = scoped(userOf(res).scope, q.unit);
    if (!s.ok) return outside(res);
    res.json(await deps.stats.summary(s.unit));
  });

  router.get('/api/stats/countdown', auth, async (req, res) => {
    const q = parseOr400(unitQuery, req.query, res, 'query');
    if (!q) return;
    const s = scoped(userOf(res).scope, q.unit);
    if (!s.ok) return outside(res);
    res.json(await deps.stats.countdown(s.unit, q.limit));
  });

  router.get('/api/stats/trends', auth, async (req, res) => {
    const q = parseOr400(trendsQuerySchema, req.query, res, 'query');
    if (!q) return;
    if (Date.parse(q.to) <= Date.parse(q.from)) return badRange(res, 'to must be after from');
    if (Date.parse(q.to) - Date.parse(q.from) > MAX_RANGE_DAYS * 86_400_000)
      return badRange(res, `at most ${MAX_RANGE_DAYS} days per request`);
    const s = scoped(userOf(res).scope, q.unit);
    if (!s.ok) return outside(res);
    res.json(await deps.stats.trends(q, s.unit));
  });

  router.get('/api/stats/units', auth, async (req, res) => {
    const q = parseOr400(unitsStatsQuerySchema, req.query, res, 'query');
    if (!q) return;
    if (Date.parse(q.to) <= Date.parse(q.from)) return badRange(res, 'to must be after from');
    const s = scoped(userOf(res).scope, q.parent);
    if (!s.ok) return outside(res);
    res.json(await deps.stats.unitStats({ ...q, parent: s.unit }, userOf(res).scope));
  });

  router.get('/api/units', auth, async (_req, res) => {
    res.json({ units: await deps.units() });
  });

  router.get('/api/rules', auth, (_req, res) => {
    const rules: RuleSummary[] = deps.rules.map((r) => ({
      id: r.id,
      name: r.name.zh,
      name_en: r.name.en,
      kind: r.kind,
      severity: r.severity.default,
      legal_basis: r.legal_basis,
    }));
    res.json({ rules });
  });

  return router;
}
