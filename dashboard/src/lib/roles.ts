/** Which pages a role may open and where it lands after signing in. */
import type { Role } from '../../../common/auth.js';

export type Page = 'wall' | 'duty' | 'trends' | 'reports' | 'detail' | 'dossier' | 'officer' | 'admin';

const ALLOWED: Record<Page, readonly Role[]> = {
  wall: ['viewer', 'officer', 'manager', 'admin'],
  duty: ['officer', 'manager', 'admin'],
  detail: ['officer', 'manager', 'admin'],
  dossier: ['officer', 'manager', 'admin'],
  officer: ['manager', 'admin'],
  trends: ['manager', 'admin'],
  reports: ['manager', 'admin'],
  admin: ['admin'],
};

export function mayOpen(role: Role, page: Page): boolean {
  return ALLOWED[page].includes(role);
}

/** viewer → /wall, officer → /duty, manager and admin → /trends. */
export function landingPath(role: Role): string {
  if (role === 'viewer') return '/wall';
  if (role === 'officer') return '/duty';
  return '/trends';
}
