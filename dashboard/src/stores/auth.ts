/**
 * Who is signed in. The session token lives in sessionStorage (gone when the tab closes). A wall display
 * opens `/wall?token=…` with a long-lived viewer token: it is checked with GET /api/auth/me and kept the same way.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { AuthUser } from '../../../common/auth.js';
import { api } from '../api/instance.js';

const STORAGE_KEY = 'vigil.session';

interface Session {
  token: string;
  user: AuthUser;
  expiresAt: string | null;
  kiosk: boolean;
}

function readSession(): Session | null {
  try {
    const raw = window.sessionStorage.getItem(STORAGE_KEY);
    const s = raw ? (JSON.parse(raw) as Session) : null;
    if (!s?.token || !s.user) return null;
    if (s.expiresAt && Date.parse(s.expiresAt) <= Date.now()) return null;
    return s;
  } catch {
    return null;
  }
}

export const useAuthStore = defineStore('auth', () => {
  const session = ref<Session | null>(readSession());
  const token = computed(() => session.value?.token ?? null);
  const user = computed(() => session.value?.user ?? null);
  const kiosk = computed(() => session.value?.kiosk ?? false);

  function save(s: Session | null): void {
    session.value = s;
    if (s) window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(s));
    else window.sessionStorage.removeItem(STORAGE_KEY);
  }

  async function login(username: string, password: string): Promise<AuthUser> {
    const r = await api.login(username, password);
    save({ token: r.token, user: r.user, expiresAt: r.expires_at, kiosk: false });
    return r.user;
  }

  /** Signs in with a token from the URL (kiosk); throws when the server does not accept it. */
  async function loginWithToken(kioskToken: string): Promise<AuthUser> {
    save({
      token: kioskToken,
      user: { username: '', role: 'viewer', scope: '' },
      expiresAt: null,
      kiosk: true,
    });
    try {
      const me = await api.me();
      save({ token: kioskToken, user: me.user, expiresAt: null, kiosk: true });
      return me.user;
    } catch (err) {
      save(null);
      throw err;
    }
  }

  async function logout(): Promise<void> {
    if (session.value && !session.value.kiosk) await api.logout().catch(() => undefined);
    save(null);
  }

  /** Forgets the session without asking the server (after a 401). */
  function clear(): void {
    save(null);
  }

  return { token, user, kiosk, login, loginWithToken, logout, clear };
});
