/** The wall's chart options (dark theme): the 24 h and 7 day trends, the breakdown by unit, the rules. */
import { computed } from 'vue';
import { complianceOption } from '../../charts/compliance-option.js';
import { ruleOption } from '../../charts/rule-option.js';
import { darkTheme } from '../../charts/theme.js';
import { trendOption } from '../../charts/trend-option.js';
import { useI18n } from '../../i18n/index.js';
import type { useWallData } from './use-wall-data.js';

export function useWallCharts(d: ReturnType<typeof useWallData>) {
  const { locale } = useI18n();
  const trend24 = computed(() =>
    trendOption(
      { points: d.trend24.data.value?.points ?? [], bucket: 'hour', timeZone: d.timeZone.value },
      darkTheme,
      locale.value,
    ),
  );
  const trend7 = computed(() =>
    trendOption(
      { points: d.trend7.data.value?.points ?? [], bucket: 'day', timeZone: d.timeZone.value },
      darkTheme,
      locale.value,
    ),
  );
  const breakdown = computed(() =>
    complianceOption(
      { units: d.breakdown.data.value?.units ?? [], nameOf: d.statName, orientation: 'horizontal' },
      darkTheme,
      locale.value,
    ),
  );
  const rules = computed(() =>
    ruleOption(
      d.live.byRule.map((r) => ({ ruleId: r.ruleId, label: d.ruleLabel(r.ruleId, r.title), count: r.count })),
      darkTheme,
      locale.value,
    ),
  );
  return { trend24, trend7, breakdown, rules };
}
