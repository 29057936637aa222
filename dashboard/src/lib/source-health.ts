/**
 * Source health for the screens (GET /api/sources): which sending systems are late or silent, the
 * banner the wall and the duty console show about them, and the name of the source a held alert waits for.
 * Pure: the translator, the unit directory and the clock are passed in.
 *
 * Only types come from common/sources.ts (it defines zod schemas; a value import would bundle zod), so the
 * two small helpers below repeat what it exports (a unit test keeps them equal).
 */
import type { SourceHealth, SourceStatus, SourcesResponse } from '../../../common/sources.js';
import type { Locale, Translate } from '../i18n/translate.js';
import { formatDuration } from './time.js';

/** common/sources.ts SOURCE_OUTAGE_RULE_ID: the alert raised when a source goes silent (数据源中断). */
export const SOURCE_OUTAGE_RULE_ID = 'SRC-OUTAGE';

/** common/sources.ts splitSourceKey: `case:4501` → source `case`, unit prefix `4501`. */
export function splitSourceKey(key: string): { source: string; prefix: string } {
  const i = key.lastIndexOf(':');
  return i < 0 ? { source: key, prefix: '' } : { source: key.slice(0, i), prefix: key.slice(i + 1) };
}

/**
 * "南宁市公安局" → "南宁市", "Nanning Municipal Public Security Bureau" → "Nanning", "Guangxi Zhuang Autonomous
 * Region Public Security Department" → "Guangxi": short enough for a banner.
 */
export function shortUnitName(name: string): string {
  const short = name
    .replace(/公安(厅|局)$/, '')
    .replace(/ (Municipal |City |County )?Public Security (Bureau|Department)$/, '')
    .replace(/ (\w+ )?Autonomous Region$/, '');
  return short || name;
}

export interface SourceLabels {
  t: Translate;
  locale: Locale;
  /** A unit's name from the directory (in the locale) for a prefix; null when it does not know it. */
  unitName?: (prefix: string) => string | null;
}

function sourceName(s: Pick<SourceStatus, 'name' | 'name_en' | 'source'>, locale: Locale): string {
  return (locale === 'en' ? s.name_en : null) ?? s.name ?? s.source;
}

/** The unit a row covers, short: the directory's name in the locale, else the server's, else the prefix. */
export function unitLabel(
  s: Pick<SourceStatus, 'unit_prefix' | 'unit_name'>,
  labels: Pick<SourceLabels, 'locale' | 'unitName'>,
): string {
  const known = labels.unitName?.(s.unit_prefix) ?? null;
  const name = known ?? s.unit_name;
  return name ? shortUnitName(name) : s.unit_prefix;
}

/** "案件系统（南宁市）" / "Case system (Nanning)". */
export function sourceLabel(
  s: Pick<SourceStatus, 'name' | 'name_en' | 'source' | 'unit_prefix' | 'unit_name'>,
  labels: SourceLabels,
): string {
  return labels.t('source.label', { name: sourceName(s, labels.locale), unit: unitLabel(s, labels) });
}

/** The source a held alert waits for, as the screens show it: its label, and its state when known. */
export interface HeldByLabel {
  text: string;
  state: SourceHealth | null;
}

/**
 * The source a held alert waits for, by its `held_by` key: its name and unit when GET /api/sources knows the
 * key, the source's name with the raw prefix when it knows the source only, else the key itself.
 */
export function heldByLabel(
  key: string | undefined,
  sources: SourcesResponse | null,
  labels: SourceLabels,
): HeldByLabel | null {
  if (!key) return null;
  const row = sources?.sources.find((s) => s.key === key);
  if (row) return { text: sourceLabel(row, labels), state: row.state };
  const { source, prefix } = splitSourceKey(key);
  const same = sources?.sources.find((s) => s.source === source);
  if (!same) return { text: key, state: null };
  return {
    text: sourceLabel({ ...same, unit_prefix: prefix, unit_name: null }, labels),
    state: null,
  };
}

const STATE_RANK: Record<SourceHealth, number> = { silent: 0, late: 1, healthy: 2 };

/**
 * Seconds a row has been quiet: the server's figure plus the time since the answer arrived (`elapsedMs`, on
 * the browser's clock, so a skewed clock does not matter). Never heard from: since it entered its state.
 */
export function silenceSeconds(s: SourceStatus, asOf: string, elapsedMs: number): number {
  const elapsed = Math.max(0, elapsedMs) / 1000;
  if (s.silence_seconds !== null) return s.silence_seconds + elapsed;
  const since = Date.parse(s.since);
  const at = Date.parse(asOf);
  return Number.isFinite(since) && Number.isFinite(at) ? Math.max(0, (at - since) / 1000 + elapsed) : 0;
}

/** The rows that are late or silent: silent first, then the longest quiet, then by key. */
export function unhealthySources(resp: SourcesResponse | null): SourceStatus[] {
  if (!resp) return [];
  return resp.sources
    .filter((s) => s.state !== 'healthy')
    .sort(
      (a, b) =>
        STATE_RANK[a.state] - STATE_RANK[b.state] ||
        (b.silence_seconds ?? Infinity) - (a.silence_seconds ?? Infinity) ||
        a.key.localeCompare(b.key),
    );
}

export interface BannerItem {
  key: string;
  state: 'late' | 'silent';
  /** "案件系统（南宁市）", or with several units of one source "案件系统（南宁市、柳州市等 5 个单位）". */
  label: string;
  /** "已中断 2小时13分" / "数据延迟 25分". */
  status: string;
  /** "暂缓判定 312 条告警"; '' when it holds nothing. */
  held: string;
  heldCount: number;
}

export interface SourceBanner {
  tone: 'late' | 'silent';
  lead: string;
  items: BannerItem[];
  /** "另有 2 项异常" when more groups than `maxItems`; ''. */
  more: string;
  heldTotal: number;
  /** The whole banner as one line (for titles, tests and screen readers). */
  text: string;
}

export interface BannerOptions extends SourceLabels {
  /** Time since the answer arrived (the quiet times keep counting between polls). */
  elapsedMs?: number;
  /** Groups shown before "另有 N 项" (the wall fits three on one line). */
  maxItems?: number;
  /** Units named before "等 N 个单位". */
  maxUnits?: number;
}

/**
 * The banner for a GET /api/sources answer, or null when every source is healthy. Rows of one source in the
 * same state are one item (a system down province-wide but kept per city reads as one line, not fourteen):
 * its units in code order, its quiet time the longest among them, its held count their sum.
 */
export function sourceBanner(resp: SourcesResponse | null, opts: BannerOptions): SourceBanner | null {
  const bad = unhealthySources(resp);
  if (!resp || bad.length === 0) return null;
  const { t } = opts;
  const groups = new Map<string, SourceStatus[]>();
  for (const s of bad) {
    const k = `${s.source}|${s.state}`;
    groups.set(k, [...(groups.get(k) ?? []), s]);
  }
  const maxUnits = opts.maxUnits ?? 2;
  const all: BannerItem[] = [...groups.values()].map((rows) => {
    const first = rows[0]!;
    const state = first.state as 'late' | 'silent';
    const units = [...rows]
      .sort((x, y) => x.unit_prefix.localeCompare(y.unit_prefix))
      .map((r) => unitLabel(r, opts));
    const unit =
      units.length <= maxUnits + 1
        ? units.join(t('source.unitSep'))
        : t('source.units', { names: units.slice(0, maxUnits).join(t('source.unitSep')), n: units.length });
    const quiet = Math.max(...rows.map((r) => silenceSeconds(r, resp.as_of, opts.elapsedMs ?? 0)));
    const d = quiet < 60 ? t('dur.underMinute') : formatDuration(quiet * 1000, t);
    const heldCount = rows.reduce((n, r) => n + r.held_alerts, 0);
    return {
      key: rows.map((r) => r.key).join(','),
      state,
      label: t('source.label', { name: sourceName(first, opts.locale), unit }),
      status: t(state === 'silent' ? 'source.banner.silent' : 'source.banner.late', { d }),
      held: heldCount > 0 ? t('source.banner.held', { n: heldCount.toLocaleString('en-US') }) : '',
      heldCount,
    };
  });
  const maxItems = opts.maxItems ?? 3;
  const items = all.slice(0, maxItems);
  const rest = all.length - items.length;
  const more = rest > 0 ? t('source.banner.more', { n: rest }) : '';
  const lead = t('source.banner.lead');
  const parts = items.map((i) => [`${i.label}${t('source.banner.gap')}${i.status}`, i.held].filter(Boolean));
  const text = `${lead}${parts.map((p) => p.join(' · ')).join(t('source.banner.itemSep'))}${more ? ` ${more}` : ''}`;
  return {
    tone: bad.some((s) => s.state === 'silent') ? 'silent' : 'late',
    lead,
    items,
    more,
    heldTotal: all.reduce((n, i) => n + i.heldCount, 0),
    text,
  };
}
