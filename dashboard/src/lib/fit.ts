/**
 * How many fixed-height rows fit in an element, kept up to date as it resizes (wall lists never clip a row).
 * The row height may change (English rows take two lines for long rule names).
 */
import { onBeforeUnmount, onMounted, ref, toValue, watch } from 'vue';
import type { MaybeRefOrGetter, Ref } from 'vue';

export function useFitCount(
  el: Ref<HTMLElement | null>,
  rowHeight: MaybeRefOrGetter<number>,
  fallback: number,
): Ref<number> {
  const count = ref(fallback);
  let observer: ResizeObserver | null = null;
  const measure = () => {
    const h = el.value?.clientHeight ?? 0;
    if (h > 0) count.value = Math.max(1, Math.floor(h / toValue(rowHeight)));
  };
  watch(() => toValue(rowHeight), measure);
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
