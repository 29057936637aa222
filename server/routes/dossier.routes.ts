/**
 * 一案一档 (CONTRACT.md §8): `GET /api/dossier?key=&value=` and `GET /api/search?q=` for officers, managers and
 * admins (viewers see no case files and cannot look people up); `GET /api/officers/:officer_id` (the officer
 * file) for managers and admins. All answer within the caller's scope.
 */
import { Router } from 'express';
import { rolesAtLeast } from '../../common/auth.js';
import { dossierQuerySchema, searchQuerySchema } from '../../common/dossier.js';
import { officerFileQuerySchema, officerIdParam } from '../../common/officer-file.js';
import type { Authenticate } from '../auth/index.js';
import { requireAuth, requireRole, userOf } from '../auth/index.js';
import { sendError } from '../http/errors.js';
import { parseOr400 } from '../http/validate.js';
import type { DossierService } from '../services/dossier/dossier-service.js';
import type { OfficerFiles } from '../services/dossier/officer-file.js';
import { StageTimer } from '../../common/node/stage-timer.js';

export function dossierRoutes(deps: {
  authenticate: Authenticate;
  dossiers: DossierService;
  officers: OfficerFiles;
}): Router {
  const router = Router();
  const auth = requireAuth(deps.authenticate);
  const officers = requireRole(...rolesAtLeast('officer'));

  router.get('/api/dossier', auth, officers, async (req, res) => {
    const q = parseOr400(dossierQuerySchema, req.query, res, 'query');
    if (!q) return;
    const timer = new StageTimer();
    const dossier = await deps.dossiers.dossier({ key: q.key, value: q.value }, userOf(res), timer);
    res.setHeader('Server-Timing', timer.header());
    res.json(dossier);
  });

  router.get('/api/search', auth, officers, async (req, res) => {
    const q = parseOr400(searchQuerySchema, req.query, res, 'query');
    if (!q) return;
    res.json({ results: await deps.dossiers.search(q.q, userOf(res)) });
  });

  router.get('/api/officers/:officer_id', auth, requireRole('manager', 'admin'), async (req, res) => {
    const id = officerIdParam.safeParse(req.params.officer_id);
    if (!id.success)
      return sendError(res, 'invalid_path', `officer_id: ${id.error.issues[0]?.message ?? 'invalid'}`);
    const q = parseOr400(officerFileQuerySchema, req.query, res, 'query');
    if (!q) return;
    res.json(await deps.officers.file(id.data, q, userOf(res)));
  });
  return router;
}
