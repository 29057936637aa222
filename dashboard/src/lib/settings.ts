/** Display settings: the time zone (Asia/Shanghai unless chosen otherwise; `?tz=` or remembered). */
import { ref } from 'vue';
import { DEFAULT_TIME_ZONE, isValidTimeZone } from './time.js';

const STORAGE_KEY = 'vigil.tz';

function initialZone(): string {
  const fromUrl = new URLSearchParams(window.location.search).get('tz');
  if (fromUrl && isValidTimeZone(fromUrl)) return fromUrl;
  const saved = window.localStorage.getItem(STORAGE_KEY);
  return saved && isValidTimeZone(saved) ? saved : DEFAULT_TIME_ZONE;
}

export const timeZone = ref<string>(initialZone());

export function setTimeZone(zone: string): void {
  if (!isValidTimeZone(zone)) return;
  timeZone.value = zone;
  window.localStorage.setItem(STORAGE_KEY, zone);
}

export const TIME_ZONE_CHOICES = ['Asia/Shanghai', 'Asia/Urumqi', 'UTC'] as const;

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
