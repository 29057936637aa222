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
  /** Every engine key starts with one of these (for rebuild). */
  prefixes: ['vigil:e:', 'vigil:a:'],
} as const;
