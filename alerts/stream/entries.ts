/**
 * The entries of the change stream, typed, and their one decoder. Each kind has its own field name in the
 * Redis stream entry (`c`: an alert change). To add a kind (supervision orders, notifications): add it to
 * `StreamEntry` and to `KINDS` — the compiler then asks every consumer that switches on `kind` to handle it.
 */
import type { AlertChange } from '../../common/alerts.js';
import type { SupervisionChange } from '../../common/supervision.js';

export type StreamEntry =
  | { kind: 'alert'; seq: number; change: AlertChange }
  | { kind: 'supervision'; seq: number; change: SupervisionChange };
export type EntryKind = StreamEntry['kind'];

interface KindSpec<K extends EntryKind> {
  /** The field the entry's JSON is stored under. */
  field: string;
  decode(json: string, seq: number): Extract<StreamEntry, { kind: K }>;
}

export const KINDS: { [K in EntryKind]: KindSpec<K> } = {
  alert: {
    field: 'c',
    decode: (json, seq) => ({ kind: 'alert', seq, change: JSON.parse(json) as AlertChange }),
  },
  supervision: {
    field: 's',
    decode: (json, seq) => ({
      kind: 'supervision',
      seq,
      change: JSON.parse(json) as SupervisionChange,
    }),
  },
};

/** A kind's field and decoder, whatever the kind. */
interface AnySpec {
  field: string;
  decode(json: string, seq: number): StreamEntry;
}
const BY_FIELD = new Map<string, AnySpec>((Object.values(KINDS) as AnySpec[]).map((k) => [k.field, k]));

/** The seq of a stream entry id (`${seq}-0`). */
export function entrySeq(id: string): number {
  return Number(id.slice(0, id.indexOf('-')));
}

/** Decodes one stream entry (`[id, [field, json]]`); null for a field no kind owns (written by a newer version). */
export function decodeEntry(id: string, fields: readonly string[]): StreamEntry | null {
  const spec = BY_FIELD.get(fields[0] ?? '');
  return spec ? spec.decode(fields[1] ?? 'null', entrySeq(id)) : null;
}

/** The alert changes among entries, in order. */
export function alertChanges(entries: readonly StreamEntry[]): AlertChange[] {
  const out: AlertChange[] = [];
  for (const e of entries) if (e.kind === 'alert') out.push(e.change);
  return out;
}

/** The supervision changes among entries, in order. */
export function supervisionChanges(entries: readonly StreamEntry[]): SupervisionChange[] {
  const out: SupervisionChange[] = [];
  for (const e of entries) if (e.kind === 'supervision') out.push(e.change);
  return out;
}
