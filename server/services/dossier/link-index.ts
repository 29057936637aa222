/**
 * Reading the link index (`event_links`, ingest/store/link-index-migration.ts) for the dossier and the search.
 * It returns link-key values and event ids only — never event rows, never person data: events reach a user
 * only through the scoped reader (scoped-events.ts). Key names in SQL come from the fixed lists; every value
 * is a parameter.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { SEARCH_MAX_RESULTS, SEARCH_PERSON_FIELDS } from '../../../common/dossier.js';
import type { LinkPair, SearchHit, SearchPersonField } from '../../../common/dossier.js';
import { LINK_KEYS } from '../../../common/event-types.js';
import type { LinkKey } from '../../../common/event-types.js';
import { fromChTime } from '../../../common/node/ch-time.js';
import { queryRows } from '../../../common/node/clickhouse.js';
import { pairKey } from './walk.js';
import type { LinkedEvent, LinkLookup } from './walk.js';

/** A person hit is named by the first of these its event carries (the person, else the case, …). */
const PERSON_HIT_KEYS: readonly LinkKey[] = [
  'person_id',
  'case_id',
  'incident_id',
  'stay_id',
  'item_id',
  'session_id',
  'recording_id',
];
/** Events read for one person-data query at most (a name shared by many). */
const PERSON_EVENTS_MAX = 2_000;

/** `(key = k0 AND value IN v0) OR …` for pairs grouped by key. */
function pairsWhere(pairs: readonly LinkPair[]): { where: string; params: Record<string, unknown> } {
  const byKey = new Map<string, string[]>();
  for (const p of pairs) byKey.set(p.key, [...(byKey.get(p.key) ?? []), p.value]);
  const params: Record<string, unknown> = {};
  const parts = [...byKey].map(([k, values], i) => {
    params[`k${i}`] = k;
    params[`v${i}`] = values;
    return `(key = {k${i}:String} AND value IN {v${i}:Array(String)})`;
  });
  return { where: parts.length > 0 ? parts.join(' OR ') : '0', params };
}

type HitRow = Omit<SearchHit, 'matched' | 'events' | 'key' | 'unit_code'> & {
  key: string;
  unit: string;
  events: string;
};

export class LinkIndex implements LinkLookup {
  constructor(private readonly clickhouse: ClickHouseClient) {}

  async eventsWith(pairs: readonly LinkPair[], limit: number): Promise<LinkedEvent[]> {
    const { where, params } = pairsWhere(pairs);
    // One round trip: the events carrying the pairs (primary key), then all their link pairs (projection by event).
    const rows = await queryRows<{ event_id: string; keys: LinkKey[]; values: string[] }>(
      this.clickhouse,
      `SELECT event_id, groupArray(key) AS keys, groupArray(value) AS values FROM (
         SELECT DISTINCT event_id, key, value, occurred_at FROM event_links
         WHERE event_id IN (
           SELECT event_id FROM event_links WHERE ${where}
           GROUP BY event_id ORDER BY min(occurred_at), event_id LIMIT {limit:UInt32})
           AND key IN {keys:Array(String)})
       GROUP BY event_id ORDER BY min(occurred_at), event_id`,
      { ...params, limit, keys: LINK_KEYS },
    );
    return rows.map((r) => ({
      event_id: r.event_id,
      pairs: r.keys.map((key, i) => ({ key, value: r.values[i]! })),
    }));
  }

  /** Every link-key value each event carries (the index's projection by event). */
  async pairsOf(eventIds: readonly string[]): Promise<Map<string, LinkPair[]>> {
    if (eventIds.length === 0) return new Map();
    const rows = await queryRows<{ event_id: string; key: LinkKey; value: string }>(
      this.clickhouse,
      `SELECT DISTINCT event_id, key, value FROM event_links
       WHERE event_id IN {ids:Array(String)} AND key IN {keys:Array(String)}`,
      { ids: eventIds, keys: LINK_KEYS },
    );
    const out = new Map<string, LinkPair[]>();
    for (const r of rows)
      out.set(r.event_id, [...(out.get(r.event_id) ?? []), { key: r.key, value: r.value }]);
    return out;
  }

  /** Link-key values starting with `prefix`, in `scope`, the most recent first. */
  async byPrefix(prefix: string, scope: string): Promise<SearchHit[]> {
    const rows = await this.hits('startsWith(value, {q:String}) AND key IN {keys:Array(String)}', {
      q: prefix,
      keys: LINK_KEYS,
      scope,
    });
    return rows.map((r) => ({ ...r, matched: 'prefix' }));
  }

  /** The people (else cases, incidents, …) of the events whose name, ID number or phone is exactly `q`. */
  async byPerson(q: string, scope: string): Promise<SearchHit[]> {
    const found = await queryRows<{ event_id: string; field: SearchPersonField }>(
      this.clickhouse,
      `SELECT event_id, any(key) AS field FROM event_links
       WHERE key IN {fields:Array(String)} AND value = {q:String} AND startsWith(unit_code, {scope:String})
       GROUP BY event_id LIMIT {max:UInt32}`,
      { fields: SEARCH_PERSON_FIELDS, q, scope, max: PERSON_EVENTS_MAX },
    );
    const linked = await this.pairsOf(found.map((f) => f.event_id));
    const matched = new Map<string, { pair: LinkPair; field: SearchPersonField }>();
    for (const f of found) {
      const pairs = linked.get(f.event_id) ?? [];
      const pair = PERSON_HIT_KEYS.map((k) => pairs.find((p) => p.key === k)).find((p) => p !== undefined);
      if (pair) matched.set(pairKey(pair), { pair, field: f.field });
    }
    if (matched.size === 0) return [];
    const pairs = [...matched.values()].map((m) => m.pair);
    const { where, params } = pairsWhere(pairs);
    const rows = await this.hits(`(${where})`, { ...params, scope });
    return rows.map((r) => ({
      ...r,
      matched: matched.get(pairKey(r))?.field ?? 'person_name',
    }));
  }

  private async hits(where: string, params: Record<string, unknown>): Promise<Omit<SearchHit, 'matched'>[]> {
    const rows = await queryRows<HitRow>(
      this.clickhouse,
      `SELECT key, value, argMin(unit_code, occurred_at) AS unit, min(occurred_at) AS first_at,
              max(occurred_at) AS last_at, uniqExact(event_id) AS events
       FROM event_links WHERE ${where} AND startsWith(unit_code, {scope:String})
       GROUP BY key, value ORDER BY last_at DESC, key, value LIMIT {limit:UInt32}`,
      { ...params, limit: SEARCH_MAX_RESULTS },
    );
    return rows.map((r) => ({
      key: r.key as LinkKey,
      value: r.value,
      unit_code: r.unit,
      first_at: fromChTime(r.first_at),
      last_at: fromChTime(r.last_at),
      events: Number(r.events),
    }));
  }
}
