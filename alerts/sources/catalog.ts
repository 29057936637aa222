/**
 * The sources in force, resolved for the engine: which source an event comes from, which monitored sources
 * a rule depends on (the senders of its satisfiers), and each expectation in milliseconds. Pure.
 */
import type { EventType } from '../../common/event-types.js';
import type { Rule } from '../../common/rules.js';
import { parseDuration } from '../../common/rules.js';
import { PARTITION_DIGITS, matchingTypes, sourceKey } from '../../common/sources.js';
import type { SourcesFile } from '../../common/sources.js';

export interface Expectation {
  lateMs: number;
  silentMs: number;
  /** Active hours as minutes of the local day [start, end); null: all day. */
  hours: { start: number; end: number } | null;
}

export interface SourceSpec {
  id: string;
  name: string;
  name_en: string | null;
  types: ReadonlySet<EventType>;
  /** Unit-code prefix length of its partition. */
  digits: number;
  /** Rules that depend on it (it sends their satisfiers, extensions or, for condition rules, related events). */
  rules: readonly string[];
  /** null: no expectation, always healthy. */
  expect: Expectation | null;
  catchUpMs: number;
}

export interface SourceCatalog {
  specs: readonly SourceSpec[];
  byId: ReadonlyMap<string, SourceSpec>;
  timeZone: string;
  /** Whether any source has an expectation (otherwise holding never applies and costs nothing). */
  monitored: boolean;
  /** The source of an event: its `source` field when that names a configured source, else by its type. */
  sourceOf(type: EventType, source?: string): SourceSpec | undefined;
  /** Monitored sources a rule depends on. */
  guards(ruleId: string): readonly SourceSpec[];
  /** The key of a source's partition that covers a unit. */
  keyFor(spec: SourceSpec, unitCode: string): string;
}

const ms = (d: string): number => parseDuration(d) ?? 0;
const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function expectation(e: NonNullable<SourcesFile['sources'][number]['expect']>): Expectation {
  const lateMs = ms(e.late_after);
  const silentMs = e.silent_after ? ms(e.silent_after) : 3 * lateMs;
  const hours = e.hours ? { start: minutes(e.hours.slice(0, 5)), end: minutes(e.hours.slice(6, 11)) } : null;
  return { lateMs, silentMs: Math.max(silentMs, lateMs), hours };
}

/**
 * Whether a rule's judgement rests on events of these types arriving: a deadline rule's satisfiers and
 * extensions (their absence makes it overdue), a condition rule's related events (R-PRO-01: no filing known
 * before the seizure).
 */
function readsFrom(rule: Rule, types: ReadonlySet<EventType>): boolean {
  const lists =
    rule.kind === 'deadline'
      ? [...rule.satisfiers.map((x) => x.types), ...(rule.extensions ?? []).map((x) => x.types)]
      : Object.values(rule.relations ?? {}).map((x) => x.types);
  return lists.some((l) => l.some((t) => types.has(t)));
}

export function buildCatalog(
  file: SourcesFile,
  rules: readonly Rule[],
  defaultTimeZone: string,
): SourceCatalog {
  const specs: SourceSpec[] = file.sources.map((s) => {
    const types = new Set(s.types.flatMap(matchingTypes));
    const dependents =
      s.rules ?? rules.filter((r) => r.enabled !== false && readsFrom(r, types)).map((r) => r.id);
    return {
      id: s.id,
      name: s.name,
      name_en: s.name_en ?? null,
      types,
      digits: PARTITION_DIGITS[s.partition],
      rules: dependents,
      expect: s.expect ? expectation(s.expect) : null,
      catchUpMs: ms(s.catch_up),
    };
  });
  const byId = new Map(specs.map((s) => [s.id, s]));
  const byType = new Map<EventType, SourceSpec>();
  for (const s of specs) for (const t of s.types) if (!byType.has(t)) byType.set(t, s);
  const guards = new Map<string, SourceSpec[]>();
  for (const s of specs) {
    if (!s.expect) continue;
    for (const r of s.rules) guards.set(r, [...(guards.get(r) ?? []), s]);
  }
  return {
    specs,
    byId,
    timeZone: file.time_zone ?? defaultTimeZone,
    monitored: specs.some((s) => s.expect !== null),
    sourceOf: (type, source) => (source !== undefined ? byId.get(source) : undefined) ?? byType.get(type),
    guards: (ruleId) => guards.get(ruleId) ?? [],
    keyFor: (spec, unitCode) => sourceKey(spec.id, unitCode.slice(0, spec.digits)),
  };
}

/** No sources configured: nothing is ever held (CONTRACT.md §2 exactly). */
export function emptyCatalog(timeZone: string): SourceCatalog {
  return buildCatalog({ sources: [] }, [], timeZone);
}
