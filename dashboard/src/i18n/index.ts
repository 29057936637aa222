/**
 * The app's i18n: a reactive locale (zh-CN first; remembered in localStorage, `?lang=en` overrides) and
 * `useI18n()` → { t, locale, setLocale }.
 */
import { computed, ref } from 'vue';
import { isLocale, translate } from './translate.js';
import type { Locale, MessageKey, Params } from './translate.js';

const STORAGE_KEY = 'vigil.locale';

function initialLocale(): Locale {
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  if (isLocale(fromUrl)) return fromUrl;
  const saved = window.localStorage.getItem(STORAGE_KEY);
  return isLocale(saved) ? saved : 'zh-CN';
}

const locale = ref<Locale>(initialLocale());

function applyDocumentLang(value: Locale): void {
  document.documentElement.lang = value;
}
applyDocumentLang(locale.value);

export function setLocale(value: Locale): void {
  locale.value = value;
  window.localStorage.setItem(STORAGE_KEY, value);
  applyDocumentLang(value);
}

export function t(key: MessageKey, params?: Params): string {
  return translate(locale.value, key, params);
}

export function useI18n() {
  return {
    t,
    locale: computed(() => locale.value),
    setLocale,
    toggle: () => setLocale(locale.value === 'zh-CN' ? 'en' : 'zh-CN'),
  };
}

export type { Locale, MessageKey };
