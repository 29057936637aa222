/** Routes and the sign-in / role guard. `/wall?token=…` signs a kiosk in with a viewer token. */
import { createRouter, createWebHistory } from 'vue-router';
import type { RouteLocationRaw } from 'vue-router';
import { landingPath, mayOpen } from './lib/roles.js';
import type { Page } from './lib/roles.js';
import { useAuthStore } from './stores/auth.js';

declare module 'vue-router' {
  interface RouteMeta {
    page?: Page;
    public?: boolean;
  }
}

export const router = createRouter({
  history: createWebHistory('/'),
  routes: [
    { path: '/', name: 'home', component: () => import('./views/ErrorView.vue') },
    {
      path: '/login',
      name: 'login',
      meta: { public: true },
      component: () => import('./views/LoginView.vue'),
    },
    { path: '/wall', name: 'wall', meta: { page: 'wall' }, component: () => import('./views/WallView.vue') },
    { path: '/duty', name: 'duty', meta: { page: 'duty' }, component: () => import('./views/DutyView.vue') },
    {
      path: '/alerts/:id',
      name: 'alert',
      meta: { page: 'detail' },
      props: true,
      component: () => import('./views/AlertDetailView.vue'),
    },
    {
      path: '/trends',
      name: 'trends',
      meta: { page: 'trends' },
      component: () => import('./views/TrendsView.vue'),
    },
    {
      path: '/admin',
      name: 'admin',
      meta: { page: 'admin' },
      component: () => import('./views/AdminView.vue'),
    },
    {
      path: '/forbidden',
      name: 'forbidden',
      props: { kind: 'forbidden' },
      component: () => import('./views/ErrorView.vue'),
    },
    {
      path: '/:pathMatch(.*)*',
      name: 'not-found',
      meta: { public: true },
      props: { kind: 'notFound' },
      component: () => import('./views/ErrorView.vue'),
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
