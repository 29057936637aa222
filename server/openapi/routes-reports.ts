/**
 * The API document's entries for reports — 通报 (CONTRACT.md §9). Schemas are the ones the routes parse with.
 */
import { reportRequestSchema } from '../../common/report.js';
import type { ParamDoc, RouteDoc } from './route-doc.js';

const idParam: ParamDoc = { name: 'id', description: 'report id', example: 'RPT-20261203-1A2B3C4D' };

export const REPORT_ROUTES: RouteDoc[] = [
  {
    route: 'POST /api/reports',
    tag: 'reports',
    summary: 'Ask for a report (通报) of a unit and what lies below it',
    description:
      'month, quarter or year: the one containing `from` (default: the last complete one); custom: `from` and ' +
      '`to`, inclusive dates in the unit time zone. Made in the background, one at a time; its progress is ' +
      'pushed to your sockets as `report:progress` `{report_id, progress, state}`. Monthly reports of every city ' +
      'are made on the 1st at 08:00 unit time (requested_by `system`).',
    access: 'manager+',
    body: {
      schema: reportRequestSchema,
      example: { unit: '4501', period: 'month', from: '2026-11-01', formats: ['docx', 'pdf', 'xlsx'] },
    },
    ok: { status: 202, description: '`{report_id}`: follow it with GET /api/reports/:id.' },
    errors: ['invalid_json', 'invalid_body', 'out_of_scope'],
  },
  {
    route: 'GET /api/reports',
    tag: 'reports',
    summary: 'Reports of units within your scope, newest first',
    access: 'manager+',
    ok: { status: 200, description: '`{reports: [ReportJob]}` (at most 500).' },
  },
  {
    route: 'GET /api/reports/:id',
    tag: 'reports',
    summary: 'One report: state (queued, running, done, failed), progress 0…1, files made',
    access: 'manager+',
    params: [idParam],
    ok: { status: 200, description: 'The ReportJob.' },
    errors: ['invalid_path', 'not_found', 'out_of_scope'],
  },
  {
    route: 'GET /api/reports/:id/:format',
    tag: 'reports',
    summary: 'Download a report file (docx, pdf, xlsx)',
    description:
      'Content-Disposition names the file by the report’s title (RFC 5987 `filename*`, UTF-8). 409 ' +
      '`report_not_ready` while the report is still being made.',
    access: 'manager+',
    params: [idParam, { name: 'format', description: 'docx, pdf or xlsx', example: 'docx' }],
    ok: { status: 200, description: 'The file.' },
    errors: ['invalid_path', 'not_found', 'out_of_scope', 'report_not_ready'],
  },
];
