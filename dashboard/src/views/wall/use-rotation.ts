/**
 * The wall's page rotation: `?rotate=60` alternates between the overview (page 0) and the units page
 * (page 1) every 60 s; under 5 s (or absent) it stays on the overview.
 */
import { onBeforeUnmount, onMounted, ref } from 'vue';

export function useRotation(query: unknown) {
  const seconds = Math.max(0, Number(query) || 0);
  const rotating = seconds >= 5;
  const page = ref(0);
  let timer: ReturnType<typeof setInterval> | null = null;
  onMounted(() => {
    if (rotating) timer = setInterval(() => (page.value = 1 - page.value), seconds * 1000);
  });
  onBeforeUnmount(() => {
    if (timer) clearInterval(timer);
  });
  return { page, rotating };
}
