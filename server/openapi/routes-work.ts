/**
 * The API document's entries for the people's work: alerts, statistics, 督办 supervision orders and
 * notifications. Schemas are the ones the routes parse with.
 */
import {
  alertsQuerySchema,
  noteSchema,
  resolveSchema,
  trendsQuerySchema,
  unitsStatsQuerySchema,
} from '../../common/api.js';
import { supervisionStatsQuerySchema } from '../../common/api.js';
import { notificationsQuerySchema, notifyTestSchema } from '../../common/notify.js';
import {
  answerRequestSchema,
  cancelRequestSchema,
  issueRequestSchema,
  reviewRequestSchema,
  supervisionQuerySchema,
} from '../../common/supervision.js';
import { unitQuery } from '../routes/stats.routes.js';
import type { ParamDoc, RouteDoc } from './route-doc.js';

const ALERT_ID = 'R-INC-01:incident_id:J4501032026112600001';
const alertParam: ParamDoc[] = [
  { name: 'alert_id', description: 'alert id (URL-encoded)', example: ALERT_ID },
];
const orderParam: ParamDoc[] = [
  { name: 'id', description: 'supervision order id', example: 'SUP-4501-20261126-0007' },
];
const ORDER_ERRORS = ['invalid_path', 'invalid_body', 'not_found', 'out_of_scope', 'wrong_state'] as const;

const stat = (name: string, summary: string, description: string): RouteDoc => ({
  route: `GET /api/stats/${name}`,
  tag: 'stats',
  summary,
  description,
  access: 'signed-in',
  query: name === 'units' ? unitsStatsQuerySchema : name === 'trends' ? trendsQuerySchema : unitQuery,
  ok: { status: 200, description: 'Within your scope (or the `unit` given, inside it).' },
  errors: ['invalid_query', 'out_of_scope'],
});

const orderAction = (action: string, summary: string, body?: RouteDoc['body']): RouteDoc => ({
  route: `POST /api/supervisions/:id/${action}`,
  tag: 'supervisions',
  summary,
  access: 'officer+',
  params: orderParam,
  ...(body ? { body } : {}),
  ok: { status: 200, description: 'The order after the action.' },
  errors: [...ORDER_ERRORS],
});

export const WORK_ROUTES: RouteDoc[] = [
  {
    route: 'GET /api/alerts',
    tag: 'alerts',
    summary: 'Alerts in your scope (告警列表)',
    access: 'signed-in',
    query: alertsQuerySchema,
    ok: { status: 200, description: '`{alerts, seq}`: resume the live stream from `seq`.' },
    errors: ['invalid_query', 'out_of_scope'],
  },
  {
    route: 'GET /api/alerts/:alert_id',
    tag: 'alerts',
    summary: 'One alert with its evidence and history (告警详情)',
    description: 'Evidence events outside your scope are left out and counted in `evidence_hidden`.',
    access: 'signed-in',
    params: alertParam,
    ok: { status: 200, description: 'The alert, `evidence`, `evidence_hidden`, `history`, `supervision`.' },
    errors: ['invalid_path', 'not_found', 'out_of_scope'],
  },
  {
    route: 'POST /api/alerts/:alert_id/ack',
    tag: 'alerts',
    summary: 'Acknowledge (签收告警)',
    access: 'officer+',
    params: alertParam,
    body: { schema: noteSchema, example: { note: '已电话督促派出所' } },
    ok: { status: 200, description: 'The alert, acknowledged (idempotent).' },
    errors: ['invalid_path', 'invalid_body', 'not_found', 'out_of_scope', 'alert_resolved', 'alert_held'],
  },
  {
    route: 'POST /api/alerts/:alert_id/resolve',
    tag: 'alerts',
    summary: 'Resolve with a note (办结告警)',
    access: 'officer+',
    params: alertParam,
    body: { schema: resolveSchema, example: { note: '已补录处警反馈' }, required: true },
    ok: { status: 200, description: 'The alert, resolved.' },
    errors: ['invalid_path', 'invalid_body', 'not_found', 'out_of_scope', 'alert_resolved', 'alert_held'],
  },
  stat(
    'summary',
    'Summary tiles (概况)',
    'Active alerts by severity, due soon, held, new today, compliance.',
  ),
  stat('countdown', 'Obligations about to fall due (倒计时)', 'Soonest first, at most `limit`.'),
  stat('trends', 'Raised and resolved per hour or day (趋势)', 'Counted in event time.'),
  stat('units', 'Compliance per unit (单位合规率)', 'One level below `unit`, for drilling down.'),
  {
    route: 'GET /api/units',
    tag: 'stats',
    summary: 'Units in your scope (单位)',
    access: 'signed-in',
    ok: { status: 200, description: 'Unit codes and names.' },
  },
  {
    route: 'GET /api/rules',
    tag: 'stats',
    summary: 'The rule catalogue (规则)',
    access: 'signed-in',
    ok: { status: 200, description: 'Rule ids, names, severities and legal basis.' },
  },
  {
    route: 'GET /api/stats/supervisions',
    tag: 'supervisions',
    summary: 'Orders per unit: issued, on time, returned, overdue (督办统计)',
    access: 'signed-in',
    query: supervisionStatsQuerySchema,
    ok: { status: 200, description: 'Per unit, with rates beside counts.' },
    errors: ['invalid_query', 'out_of_scope'],
  },
  {
    route: 'GET /api/supervisions',
    tag: 'supervisions',
    summary: 'Supervision orders in your scope (督办列表)',
    access: 'signed-in',
    query: supervisionQuerySchema,
    ok: { status: 200, description: 'The orders, newest first.' },
    errors: ['invalid_query', 'out_of_scope'],
  },
  {
    route: 'GET /api/supervisions/:id',
    tag: 'supervisions',
    summary: 'One order with answers, reviews and history (督办详情)',
    access: 'signed-in',
    params: orderParam,
    ok: { status: 200, description: 'The order.' },
    errors: ['invalid_path', 'not_found', 'out_of_scope'],
  },
  {
    route: 'POST /api/supervisions',
    tag: 'supervisions',
    summary: 'Issue an order about alerts (发起督办)',
    access: 'officer+',
    body: {
      schema: issueRequestSchema,
      example: {
        alert_ids: [ALERT_ID],
        unit_code: '450103520000',
        level: 'order',
        instructions: '请于今日内补录处警反馈并说明原因',
      },
      required: true,
    },
    ok: { status: 201, description: 'The order.' },
    errors: ['invalid_body', 'not_found', 'out_of_scope', 'open_order'],
  },
  orderAction('receive', 'Receive an order (签收)'),
  orderAction('answer', 'Answer, citing events (反馈)', {
    schema: answerRequestSchema,
    example: { text: '已补录处警反馈', event_ids: ['110-20261126-0004'] },
    required: true,
  }),
  orderAction('review', 'Accept (销号) or return (退回) an answer', {
    schema: reviewRequestSchema,
    example: { decision: 'return', note: '反馈未附处警记录' },
    required: true,
  }),
  orderAction('cancel', 'Cancel an order (撤销)', {
    schema: cancelRequestSchema,
    example: { note: '重复发起' },
    required: true,
  }),
  {
    route: 'GET /api/notifications',
    tag: 'notify',
    summary: 'Notifications sent (通知记录)',
    access: 'officer+',
    query: notificationsQuerySchema,
    ok: { status: 200, description: 'Attempts per alert or order, in your scope.' },
    errors: ['invalid_query', 'notify_disabled'],
  },
  {
    route: 'GET /api/notify/channels',
    tag: 'notify',
    summary: 'Notification channels (通知渠道)',
    access: 'admin',
    ok: { status: 200, description: 'The channels of NOTIFY_FILE and their health.' },
    errors: ['notify_disabled'],
  },
  {
    route: 'POST /api/notify/test',
    tag: 'notify',
    summary: 'Send a test message (测试通知)',
    access: 'admin',
    body: { schema: notifyTestSchema, example: { channel: 'duty-sms' }, required: true },
    ok: { status: 200, description: 'The attempt and its outcome.' },
    errors: ['invalid_body', 'not_found', 'notify_disabled', 'no_recipient'],
  },
];
