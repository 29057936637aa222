/**
 * An obligation ref as a compact, stable string (`["R-INC-13",0,"J4501…"]`: link key by index, event id if
 * any): the member under which wake-ups and held alerts are kept, in memory and in Redis alike. Members sort
 * the same way in both (by time, then by member), so ties are processed in one fixed order.
 */
import { LINK_KEYS } from '../../common/event-types.js';
import type { LinkKey } from '../../common/event-types.js';
import type { ObligationRef } from '../engine/index.js';

export function refMember(ref: ObligationRef): string {
  const key = LINK_KEYS.indexOf(ref.key);
  return JSON.stringify(
    ref.event_id === undefined ? [ref.rule_id, key, ref.value] : [ref.rule_id, key, ref.value, ref.event_id],
  );
}

export function memberRef(member: string): ObligationRef {
  const [rule_id, key, value, eventId] = JSON.parse(member) as [string, number, string, string | undefined];
  const k = LINK_KEYS[key] as LinkKey;
  return eventId === undefined ? { rule_id, key: k, value } : { rule_id, key: k, value, event_id: eventId };
}
