/**
 * A page's single-key shortcuts (the order inbox and outbox): ignored while typing in a field (Esc leaves it),
 * with a modifier held, or while `busy()` (another tab is shown, a dialog is open).
 */
import { onBeforeUnmount, onMounted } from 'vue';

export function useKeyMap(busy: () => boolean, keys: Record<string, () => void>): void {
  function onKey(e: KeyboardEvent): void {
    if (busy() || e.ctrlKey || e.metaKey || e.altKey) return;
    const target = e.target as HTMLElement | null;
    if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) {
      if (e.key === 'Escape') target.blur();
      return;
    }
    const run = keys[e.key];
    if (run) {
      e.preventDefault();
      run();
    }
  }
  onMounted(() => window.addEventListener('keydown', onKey));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey));
}
