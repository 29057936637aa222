/**
 * Reports — 通报 (CONTRACT.md §9): request one (manager, admin; a unit within your scope) → 202 {report_id};
 * list those in your scope; one's state and progress; download a format once made (Content-Disposition with the
 * report's Chinese title as an RFC 5987 `filename*`, an ASCII `filename` beside it). Requests are audited.
 */
import fs from 'node:fs';
import express, { Router } from 'express';
import type { Request, Response } from 'express';
import { REPORT_FORMATS, reportRequestSchema } from '../../common/report.js';
import type { ReportFormat, ReportJob } from '../../common/report.js';
import type { Authenticate } from '../auth/index.js';
import { requireAuth, requireRole, userOf } from '../auth/index.js';
import { sendError } from '../http/errors.js';
import { parseOr400 } from '../http/validate.js';
import type { AuditLog } from '../services/audit.js';
import type { ReportFiles } from '../services/reports/files.js';
import { MEDIA_TYPE } from '../services/reports/files.js';
import { REPORT_ID } from '../services/reports/job-store.js';
import type { ReportService } from '../services/reports/service.js';

export interface ReportsRoutesDeps {
  authenticate: Authenticate;
  reports: ReportService;
  files: ReportFiles;
  audit: Pick<AuditLog, 'recordRequest'>;
}

const jsonBody = express.json({ limit: '16kb', strict: true, type: () => true });

/** The record of the path's report when the user's scope covers it; otherwise answered with the error. */
async function reportOf(deps: ReportsRoutesDeps, req: Request, res: Response): Promise<ReportJob | null> {
  const id = String(req.params.id ?? '');
  if (!REPORT_ID.test(id)) {
    sendError(res, 'invalid_path', 'id: not a report id (RPT-20261203-1A2B3C4D)');
    return null;
  }
  const job = await deps.reports.store.get(id);
  if (!job) {
    sendError(res, 'not_found', 'no such report');
    return null;
  }
  if (!job.unit.startsWith(userOf(res).scope)) {
    sendError(res, 'out_of_scope', 'this report is about a unit outside your scope');
    return null;
  }
  return job;
}

export function reportsRoutes(deps: ReportsRoutesDeps): Router {
  const router = Router();
  const gate = [requireAuth(deps.authenticate), requireRole('manager', 'admin')];

  router.post('/api/reports', ...gate, jsonBody, async (req, res) => {
    const body = parseOr400(reportRequestSchema, req.body, res, 'body');
    if (!body) return;
    const user = userOf(res);
    const out = await deps.reports.request(user, body);
    if (!out.ok) return sendError(res, out.code, out.error);
    await deps.audit.recordRequest(req, user, {
      action: 'report.request',
      target: out.job.report_id,
      note: `${out.job.unit} ${out.job.from}..${out.job.to} ${body.formats.join(',')}`,
      outcome: 'ok',
    });
    res.status(202).json({ report_id: out.job.report_id });
  });

  router.get('/api/reports', ...gate, async (_req, res) => {
    res.json({ reports: await deps.reports.store.list(userOf(res).scope) });
  });

  router.get('/api/reports/:id', ...gate, async (req, res) => {
    const job = await reportOf(deps, req, res);
    if (job) res.json(job);
  });

  router.get('/api/reports/:id/:format', ...gate, async (req, res) => {
    const format = String(req.params.format ?? '') as ReportFormat;
    if (!REPORT_FORMATS.includes(format)) return sendError(res, 'invalid_path', 'format: docx, pdf or xlsx');
    const job = await reportOf(deps, req, res);
    if (!job) return;
    if (!job.files.some((f) => f.format === format))
      return sendError(
        res,
        job.state === 'done' || job.state === 'failed' ? 'not_found' : 'report_not_ready',
        job.state === 'done' || job.state === 'failed'
          ? `this report has no ${format} file`
          : `the ${format} file is not made yet: wait until the report is done`,
      );
    const file = deps.files.path(job.report_id, format);
    if (!fs.existsSync(file)) return sendError(res, 'not_found', `the ${format} file is no longer stored`);
    res.attachment(`${job.title}.${format}`);
    res.type(MEDIA_TYPE[format]);
    res.sendFile(file);
  });

  return router;
}
