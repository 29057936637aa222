/**
 * The alert engine's record in ClickHouse.
 * - `alert_events`: every lifecycle change of every alert, appended, never updated: the record and the
 *   audit trail of automatic changes. Idempotent on (alert_id, seq).
 * - `alerts_current`: the latest snapshot per alert, maintained by a materialized view; read with FINAL
 *   (or argMax) for lists, counts and trends without touching Redis.
 */
import type { Migration } from '../../common/node/migrate.js';

export const alertMigrations: Migration[] = [
  {
    id: 'alerts/0001',
    description: 'alert lifecycle record and current state',
    statements: [
      `CREATE TABLE IF NOT EXISTS alert_events (
    seq UInt64,
    alert_id String,
    change LowCardinality(String),
    at DateTime64(3, 'UTC'),
    rule_id LowCardinality(String),
    severity LowCardinality(String),
    stage LowCardinality(String),
    state LowCardinality(String),
    resolution LowCardinality(String),
    unit_code LowCardinality(String),
    due_at DateTime64(3, 'UTC'),
    opened_at DateTime64(3, 'UTC'),
    actor String,
    note String,
    found_by LowCardinality(String),
    alert String CODEC(ZSTD(3))
  ) ENGINE = ReplacingMergeTree
  PARTITION BY toYYYYMM(at)
  ORDER BY (alert_id, seq)`,
      `CREATE TABLE IF NOT EXISTS alerts_current (
    alert_id String,
    seq UInt64,
    rule_id LowCardinality(String),
    severity LowCardinality(String),
    stage LowCardinality(String),
    state LowCardinality(String),
    resolution LowCardinality(String),
    unit_code LowCardinality(String),
    due_at DateTime64(3, 'UTC'),
    opened_at DateTime64(3, 'UTC'),
    updated_at DateTime64(3, 'UTC'),
    found_by LowCardinality(String),
    alert String CODEC(ZSTD(3))
  ) ENGINE = ReplacingMergeTree(seq)
  ORDER BY alert_id`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS alerts_current_mv TO alerts_current AS
  SELECT alert_id, seq, rule_id, severity, stage, state, resolution, unit_code, due_at, opened_at,
         at AS updated_at, found_by, alert
  FROM alert_events`,
    ],
  },
  {
    id: 'alerts/0002',
    description: 'obligations ledger (compliance rate = on time ÷ due)',
    statements: [
      `CREATE TABLE IF NOT EXISTS obligations (
    obligation_id String,
    rule_id LowCardinality(String),
    kind LowCardinality(String),
    unit_code LowCardinality(String),
    trigger_event_id String,
    occurred_at DateTime64(3, 'UTC'),
    due_at DateTime64(3, 'UTC'),
    status LowCardinality(String),
    satisfied_by String,
    severity LowCardinality(String),
    version UInt64
  ) ENGINE = ReplacingMergeTree(version)
  PARTITION BY toYYYYMM(due_at)
  ORDER BY (rule_id, obligation_id)`,
    ],
  },
  {
    id: 'alerts/0003',
    description: 'obligations ledger: when the satisfier occurred (lateness without reading events)',
    statements: [
      // Nullable rather than a sentinel: "no satisfier" (pending, condition rules) and "not known" (rows
      // written before this column) must not read as a time, or a forgotten filter would turn 1970 into
      // a lateness of minus fifty years; quantile aggregates skip NULLs by themselves. The null map is a
      // byte per row, negligible next to the ledger's other columns.
      `ALTER TABLE obligations ADD COLUMN IF NOT EXISTS satisfied_at Nullable(DateTime64(3, 'UTC')) AFTER satisfied_by`,
      // Rows written before the column: their satisfier's occurred_at from `events`, once. The rewritten row
      // keeps its version; ReplacingMergeTree keeps the last inserted of equal versions, so it replaces the
      // old one and loses to any newer derivation. Re-running it rewrites nothing already filled.
      `INSERT INTO obligations (obligation_id, rule_id, kind, unit_code, trigger_event_id, occurred_at, due_at,
                           status, satisfied_by, satisfied_at, severity, version)
  SELECT o.obligation_id, o.rule_id, o.kind, o.unit_code, o.trigger_event_id, o.occurred_at, o.due_at,
         o.status, o.satisfied_by, e.at, o.severity, o.version
  FROM (SELECT * FROM obligations FINAL WHERE satisfied_by != '' AND satisfied_at IS NULL) AS o
  INNER JOIN (SELECT event_id, min(occurred_at) AS at FROM events
              WHERE event_id IN (SELECT satisfied_by FROM obligations WHERE satisfied_by != '' AND satisfied_at IS NULL)
              GROUP BY event_id) AS e
  ON e.event_id = o.satisfied_by`,
    ],
  },
  {
    id: 'alerts/0004',
    description: 'source health transitions',
    statements: [
      `CREATE TABLE IF NOT EXISTS source_events (
    at DateTime64(3, 'UTC'),
    source_key String,
    source LowCardinality(String),
    unit_prefix LowCardinality(String),
    state LowCardinality(String),
    previous LowCardinality(String),
    last_event_at Nullable(DateTime64(3, 'UTC')),
    last_activity_at Nullable(DateTime64(3, 'UTC')),
    held_alerts UInt32
  ) ENGINE = ReplacingMergeTree
  ORDER BY (source_key, at, state)`,
    ],
  },
  {
    id: 'alerts/0005',
    description: 'obligations ledger snapshot for compliance figures (refreshed every 30 s)',
    statements: [
      // The ledger is a ReplacingMergeTree: reading it right needs FINAL, which merges every row whatever the
      // date range (an obligation's due_at, its partition key, can move, so partitions cannot be skipped).
      // Compliance figures read a deduplicated snapshot instead, sorted for them (unit, due_at) and pruned by
      // month; a refreshable materialized view rebuilds it every 30 s (one FINAL pass, ~0.3 s per million
      // obligations), so those figures lag the ledger by at most that much.
      `CREATE TABLE IF NOT EXISTS obligations_snapshot (
    obligation_id String,
    rule_id LowCardinality(String),
    kind LowCardinality(String),
    unit_code LowCardinality(String),
    occurred_at DateTime64(3, 'UTC'),
    due_at DateTime64(3, 'UTC'),
    status LowCardinality(String),
    satisfied_at Nullable(DateTime64(3, 'UTC')),
    severity LowCardinality(String)
  ) ENGINE = MergeTree
  PARTITION BY toYYYYMM(due_at)
  ORDER BY (unit_code, due_at)`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS obligations_snapshot_refresh
  REFRESH EVERY 30 SECOND TO obligations_snapshot AS
  SELECT obligation_id, rule_id, kind, unit_code, occurred_at, due_at, status, satisfied_at, severity
  FROM obligations FINAL`,
    ],
  },
  {
    id: 'alerts/0006',
    description: 'historical alerts (CONTRACT §6.4) as a column of the current state',
    statements: [
      // Taken from the alert's JSON: for rows written before (computed when read) and for every row the
      // materialized view inserts (it does not name the column). Old alerts have no flag: live.
      `ALTER TABLE alerts_current ADD COLUMN IF NOT EXISTS historical Bool DEFAULT JSONExtractBool(alert, 'historical')`,
    ],
  },
  {
    id: 'alerts/0007',
    description:
      'obligations: a skip index on trigger_event_id (the dossier and the officer file look obligations up by their triggers)',
    statements: [
      'ALTER TABLE obligations ADD INDEX IF NOT EXISTS idx_trigger trigger_event_id TYPE bloom_filter(0.01) GRANULARITY 1',
      'ALTER TABLE obligations MATERIALIZE INDEX idx_trigger',
    ],
  },
  {
    id: 'alerts/0008',
    description:
      'obligations per unit, rule and UTC day, from the snapshot (assessment and heat map over long periods)',
    statements: [
      // A year province-wide is ~12M snapshot rows but ~0.5M of these (unit × rule × day). A day is the UTC day
      // of `due_at - 1 ms`, so a day d holds due_at in (d, d + 1 day], the half-open side the figures use
      // ((from, to]); a period is its whole days from here and its partial days from the snapshot
      // (server/services/rule-figures.ts), exact in any time zone. Late rows keep their lateness in hours (a
      // few % of rows), so the assessment's capped lateness is exact whatever ASSESSMENT_FILE's cap. Rebuilt
      // every minute from the snapshot (~2 s per 10M obligations), so it trails the ledger by at most ~1.5 min.
      `CREATE TABLE IF NOT EXISTS obligations_daily (
    unit_code LowCardinality(String),
    rule_id LowCardinality(String),
    day Date,
    judged UInt64,
    violations UInt64,
    late_hours Array(Float64)
  ) ENGINE = MergeTree
  PARTITION BY toYYYYMM(day)
  ORDER BY (unit_code, day, rule_id)`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS obligations_daily_refresh
  REFRESH EVERY 1 MINUTE TO obligations_daily AS
  SELECT unit_code, rule_id, toDate(due_at - toIntervalMillisecond(1)) AS day, count() AS judged,
         countIf(status IN ('late', 'pending', 'violation')) AS violations,
         groupArrayIf(dateDiff('second', due_at, assumeNotNull(satisfied_at)) / 3600,
                      status = 'late' AND satisfied_at IS NOT NULL) AS late_hours
  FROM obligations_snapshot
  GROUP BY unit_code, rule_id, day
  SETTINGS os_thread_priority = 19`,
    ],
  },
  {
    id: 'alerts/0009',
    description:
      'the ledger snapshot rebuilt at the lowest thread priority (figures read while it runs stay fast)',
    statements: [
      // At 10M events (12.5M obligations) a rebuild takes ~15 s of two cores every 30 s: the queries the pages
      // wait on ran two to five times slower while it did. Its threads now run at nice 19 (a positive nice needs
      // no privilege), so they take the CPU the readers leave: the province-wide assessment read (30 or 365 days) went from
      // 300–1,300 ms back to 130–360 ms during a rebuild (150 ms between rebuilds). The target table stays.
      'DROP VIEW IF EXISTS obligations_snapshot_refresh',
      `CREATE MATERIALIZED VIEW IF NOT EXISTS obligations_snapshot_refresh
  REFRESH EVERY 30 SECOND TO obligations_snapshot AS
  SELECT obligation_id, rule_id, kind, unit_code, occurred_at, due_at, status, satisfied_at, severity
  FROM obligations FINAL
  SETTINGS os_thread_priority = 19`,
    ],
  },
];
