/**
 * The audit trail: every action a person takes (who, when, what, on what, from where, outcome) is
 * appended to ClickHouse `audit_log`. There is no API that edits or deletes it.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { Migration } from '../../common/node/migrate.js';
import { toChTime } from '../../common/node/ch-time.js';

export const auditMigrations: Migration[] = [
  {
    id: 'server/0001',
    description: 'audit log',
    statements: [
      `CREATE TABLE IF NOT EXISTS audit_log (
    at DateTime64(3, 'UTC'),
    actor String,
    role LowCardinality(String),
    action LowCardinality(String),
    target String,
    ip String,
    user_agent String,
    note String,
    outcome LowCardinality(String)
  ) ENGINE = MergeTree PARTITION BY toYYYYMM(at) ORDER BY (target, at)`,
    ],
  },
];

export interface AuditEntry {
  at: string;
  actor: string;
  role: string;
  action: string;
  target: string;
  ip: string;
  userAgent: string;
  note: string;
  outcome: string;
}

/** What a route says of an action; who and from where come from the request. */
export interface RequestAction {
  action: string;
  target: string;
  note: string;
  outcome: string;
}

export class AuditLog {
  constructor(private readonly clickhouse: ClickHouseClient) {}

  /** Records an action a signed-in user took through an HTTP request (now, with their address and agent). */
  recordRequest(
    req: { ip?: string | undefined; headers: Record<string, unknown> },
    user: { username: string; role: string },
    a: RequestAction,
  ): Promise<void> {
    return this.record({
      at: new Date().toISOString(),
      actor: user.username,
      role: user.role,
      ...a,
      ip: req.ip ?? '',
      userAgent: String(req.headers['user-agent'] ?? ''),
    });
  }

  async record(e: AuditEntry): Promise<void> {
    await this.clickhouse.insert({
      table: 'audit_log',
      values: [
        {
          at: toChTime(e.at),
          actor: e.actor,
          role: e.role,
          action: e.action,
          target: e.target,
          ip: e.ip,
          user_agent: e.userAgent.slice(0, 300),
          note: e.note,
          outcome: e.outcome,
        },
      ],
      format: 'JSONEachRow',
    });
  }
}
