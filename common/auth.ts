/**
 * Users, roles and the login/user-management API (CONTRACT.md §3), shared by the server and the browser.
 * No Node-only imports here.
 */
import { z } from 'zod';

export const USER_ROLES = ['viewer', 'officer', 'manager', 'admin'] as const;
/** viewer: wall display (read-only, personal data masked); officer: acknowledge and resolve;
 *  manager: trends, all alerts in scope; admin: users, rules. */
export type Role = (typeof USER_ROLES)[number];

/** Roles from `role` upwards, in the order above (e.g. `rolesAtLeast('officer')` → officer, manager, admin). */
export function rolesAtLeast(role: Role): Role[] {
  return USER_ROLES.slice(USER_ROLES.indexOf(role));
}

/** A user as the API shows it: never a password or a hash. */
export interface User {
  username: string;
  role: Role;
  /** Unit-code prefix the user sees and acts on; '' = all units. */
  scope: string;
  disabled: boolean;
}

/** Who a valid token stands for. */
export interface AuthUser {
  username: string;
  role: Role;
  scope: string;
}

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,31}$/;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

export const usernameSchema = z
  .string({ error: 'must be a string' })
  .regex(
    USERNAME_PATTERN,
    '2–32 characters: lower-case letters, digits, ".", "_" or "-", starting with a letter or digit',
  );

export const passwordSchema = z
  .string({ error: 'must be a string' })
  .min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `must be at most ${PASSWORD_MAX} characters`);

export const roleSchema = z.enum(USER_ROLES, { error: `must be one of ${USER_ROLES.join(', ')}` });

export const scopeSchema = z
  .string({ error: 'must be a string' })
  .regex(/^(\d{2,12})?$/, 'must be a unit-code prefix of 2–12 digits (e.g. 4501), or "" for all units');

/** Login accepts any non-empty strings: a malformed name is simply not a user (401, same as a wrong one). */
export const loginRequestSchema = z.strictObject({
  username: z.string({ error: 'required (a string)' }).min(1, 'required').max(128, 'too long'),
  password: z
    .string({ error: 'required (a string)' })
    .min(1, 'required')
    .max(PASSWORD_MAX, `must be at most ${PASSWORD_MAX} characters`),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const authUserSchema = z.object({ username: z.string(), role: roleSchema, scope: z.string() });

export const loginResponseSchema = z.object({
  token: z.string(),
  user: authUserSchema,
  /** When the session token stops working (ISO-8601 UTC). */
  expires_at: z.string(),
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;

export const meResponseSchema = z.object({ user: authUserSchema });
export type MeResponse = z.infer<typeof meResponseSchema>;

export const createUserRequestSchema = z.strictObject({
  username: usernameSchema,
  password: passwordSchema,
  role: roleSchema,
  scope: scopeSchema,
});
export type CreateUserRequest = z.infer<typeof createUserRequestSchema>;

export const userSchema = z.object({
  username: z.string(),
  role: roleSchema,
  scope: z.string(),
  disabled: z.boolean(),
});
export const usersResponseSchema = z.object({ users: z.array(userSchema) });

/** A long-lived viewer token for a wall display; the token itself is shown once, at creation. */
export interface KioskTokenInfo {
  id: string;
  /** Which screen it is for (e.g. 指挥中心大屏 2), as the admin named it; null when unnamed. */
  label: string | null;
  created_at: string;
  expires_at: string;
}
export interface KioskTokenCreated extends KioskTokenInfo {
  token: string;
}
export const KIOSK_TOKEN_ID_PATTERN = /^[0-9a-f]{16}$/;
export const KIOSK_LABEL_MAX = 60;

/** `POST /api/users/:username/kiosk-tokens`: an optional label naming the screen. */
export const kioskTokenRequestSchema = z.strictObject({
  label: z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, 'must not be blank')
    .max(KIOSK_LABEL_MAX, `must be at most ${KIOSK_LABEL_MAX} characters`)
    .optional(),
});
export type KioskTokenRequest = z.infer<typeof kioskTokenRequestSchema>;

/** `PUT /api/users/:username/password`: an admin sets a new password (the user's sessions end). */
export const passwordResetRequestSchema = z.strictObject({ password: passwordSchema });
export type PasswordResetRequest = z.infer<typeof passwordResetRequestSchema>;
