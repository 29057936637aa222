/** Pure translation: no Vue, so option builders and tests use it directly. */
import { en } from './en.js';
import { zhCN } from './zh-CN.js';
import type { MessageKey, Messages } from './zh-CN.js';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export type { MessageKey };

export const DICTIONARIES: Record<Locale, Messages> = { 'zh-CN': zhCN, en };

export type Params = Record<string, string | number>;

/** The message for `key` in `locale`, with `{name}` placeholders filled from `params`. */
export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const text = DICTIONARIES[locale][key] ?? DICTIONARIES['zh-CN'][key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : m,
  );
}

export function isLocale(value: unknown): value is Locale {
  return value === 'zh-CN' || value === 'en';
}

export type Translate = (key: MessageKey, params?: Params) => string;

export function translator(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}
