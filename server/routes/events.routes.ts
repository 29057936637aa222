/** `POST /api/events` (CONTRACT.md §3): thin — authenticate, parse, hand to the sink, reply 202. */
import express, { Router } from 'express';
import type { EventSink } from '../../common/ingest.js';
import { MAX_REJECTED_LISTED, MAX_REQUEST_BYTES } from '../../common/ingest.js';
import { bearerToken, sameSecret } from '../http/bearer.js';
import { sendError } from '../http/errors.js';
import { parseEventsBody } from '../http/parse-events-body.js';

export function eventsRoutes(deps: { sink: EventSink; ingestToken: string }): Router {
  const router = Router();
  router.post(
    '/api/events',
    (req, res, next) => {
      const token = bearerToken(req);
      if (!token || !sameSecret(token, deps.ingestToken)) {
        sendError(
          res,
          'unauthorized',
          'missing or invalid ingest token (Authorization: Bearer <INGEST_TOKEN>)',
        );
        return;
      }
      next();
    },
    express.raw({ type: () => true, limit: MAX_REQUEST_BYTES }),
    async (req, res) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const parsed = await parseEventsBody(req.headers['content-type'], body);
      if (!parsed.ok) {
        sendError(res, parsed.code, parsed.error);
        return;
      }
      const result = await deps.sink.accept(parsed.items, { maxRejected: MAX_REJECTED_LISTED });
      res.status(202).json(result);
    },
  );
  return router;
}
