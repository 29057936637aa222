/**
 * Source health: `GET /api/sources` for the dashboard (any role, scoped), and
 * `POST /api/sources/:id/heartbeat` for the sending systems (ingest token, like events).
 */
import express, { Router } from 'express';
import { heartbeatSchema } from '../../common/sources.js';
import type { Unit } from '../../common/units.js';
import type { SourceBook } from '../../alerts/orchestrator/index.js';
import type { SourceCatalog } from '../../alerts/sources/index.js';
import type { Authenticate } from '../auth/index.js';
import { requireAuth, userOf } from '../auth/index.js';
import { bearerToken, sameSecret } from '../http/bearer.js';
import { sendError } from '../http/errors.js';
import { parseOr400 } from '../http/validate.js';
import { sourceStatuses } from '../services/source-status.js';

const heartbeatBody = express.json({ limit: '4kb', strict: true, type: () => true });

export function sourcesRoutes(deps: {
  authenticate: Authenticate;
  ingestToken: string;
  catalog: SourceCatalog;
  store: SourceBook;
  units: () => Promise<ReadonlyMap<string, Unit>>;
  now?: () => number;
}): Router {
  const router = Router();
  const now = deps.now ?? Date.now;

  router.get('/api/sources', requireAuth(deps.authenticate), async (_req, res) => {
    res.json(
      await sourceStatuses({
        catalog: deps.catalog,
        store: deps.store,
        units: deps.units,
        scope: userOf(res).scope,
        now: now(),
      }),
    );
  });

  router.post(
    '/api/sources/:id/heartbeat',
    (req, res, next) => {
      const token = bearerToken(req);
      if (!token || !sameSecret(token, deps.ingestToken))
        return sendError(
          res,
          'unauthorized',
          'missing or invalid ingest token (Authorization: Bearer <INGEST_TOKEN>)',
        );
      next();
    },
    heartbeatBody,
    async (req, res) => {
      const id = String(req.params.id);
      const spec = deps.catalog.byId.get(id);
      if (!spec) {
        const known = deps.catalog.specs.map((s) => s.id).join(', ') || 'none configured';
        return sendError(res, 'not_found', `unknown source ${JSON.stringify(id)}; known: ${known}`);
      }
      const body = parseOr400(heartbeatSchema, req.body ?? {}, res, 'body');
      if (!body) return;
      let keys: string[];
      if (body.unit_prefix !== undefined) {
        if (body.unit_prefix.length < spec.digits)
          return sendError(
            res,
            'invalid_body',
            `source ${id} is kept per ${spec.digits}-digit unit prefix: unit_prefix needs at least ${spec.digits} digits`,
          );
        keys = [deps.catalog.keyFor(spec, body.unit_prefix)];
      } else {
        keys = [...(await deps.store.activities()).keys()].filter((k) => k.startsWith(`${id}:`));
        if (keys.length === 0)
          return sendError(
            res,
            'invalid_body',
            `no partition of source ${id} is known yet: give unit_prefix (${spec.digits} digits)`,
          );
      }
      const at = now();
      const asOf = body.as_of === undefined ? undefined : Date.parse(body.as_of);
      if (asOf !== undefined && asOf > at + 300_000)
        return sendError(res, 'invalid_body', 'as_of: more than 5 minutes in the future');
      await deps.store.observe(
        new Map(keys.map((k) => [k, asOf === undefined ? { heartbeatAt: at } : { heartbeatAt: at, asOf }])),
      );
      res.status(202).json({ source: id, keys, at: new Date(at).toISOString() });
    },
  );
  return router;
}
