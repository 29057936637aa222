/** Routes and the sign-in / role guard. `/wall?token=…` signs a kiosk in with a viewer token. */
import { createRouter, createWebHistory } from 'vue-router';
import type { RouteLocationRaw, RouteRecordSingleView } from 'vue-router';
import { landingPath, mayOpen } from './lib/roles.js';
import type { Page } from './lib/roles.js';
import { useAuthStore } from './stores/auth.js';

declare module 'vue-router' {
  interface RouteMeta {
    page?: Page;
    public?: boolean;
  }
}

/** A signed-in page: the guard below lets in the roles that may open `page` (lib/roles.ts). */
function pageRoute(
  path: string,
  page: Page,
  component: RouteRecordSingleView['component'],
  name: string = page,
): RouteRecordSingleView {
  return { path, name, meta: { page }, component };
}
/** The landing redirect, "forbidden" and "not found" all show this view (by `kind`). */
const errorView = () => import('./views/ErrorView.vue');

export const router = createRouter({
  history: createWebHistory('/'),
  routes: [
    { path: '/', name: 'home', component: errorView },
    {
      path: '/login',
      name: 'login',
      meta: { public: true },
      component: () => import('./views/LoginView.vue'),
    },
    pageRoute('/wall', 'wall', () => import('./views/WallView.vue')),
    pageRoute('/duty', 'duty', () => import('./views/DutyView.vue')),
    {
      ...pageRoute('/alerts/:id', 'detail', () => import('./views/AlertDetailView.vue'), 'alert'),
      props: true,
    },
    {
      ...pageRoute('/dossier/:linkKey/:value', 'dossier', () => import('./views/dossier/DossierView.vue')),
      props: true,
    },
    {
      ...pageRoute('/officers/:officerId', 'officer', () => import('./views/dossier/OfficerFileView.vue')),
      props: true,
    },
    pageRoute('/trends', 'trends', () => import('./views/TrendsView.vue')),
    pageRoute('/reports', 'reports', () => import('./views/reports/ReportsView.vue')),
    pageRoute('/admin', 'admin', () => import('./views/AdminView.vue')),
    { path: '/forbidden', name: 'forbidden', props: { kind: 'forbidden' }, component: errorView },
    {
      path: '/:pathMatch(.*)*',
      name: 'not-found',
      meta: { public: true },
      props: { kind: 'notFound' },
      component: errorView,
    },
  ],
});

router.beforeEach(async (to): Promise<true | RouteLocationRaw> => {
  const auth = useAuthStore();
  const kioskToken = to.name === 'wall' ? to.query.token : undefined;
  if (typeof kioskToken === 'string' && kioskToken) {
    try {
      await auth.loginWithToken(kioskToken);
    } catch {
      return { name: 'login', query: { kiosk: 'failed' } };
    }
    // Keep the token out of the address bar and the history.
    const query = { ...to.query };
    delete query.token;
    return { path: to.path, query, hash: to.hash, replace: true };
  }
  if (to.meta.public) return true;
  const user = auth.user;
  if (!user) return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  if (to.name === 'home') return landingPath(user.role);
  if (to.meta.page && !mayOpen(user.role, to.meta.page)) return { name: 'forbidden' };
  return true;
});
