/**
 * The admin page's pure parts: the new-user form's checks (the server's rules from common/auth.ts, repeated
 * here because importing values from there would bundle zod; a unit test keeps them equal), the scope's
 * label and choices from the units directory, the kiosk URL, the users' order.
 */
import type { Role, User } from '../../../../common/auth.js';
import type { Unit } from '../../../../common/units.js';
import type { MessageKey } from '../../i18n/translate.js';

export const ROLES: readonly Role[] = ['viewer', 'officer', 'manager', 'admin'];
export const USERNAME_RE = /^[a-z0-9][a-z0-9._-]{1,31}$/;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;
export const SCOPE_RE = /^(\d{2,12})?$/;
/** A kiosk token's label (the screen's name), at most this long (common/auth.ts KIOSK_LABEL_MAX). */
export const KIOSK_LABEL_MAX = 60;
/** Prefix lengths of the unit levels: province, city, county, station. */
const LEVEL_LENGTHS: Readonly<Record<Unit['level'], number>> = {
  province: 2,
  city: 4,
  county: 6,
  station: 12,
};

export interface UserForm {
  username: string;
  password: string;
  confirm: string;
  role: Role | '';
  scope: string;
}

export type UserField = keyof UserForm;
export type FieldErrors = Partial<Record<UserField, MessageKey>>;

export const EMPTY_FORM: UserForm = { username: '', password: '', confirm: '', role: 'viewer', scope: '' };

/**
 * What is wrong with the form, field by field (empty: it may be sent). `adminScope` is the signed-in
 * admin's scope: a new user's scope must lie within it; `taken` the names already listed.
 */
export function validateUserForm(f: UserForm, adminScope: string, taken: ReadonlySet<string>): FieldErrors {
  const e: FieldErrors = {};
  const name = f.username.trim();
  if (!name) e.username = 'admin.err.required';
  else if (!USERNAME_RE.test(name)) e.username = 'admin.err.username';
  else if (taken.has(name)) e.username = 'admin.err.taken';
  if (!f.password) e.password = 'admin.err.required';
  else if (f.password.length < PASSWORD_MIN) e.password = 'admin.err.passwordShort';
  else if (f.password.length > PASSWORD_MAX) e.password = 'admin.err.passwordLong';
  if (!e.password && f.confirm !== f.password) e.confirm = 'admin.err.confirm';
  if (!f.role || !ROLES.includes(f.role)) e.role = 'admin.err.role';
  const scope = f.scope.trim();
  if (!SCOPE_RE.test(scope)) e.scope = 'admin.err.scope';
  else if (!scope.startsWith(adminScope)) e.scope = 'admin.err.scopeOutside';
  return e;
}

/** What is wrong with a new password an admin sets and its repetition (empty: it may be sent). */
export function validatePasswordReset(password: string, confirm: string): FieldErrors {
  const e: FieldErrors = {};
  if (!password) e.password = 'admin.err.required';
  else if (password.length < PASSWORD_MIN) e.password = 'admin.err.passwordShort';
  else if (password.length > PASSWORD_MAX) e.password = 'admin.err.passwordLong';
  if (!e.password && confirm !== password) e.confirm = 'admin.err.confirm';
  return e;
}

/** The request body for a valid form. */
export function createRequest(f: UserForm): {
  username: string;
  password: string;
  role: Role;
  scope: string;
} {
  return { username: f.username.trim(), password: f.password, role: f.role as Role, scope: f.scope.trim() };
}

/** The unit a scope prefix stands for (the directory's unit whose code is the prefix padded), if any. */
export function scopeUnit(scope: string, units: ReadonlyMap<string, Unit>): Unit | null {
  if (!scope) return null;
  const u = units.get(scope.padEnd(12, '0'));
  return u && LEVEL_LENGTHS[u.level] === scope.length ? u : null;
}

export interface ScopeChoice {
  prefix: string;
  label: string;
  level: Unit['level'];
}

/** The units an admin may give as a scope (their own and below), as prefixes, in code order. */
export function scopeChoices(
  units: Iterable<Unit>,
  adminScope: string,
  nameOf: (u: Unit) => string,
): ScopeChoice[] {
  const out: ScopeChoice[] = [];
  for (const u of units) {
    const prefix = u.code.slice(0, LEVEL_LENGTHS[u.level]);
    if (prefix.startsWith(adminScope)) out.push({ prefix, label: nameOf(u), level: u.level });
  }
  return out.sort((a, b) => a.prefix.localeCompare(b.prefix));
}

/** The address a wall display opens with a kiosk token: `<origin>/wall?token=…`. */
export function kioskUrl(origin: string, token: string): string {
  return `${origin.replace(/\/+$/, '')}/wall?token=${encodeURIComponent(token)}`;
}

/** Active users first, then by name. */
export function sortUsers(users: readonly User[]): User[] {
  return [...users].sort(
    (a, b) => Number(a.disabled) - Number(b.disabled) || a.username.localeCompare(b.username),
  );
}
