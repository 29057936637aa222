/** Authentication and users: what the rest of the server (HTTP routes, Socket.IO middleware) uses. */
export { createAuth, toAuthUser } from './service.js';
export type { Auth, AuthOptions, Authenticate, LoginOutcome } from './service.js';
export { authMigrations } from './migrations.js';
export { ensureInitialAdmin, publicUser, UserExistsError, UserStore } from './user-store.js';
export type { InitialAdminOutcome, StoredUser } from './user-store.js';
export { TokenStore, SESSION_TTL_MS, KIOSK_TTL_MS } from './tokens.js';
export { LoginRateLimiter, DEFAULT_LOGIN_LIMITS } from './rate-limit.js';
export { inScope, requireAuth, requireRole, userOf } from './middleware.js';
