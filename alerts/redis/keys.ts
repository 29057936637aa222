/**
 * Redis keys of the alert engine's live state (all derived; rebuilt from ClickHouse by `npm run rebuild`).
 * The change stream's keys (seq, stream) belong to alerts/stream/change-stream.ts.
 */
export const KEYS = {
  /** Entity record (facts) by entity key: string, compact JSON. */
  record: (entityKey: string) => `vigil:e:${entityKey}`,
  /** Alert: hash {seq, json}. */
  alert: (alertId: string) => `vigil:a:${alertId}`,
  /** Unresolved (open, acknowledged or held) alert ids, scored by seq. */
  active: 'vigil:alerts:active',
  /** Wake-ups: member = obligation ref (refMember), score = processing time (epoch ms) to advance it again. */
  wake: 'vigil:wake',
  /** Highest seq recorded in ClickHouse alert_events. */
  recorded: 'vigil:alerts:recorded-seq',
  /** alert_id → how it was found when not by the stream ('reconciliation'). */
  foundBy: 'vigil:alerts:found-by',
  /** Set when the live state was built (from scratch or from ClickHouse). */
  ready: 'vigil:engine:ready',
  /** Supervision order: hash {seq, json}. */
  supervision: (id: string) => `vigil:s:${id}`,
  /** Every order id, scored by seq. */
  supervisionsAll: 'vigil:sup:all',
  /** Open (not closed or cancelled) order ids, scored by seq. */
  supervisionsOpen: 'vigil:sup:open',
  /** alert_id → its open order's id. */
  supervisionOpenByAlert: 'vigil:sup:open-by-alert',
  /** alert_id → its latest order's id. */
  supervisionLatestByAlert: 'vigil:sup:latest-by-alert',
  /** Order numbers per city and day: `vigil:sup:n:4501:20261202` → the last number given. */
  supervisionCounter: (city: string, day: string) => `vigil:sup:n:${city}:${day}`,
  /** Every engine key starts with one of these (for rebuild). */
  prefixes: ['vigil:e:', 'vigil:a:', 'vigil:s:', 'vigil:sup:'],
} as const;
