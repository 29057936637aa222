/**
 * The wall map's drill-in: which city is opened (by a click on it, or for an unattended wall by the kiosk
 * URL, `?map=4502`), its county outlines (loaded on demand) and its counties' 7-day compliance (GET
 * /api/stats/units at county level under the city, refreshed every minute like the city breakdown).
 */
import { computed, ref, shallowRef, watch } from 'vue';
import { api } from '../../api/instance.js';
import { countyRegions } from '../../charts/county-map.js';
import { hasCountyMap, loadCountyMap } from '../../charts/county-maps.js';
import type { CountyMap } from '../../charts/county-maps.js';
import { usePolled } from '../../lib/poll.js';
import { useReferenceStore } from '../../stores/reference.js';

const DAY = 24 * 3_600_000;

export function useCountyMap(initial: unknown) {
  const reference = useReferenceStore();
  const start = typeof initial === 'string' && hasCountyMap(initial) ? initial : null;
  /** The drilled-into city's prefix (4502), null on the province map. */
  const city = ref<string | null>(start);
  const map = shallowRef<CountyMap | null>(null);

  const stats = usePolled(() => {
    const prefix = city.value;
    if (!prefix) return Promise.resolve(null);
    const to = Date.now();
    return api.unitStats({
      from: new Date(to - 7 * DAY).toISOString(),
      to: new Date(to).toISOString(),
      level: 'county',
      parent: prefix,
    });
  }, 60_000);

  watch(
    city,
    (prefix) => {
      map.value = null;
      if (!prefix) return;
      void stats.refresh();
      void loadCountyMap(prefix).then((m) => {
        if (city.value === prefix) map.value = m;
      });
    },
    { immediate: true },
  );

  /** The opened city's counties matched to their units, once its outlines are in. */
  const regions = computed(() => {
    const prefix = city.value;
    if (!prefix || !map.value) return [];
    const counties = [...reference.units.values()].filter(
      (u) => u.level === 'county' && u.code.startsWith(prefix),
    );
    return countyRegions(map.value.geo, counties);
  });

  const open = (prefix: string) => {
    if (hasCountyMap(prefix)) city.value = prefix;
  };
  const close = () => {
    city.value = null;
  };
  return { city, map, regions, stats, open, close };
}
