/** Composition root: Pinia, the router, the API client bound to the session, the live connection's auth. */
import { createPinia } from 'pinia';
import { createApp, watch } from 'vue';
import App from './App.vue';
import { bindAuth } from './api/instance.js';
import { router } from './router.js';
import { useAuthStore } from './stores/auth.js';
import { useLiveStore } from './stores/live.js';
import { useSourcesStore } from './stores/sources.js';
import './styles.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);

const auth = useAuthStore(pinia);
const live = useLiveStore(pinia);
const sources = useSourcesStore(pinia);

function sessionEnded(): void {
  const wasKiosk = auth.kiosk;
  live.stop();
  sources.reset();
  auth.clear();
  const here = router.currentRoute.value;
  if (here.name === 'login') return;
  void router.push({
    name: 'login',
    // A wall that was showing and is refused now: its token was revoked (or expired, or its user disabled).
    query: { ...(wasKiosk ? { kiosk: 'revoked' } : { expired: '1' }), redirect: here.fullPath },
  });
}

bindAuth(() => auth.token, sessionEnded);
watch(
  () => live.authFailed,
  (failed) => failed && sessionEnded(),
);

app.use(router);
app.mount('#app');
