/** Reference data the pages label things with: unit names (GET /api/units) and rule names (GET /api/rules). */
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { RuleSummary } from '../../../common/api.js';
import type { Unit } from '../../../common/units.js';
import { api } from '../api/instance.js';
import type { Locale } from '../i18n/translate.js';

export const useReferenceStore = defineStore('reference', () => {
  const units = shallowRef(new Map<string, Unit>());
  const rules = shallowRef(new Map<string, RuleSummary>());
  let loading: Promise<void> | null = null;

  function load(): Promise<void> {
    loading ??= Promise.all([
      api
        .units()
        .then((r) => (units.value = new Map(r.units.map((u) => [u.code, u]))))
        .catch(() => undefined),
      api
        .rules()
        .then((r) => (rules.value = new Map(r.rules.map((x) => [x.id, x]))))
        .catch(() => undefined),
    ]).then(() => undefined);
    return loading;
  }

  /** A unit's name in the UI language; the code when the directory does not know it. */
  function unitName(code: string, locale: Locale): string {
    const full = code.length < 12 ? code.padEnd(12, '0') : code;
    const u = units.value.get(code) ?? units.value.get(full);
    if (!u) return code;
    return locale === 'en' && u.name_en ? u.name_en : u.name;
  }

  function ruleName(ruleId: string, locale: Locale, fallback?: string): string {
    const r = rules.value.get(ruleId);
    if (!r) return fallback ?? ruleId;
    return locale === 'en' ? r.name_en : r.name;
  }

  function reset(): void {
    loading = null;
  }

  return { units, rules, load, unitName, ruleName, reset };
});
