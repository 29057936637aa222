/**
 * The wall's canvas fitted to the screen (layout.ts), refitted on resize; while the wall is on, the page
 * itself shows no scroll bars (`html.wall-mode`).
 */
import { computed, onBeforeUnmount, onMounted, ref } from 'vue';
import { wallFit } from './layout.js';

export function useWallFit() {
  const fitted = ref(wallFit(window.innerWidth, window.innerHeight));
  function fit(): void {
    fitted.value = wallFit(window.innerWidth, window.innerHeight);
  }
  /** 32:9 or wider: more panels side by side. */
  const wide = computed(() => fitted.value.shape !== 'standard');
  onMounted(() => {
    fit();
    window.addEventListener('resize', fit);
    document.documentElement.classList.add('wall-mode');
  });
  onBeforeUnmount(() => {
    window.removeEventListener('resize', fit);
    document.documentElement.classList.remove('wall-mode');
  });
  return { fitted, wide };
}
