/**
 * The duty console's keys: j/k or ↓/↑ move, PageUp/PageDown by ten, Home/End, a acknowledge, r resolve,
 * Enter opens the detail. Ignored while typing in a field (Esc leaves the field) or with a dialog open.
 */
import { onBeforeUnmount, onMounted } from 'vue';

export interface DutyKeyActions {
  /** A dialog is open: the keys belong to it. */
  busy(): boolean;
  move(delta: number | 'first' | 'last'): void;
  acknowledge(): void;
  resolve(): void;
  open(): void;
}

export function useDutyKeys(act: DutyKeyActions): void {
  const keys: Record<string, () => void> = {
    j: () => act.move(1),
    ArrowDown: () => act.move(1),
    k: () => act.move(-1),
    ArrowUp: () => act.move(-1),
    PageDown: () => act.move(10),
    PageUp: () => act.move(-10),
    Home: () => act.move('first'),
    End: () => act.move('last'),
    a: () => act.acknowledge(),
    r: () => act.resolve(),
    Enter: () => act.open(),
  };

  function onKey(e: KeyboardEvent): void {
    if (act.busy() || e.ctrlKey || e.metaKey || e.altKey) return;
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
