/** Changes as published: a write's changes get consecutive seqs ending at the seq the state returned. */
import type { AlertChange } from '../../common/alerts.js';

export function numbered(changes: readonly AlertChange[], lastSeq: number): AlertChange[] {
  const first = lastSeq - changes.length + 1;
  return changes.map((c, i) => ({ ...c, alert: { ...c.alert, seq: first + i } }));
}
