/** How many fixed-height rows fit in an element, kept up to date as it resizes (wall lists never clip a row). */
import { onBeforeUnmount, onMounted, ref } from 'vue';
import type { Ref } from 'vue';

export function useFitCount(el: Ref<HTMLElement | null>, rowHeight: number, fallback: number): Ref<number> {
  const count = ref(fallback);
  let observer: ResizeObserver | null = null;
  const measure = () => {
    const h = el.value?.clientHeight ?? 0;
    if (h > 0) count.value = Math.max(1, Math.floor(h / rowHeight));
  };
  onMounted(() => {
    measure();
    if (el.value) {
      observer = new ResizeObserver(measure);
      observer.observe(el.value);
    }
  });
  onBeforeUnmount(() => observer?.disconnect());
  return count;
}
