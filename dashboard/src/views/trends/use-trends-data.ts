/**
 * The trends page's figures for the window, unit, rule and severity on screen: the trend, and either the
 * units one level down (with the previous period of the same length for the change, and the rule × unit
 * cells for the heat map) or, at a station, its alerts (the historical ones for a past calendar year).
 * Reloads whenever one of them changes.
 */
import { ref, shallowRef, watch } from 'vue';
import type { Ref } from 'vue';
import type { Alert } from '../../../../common/alerts.js';
import type { TrendsResponse, UnitRuleCell, UnitStats } from '../../../../common/api.js';
import { api } from '../../api/instance.js';
import { t } from '../../i18n/index.js';
import { previousWindow } from './drill.js';
import type { DrillLevel } from './drill.js';

/** The severities (common/api.ts has them too, but importing a value from there would bundle zod). */
export const SEVERITY_LEVELS = ['P1', 'P2', 'P3', 'P4'] as const;

export interface TrendsQuery {
  win: Ref<{ from: string; to: string }>;
  prefix: Ref<string>;
  ruleId: Ref<string>;
  severity: Ref<string>;
  level: Ref<DrillLevel>;
  pastYear: Ref<boolean>;
}

export function useTrendsData(q: TrendsQuery) {
  const trend = shallowRef<TrendsResponse | null>(null);
  const units = shallowRef<UnitStats[]>([]);
  const previousUnits = shallowRef<UnitStats[]>([]);
  const cells = shallowRef<UnitRuleCell[]>([]);
  const alerts = shallowRef<Alert[]>([]);
  const loading = ref(false);
  const error = ref<string | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    const w = q.win.value;
    const prev = previousWindow(w);
    const unit = q.prefix.value || undefined;
    const rule_id = q.ruleId.value || undefined;
    const sev = SEVERITY_LEVELS.find((s) => s === q.severity.value);
    const level = q.level.value;
    try {
      const [tr, detail] = await Promise.all([
        api.trends({ ...w, unit, rule_id, severity: sev }),
        level === 'alerts'
          ? api
              .alerts({
                unit,
                rule_id,
                severity: sev,
                limit: 2000,
                ...(q.pastYear.value ? { historical: true } : {}),
              })
              .then((r) => ({ alerts: r.alerts, units: [] }))
          : Promise.all([
              api.unitStats({ from: w.from, to: w.to, level, parent: unit, rule_id, by_rule: 'true' }),
              api.unitStats({ ...prev, level, parent: unit, rule_id }),
            ]).then(([r, p]) => ({ alerts: [], units: r.units, previous: p.units, cells: r.cells ?? [] })),
      ]);
      trend.value = tr;
      units.value = detail.units;
      previousUnits.value = 'previous' in detail ? detail.previous : [];
      cells.value = 'cells' in detail ? detail.cells : [];
      alerts.value = [...detail.alerts].sort((a, b) => (a.opened_at < b.opened_at ? 1 : -1));
    } catch (err) {
      error.value = t('common.loadFailed', { msg: err instanceof Error ? err.message : String(err) });
    } finally {
      loading.value = false;
    }
  }
  watch([q.prefix, q.win, q.ruleId, q.severity], load, { immediate: true });
  return { trend, units, previousUnits, cells, alerts, loading, error };
}
