/**
 * Everything the wall shows, in one place: the live alerts (snapshot + socket), the summary, trends for
 * 24 h and 7 days, the breakdown one level below the viewer's scope, and the countdown list. REST figures
 * refresh on their own timers; the live ones move with every socket message.
 */
import { computed, onBeforeUnmount, onMounted, ref, watch } from 'vue';
import type { UnitStats } from '../../../../common/api.js';
import type { TrendsParams } from '../../api/endpoints.js';
import { api } from '../../api/instance.js';
import { useI18n } from '../../i18n/index.js';
import { createBeeper } from '../../lib/beep.js';
import { useNow } from '../../lib/clock.js';
import { usePolled } from '../../lib/poll.js';
import { SOUND_KEY, initialSound, storedSound } from '../../lib/wall-sound.js';
import { timeZone } from '../../lib/settings.js';
import { socketSource } from '../../realtime/socket-source.js';
import { useAuthStore } from '../../stores/auth.js';
import { useLiveStore } from '../../stores/live.js';
import { useReferenceStore } from '../../stores/reference.js';
import { breakdownBehind, breakdownLevel } from './breakdown.js';
import type { ComplianceFigures } from './breakdown.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function useWallData() {
  const auth = useAuthStore();
  const live = useLiveStore();
  const reference = useReferenceStore();
  const { locale } = useI18n();
  const now = useNow();
  const beeper = createBeeper();
  const soundOn = ref(false);
  const lastP1At = ref(0);
  const scope = computed(() => auth.user?.scope ?? '');
  const level = computed(() => breakdownLevel(scope.value));

  const iso = (ms: number) => new Date(ms).toISOString();
  /** The scope's trend over the last `span` ms up to the time of each poll. */
  const trendOver = (span: number, bucket: TrendsParams['bucket']) => () => {
    const to = Date.now();
    return api.trends({ from: iso(to - span), to: iso(to), bucket, unit: scope.value || undefined });
  };
  const trend24 = usePolled(trendOver(24 * HOUR, 'hour'), 5 * 60_000);
  const trend7 = usePolled(trendOver(7 * DAY, 'day'), 10 * 60_000);
  // The 7-day tile (the summary, pushed every 5 s) and this chart read the same snapshot, refreshed every
  // 30 s: when the tile's figures move, the chart is fetched again instead of staying empty or stale beside
  // the tile until the next minute. `shownFigures`: the summary's figures when the chart was last fetched.
  let breakdownAt = 0;
  let shownFigures: ComplianceFigures | null = null;
  const breakdown = usePolled(() => {
    const to = Date.now();
    breakdownAt = to;
    const c = live.summary?.compliance;
    shownFigures = c ? { due: c.due, on_time: c.on_time } : null;
    return api.unitStats({
      from: iso(to - 7 * DAY),
      to: iso(to),
      level: level.value,
      parent: scope.value || undefined,
    });
  }, 60_000);
  watch(
    () => live.summary?.compliance ?? null,
    (next) => {
      const units = breakdown.data.value?.units.length ?? 0;
      if (breakdownBehind(shownFigures, next, units, Date.now() - breakdownAt)) void breakdown.refresh();
    },
  );
  const countdown = usePolled(() => api.countdown(), 30_000);

  const unitName = (code: string) => reference.unitName(code, locale.value);
  const statName = (u: UnitStats) => {
    const known = reference.unitName(u.code, locale.value);
    const name = known === u.code ? (u.name ?? u.code) : known;
    // Chart labels: "Wuzhou Municipal Public Security Bureau" → "Wuzhou".
    return name.replace(/ (Municipal |City |County )?Public Security (Bureau|Department)$/, '');
  };
  const ruleLabel = (ruleId: string, title: string) =>
    locale.value === 'en'
      ? reference.ruleName(ruleId, 'en', title)
      : title || reference.ruleName(ruleId, 'zh-CN');

  // A failed load is tried again every 10 s (not at its next 5- or 10-minute poll), so the banner that says
  // so goes soon after the server answers again; at most four small reads per wall while it fails.
  const polled = [trend24, trend7, breakdown, countdown];
  let retryTimer: ReturnType<typeof setInterval> | null = null;

  let offChange: (() => void) | null = null;
  onMounted(() => {
    // The alarm as this screen last had it, or as the kiosk URL says (`?sound=1`).
    const on = initialSound(
      new URLSearchParams(window.location.search).get('sound'),
      window.localStorage.getItem(SOUND_KEY),
    );
    if (on) beeper.enable();
    rememberSound();
    retryTimer = setInterval(() => {
      for (const p of polled) if (p.cause.value !== null && !p.loading.value) void p.refresh();
    }, 10_000);
    void reference.load();
    live.start(socketSource(api, () => auth.token)).catch(() => undefined);
    offChange = live.onChange((kind, alert) => {
      if (alert.severity !== 'P1' || (kind !== 'raised' && kind !== 'escalated')) return;
      lastP1At.value = Date.now();
      beeper.beep();
    });
  });
  onBeforeUnmount(() => {
    offChange?.();
    if (retryTimer) clearInterval(retryTimer);
  });

  function rememberSound(): void {
    soundOn.value = beeper.enabled;
    window.localStorage.setItem(SOUND_KEY, storedSound(beeper.enabled));
  }

  function toggleSound(): void {
    if (beeper.enabled) beeper.disable();
    else {
      beeper.enable();
      beeper.beep();
    }
    rememberSound();
  }

  return {
    live,
    now,
    timeZone,
    level,
    trend24,
    trend7,
    breakdown,
    countdown,
    unitName,
    statName,
    ruleLabel,
    soundOn,
    /** On, but the browser holds the sound until someone touches the screen (no autoplay flag). */
    soundBlocked: () => beeper.blocked,
    toggleSound,
    lastP1At,
  };
}

export type WallData = ReturnType<typeof useWallData>;
