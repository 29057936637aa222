/**
 * The only way the server reads events for a user (CONTRACT.md §1, §8): a reader made per request from the
 * signed-in user, whose answers are already filtered to the user's scope in the SQL (events of other units
 * are never read into this process, only counted as `hidden`) and masked for the user's role. Nothing else
 * in server/ selects event rows (tests/unit/scoped-events-only.test.ts keeps it so).
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { Alert } from '../../common/alerts.js';
import type { AuthUser } from '../../common/auth.js';
import { LINK_KEYS } from '../../common/event-types.js';
import type { LinkKey } from '../../common/event-types.js';
import type { StoredEvent } from '../../common/events.js';
import { maskAttrs } from '../../common/masking.js';
import { queryRows } from '../../common/node/clickhouse.js';
import { fromRow } from '../../common/node/event-row.js';
import type { EventRow } from '../../common/node/event-row.js';

/** Who is reading: the role decides masking, the scope (a unit-code prefix, '' = all) the rows. */
export type EventReader = Pick<AuthUser, 'role' | 'scope'>;

/** Events the reader may see, and how many matching events were left out as outside their scope. */
export interface EventsInScope {
  events: StoredEvent[];
  hidden: number;
}

/** Which events to read: these ids, and every event with one of these values in a link-key column. */
export interface EventMatch {
  ids: string[];
  links: ReadonlyMap<LinkKey, ReadonlySet<string>>;
  limit: number;
  /**
   * The ids were found in the link index (a dossier's component): their rows are located by the index's unit
   * and time first, so that `events` is read through its primary key, not its event-id skip index alone.
   */
  indexed?: boolean;
}

const EVIDENCE_LIMIT = 500;

/** A condition and its parameters for a match. Column names come from the fixed list of link keys only. */
function matchSql(m: EventMatch): { where: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = { ids: m.ids };
  const parts = [...m.links.entries()].filter(([k]) => LINK_KEYS.includes(k));
  const or = parts.map(([k], i) => ` OR ${k} IN {v${i}:Array(String)}`).join('');
  parts.forEach(([, v], i) => (params[`v${i}`] = [...v]));
  const located = m.indexed
    ? ` AND (unit_code, occurred_at, event_id) IN (SELECT any(unit_code), any(occurred_at), event_id
         FROM event_links WHERE event_id IN {ids:Array(String)} GROUP BY event_id)`
    : '';
  return { where: `(event_id IN {ids:Array(String)}${or})${located}`, params };
}

export class ScopedEvents {
  constructor(
    private readonly clickhouse: ClickHouseClient,
    private readonly reader: EventReader,
  ) {}

  /**
   * Events matching `m` in the reader's scope, ordered by occurred_at (at most `m.limit`), masked for the
   * reader's role, and the number of distinct matching events outside the scope.
   */
  async matching(m: EventMatch): Promise<EventsInScope> {
    const { where, params } = matchSql(m);
    const scope = this.reader.scope;
    const [rows, hidden] = await Promise.all([
      queryRows<EventRow>(
        this.clickhouse,
        `SELECT * FROM events WHERE ${where} AND startsWith(unit_code, {scope:String})
         ORDER BY occurred_at, event_id LIMIT 1 BY event_id LIMIT {limit:UInt32}`,
        { ...params, scope, limit: m.limit },
      ),
      scope === ''
        ? Promise.resolve(0)
        : queryRows<{ n: string }>(
            this.clickhouse,
            `SELECT uniqExact(event_id) AS n FROM events
             WHERE ${where} AND NOT startsWith(unit_code, {scope:String})`,
            { ...params, scope },
          ).then(([r]) => Number(r?.n ?? 0)),
    ]);
    const events = rows.map(fromRow);
    const masked = this.reader.role === 'viewer';
    return { events: masked ? events.map((e) => ({ ...e, attrs: maskAttrs(e.attrs) })) : events, hidden };
  }

  /**
   * The events behind an alert: trigger and satisfier, every event of its subject, and every event that
   * shares a link key with the trigger (the interrogation of a recording, the incident of a case, …).
   */
  async evidence(alert: Alert): Promise<EventsInScope> {
    const ids = [alert.trigger_event_id, alert.satisfied_by_event_id].filter((x): x is string => !!x);
    const links = new Map<LinkKey, Set<string>>();
    const add = (k: string, v: unknown): void => {
      if (LINK_KEYS.includes(k as LinkKey) && typeof v === 'string' && v !== '')
        links.set(k as LinkKey, (links.get(k as LinkKey) ?? new Set()).add(v));
    };
    for (const [k, v] of Object.entries(alert.subject)) add(k, v);
    // The trigger's link keys widen the match; its row is read for them only, never returned from here.
    const [trigger] = await queryRows<Pick<EventRow, LinkKey>>(
      this.clickhouse,
      `SELECT ${LINK_KEYS.join(', ')} FROM events WHERE event_id = {id:String} LIMIT 1`,
      { id: alert.trigger_event_id },
    );
    if (trigger) for (const k of LINK_KEYS) add(k, trigger[k]);
    return this.matching({ ids, links, limit: EVIDENCE_LIMIT });
  }
}

/** Makes the per-request reader: `events(userOf(res))`. */
export type ScopedEventsFor = (reader: EventReader) => ScopedEvents;

export function scopedEvents(clickhouse: ClickHouseClient): ScopedEventsFor {
  return (reader) => new ScopedEvents(clickhouse, { role: reader.role, scope: reader.scope });
}
