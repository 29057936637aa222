/** Labels the dossier pages share: an event type's name in the UI language, a link key's name. */
import { EVENT_TYPE_SPECS } from '../../../../common/event-types.js';
import type { LinkKey } from '../../../../common/event-types.js';
import { t } from '../../i18n/index.js';
import type { Locale } from '../../i18n/index.js';

export function eventLabel(type: string, locale: Locale): string {
  const spec = (EVENT_TYPE_SPECS as Record<string, { zh: string; en: string } | undefined>)[type];
  if (!spec) return type;
  return locale === 'en' ? spec.en : spec.zh;
}

export function keyLabel(key: LinkKey): string {
  return t(`key.${key}` as const);
}

/** A rate as a percentage with one decimal ('—' without a denominator). */
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}
