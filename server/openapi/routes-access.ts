/**
 * The API document's entries for the sending systems, sign-in, user administration, health and the document
 * itself. Schemas are the ones the routes parse with.
 */
import {
  createUserRequestSchema,
  kioskTokenRequestSchema,
  loginRequestSchema,
  loginResponseSchema,
  meResponseSchema,
  passwordResetRequestSchema,
  userSchema,
  usersResponseSchema,
} from '../../common/auth.js';
import { eventExample } from '../../common/event-examples.js';
import { heartbeatSchema } from '../../common/sources.js';
import { MAX_EVENTS_PER_REQUEST, MAX_REJECTED_LISTED } from '../../common/ingest.js';
import { kioskParams, userParams } from '../routes/users.routes.js';
import type { RouteDoc } from './route-doc.js';

const user = { username: 'duty1', role: 'officer', scope: '4501', disabled: false };

export const ACCESS_ROUTES: RouteDoc[] = [
  {
    route: 'POST /api/events',
    tag: 'ingest',
    summary: 'Send events (接入事件)',
    description:
      `One event, a JSON array, or NDJSON (\`Content-Type: application/x-ndjson\`); at most ` +
      `${MAX_EVENTS_PER_REQUEST} events and 10 MiB. Idempotent by \`event_id\`. Valid events are accepted even ` +
      `when others in the request are rejected; \`rejected\` lists at most ${MAX_REJECTED_LISTED} with what to fix ` +
      '(the rest are counted in `rejected_more`). Every event type with an example: see the `Event` schema.',
    access: 'ingest',
    body: {
      schema: { component: 'Event' },
      example: [eventExample('incident.reported'), eventExample('incident.dispatched')],
      description: 'An event, or an array of events (schema `Event`, one per type).',
      alsoAccepts: ['application/x-ndjson'],
      required: true,
    },
    ok: {
      status: 202,
      description: 'Stored durably (accepted), seen before (duplicates), and what was rejected and why.',
      example: { accepted: 1, duplicates: 1, rejected: [] },
    },
    errors: ['invalid_json', 'invalid_body', 'payload_too_large', 'unsupported_media_type'],
  },
  {
    route: 'POST /api/sources/:id/heartbeat',
    tag: 'ingest',
    summary: 'Source heartbeat (数据源心跳)',
    description: 'A source says it is alive, and (`as_of`) that it has delivered everything up to then.',
    access: 'ingest',
    params: [{ name: 'id', description: 'source id from the sources file', example: '110' }],
    body: { schema: heartbeatSchema, example: { unit_prefix: '4501', as_of: '2026-11-26T08:30:00+08:00' } },
    ok: { status: 200, description: 'The source status after the heartbeat.' },
    errors: ['not_found', 'invalid_body'],
  },
  {
    route: 'GET /api/sources',
    tag: 'ingest',
    summary: 'Source health (数据源状态)',
    access: 'signed-in',
    ok: { status: 200, description: 'Every source: last event, watermark, late or silent, per unit prefix.' },
  },
  {
    route: 'GET /api/health',
    tag: 'operations',
    summary: 'Health (健康检查)',
    description:
      'Without a token only `{"status"}`; with any user token or INGEST_TOKEN also the components. 503 when degraded.',
    access: 'public',
    ok: { status: 200, description: '`{"status":"ok"}`', example: { status: 'ok' } },
  },
  {
    route: 'POST /api/auth/login',
    tag: 'auth',
    summary: 'Sign in (登录)',
    access: 'public',
    body: { schema: loginRequestSchema, example: { username: 'duty1', password: 'correct horse 1' } },
    ok: { status: 200, description: 'A session token (`SESSION_HOURS`).', schema: loginResponseSchema },
    errors: ['invalid_body', 'invalid_credentials', 'rate_limited'],
  },
  {
    route: 'POST /api/auth/logout',
    tag: 'auth',
    summary: 'Sign out (退出)',
    access: 'signed-in',
    ok: { status: 204, description: 'The token no longer works.' },
  },
  {
    route: 'GET /api/auth/me',
    tag: 'auth',
    summary: 'Who am I (当前用户)',
    access: 'signed-in',
    ok: { status: 200, description: 'The token’s user, role and scope.', schema: meResponseSchema },
  },
  {
    route: 'POST /api/users',
    tag: 'users',
    summary: 'Create a user (新建用户)',
    access: 'admin',
    body: {
      schema: createUserRequestSchema,
      example: { username: 'duty1', password: 'correct horse 1', role: 'officer', scope: '4501' },
    },
    ok: { status: 201, description: 'The user (never a password).', schema: userSchema, example: user },
    errors: ['invalid_body', 'out_of_scope', 'user_exists'],
  },
  {
    route: 'GET /api/users',
    tag: 'users',
    summary: 'Users in your scope (用户列表)',
    access: 'admin',
    ok: { status: 200, description: 'The users.', schema: usersResponseSchema },
  },
  {
    route: 'DELETE /api/users/:username',
    tag: 'users',
    summary: 'Disable a user (停用)',
    description: 'Every token of the user stops working at once. Not your own account.',
    access: 'admin',
    params: userParams,
    ok: { status: 200, description: 'The user, disabled.', schema: userSchema },
    errors: ['invalid_path', 'not_found', 'out_of_scope', 'own_account'],
  },
  {
    route: 'POST /api/users/:username/enable',
    tag: 'users',
    summary: 'Enable a disabled user again (恢复启用)',
    description:
      'They sign in with their password again; tokens cut off when disabled stay dead. Idempotent.',
    access: 'admin',
    params: userParams,
    ok: { status: 200, description: 'The user, enabled.', schema: userSchema, example: user },
    errors: ['invalid_path', 'not_found', 'out_of_scope'],
  },
  {
    route: 'PUT /api/users/:username/password',
    tag: 'users',
    summary: 'Set a new password (重置密码)',
    description:
      'Ends the user’s sessions; their kiosk tokens (wall screens) keep working. Not your own account.',
    access: 'admin',
    params: userParams,
    body: { schema: passwordResetRequestSchema, example: { password: 'a new long one 7' }, required: true },
    ok: { status: 200, description: 'The user.', schema: userSchema, example: user },
    errors: ['invalid_path', 'invalid_body', 'not_found', 'out_of_scope', 'own_account'],
  },
  {
    route: 'POST /api/users/:username/kiosk-tokens',
    tag: 'users',
    summary: 'Issue a kiosk token for a wall screen (大屏令牌)',
    description: 'Acts as viewer in the user’s scope for `KIOSK_TOKEN_DAYS`. The token is shown only here.',
    access: 'admin',
    params: userParams,
    body: { schema: kioskTokenRequestSchema, example: { label: '指挥中心大屏 2' } },
    ok: { status: 201, description: '`{id, label, token, created_at, expires_at}`.' },
    errors: ['invalid_path', 'invalid_body', 'not_found', 'out_of_scope', 'user_disabled', 'kiosk_limit'],
  },
  {
    route: 'GET /api/users/:username/kiosk-tokens',
    tag: 'users',
    summary: 'A user’s kiosk tokens (大屏令牌列表)',
    access: 'admin',
    params: userParams,
    ok: { status: 200, description: '`{tokens: [{id, label, created_at, expires_at}]}` (never the token).' },
    errors: ['invalid_path', 'not_found', 'out_of_scope'],
  },
  {
    route: 'DELETE /api/users/:username/kiosk-tokens/:id',
    tag: 'users',
    summary: 'Revoke a kiosk token (吊销大屏令牌)',
    access: 'admin',
    params: kioskParams,
    ok: { status: 204, description: 'The screen goes to the sign-in page within ~30 s.' },
    errors: ['invalid_path', 'not_found', 'out_of_scope'],
  },
  {
    route: 'GET /api/openapi.json',
    tag: 'operations',
    summary: 'This document (OpenAPI 3.1)',
    access: 'public',
    ok: {
      status: 200,
      description: 'The OpenAPI document, generated from the schemas the server validates with.',
    },
  },
  {
    route: 'GET /api/docs',
    tag: 'operations',
    summary: 'This document as a web page (接口文档)',
    access: 'public',
    ok: { status: 200, description: 'HTML.' },
  },
];
