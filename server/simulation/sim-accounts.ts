/**
 * The simulated people's accounts: real users in the user store (created on first use, as any user is, with
 * a random password nobody is told — an admin may set one to sign in as them), looked up on every action so
 * that an account an admin disabled stops acting at once. A role or scope an admin changed is used as it is.
 */
import crypto from 'node:crypto';
import type { AuthUser } from '../../common/auth.js';
import { UserExistsError } from '../auth/index.js';
import type { UserStore } from '../auth/index.js';
import type { Persona } from './supervision-plan.js';

export type AccountStore = Pick<UserStore, 'get' | 'create'>;

export class SimAccounts {
  /** Accounts this process created or found, so that creation is tried once per name. */
  private readonly ensured = new Map<string, Promise<void>>();

  constructor(private readonly users: AccountStore) {}

  /** The persona as a signed-in user, or null when its account is disabled. */
  async user(p: Persona): Promise<AuthUser | null> {
    let ready = this.ensured.get(p.username);
    if (!ready) {
      ready = this.ensure(p);
      this.ensured.set(p.username, ready);
      ready.catch(() => this.ensured.delete(p.username));
    }
    await ready;
    const stored = await this.users.get(p.username);
    if (!stored || stored.disabled) return null;
    return { username: stored.username, role: stored.role, scope: stored.scope };
  }

  private async ensure(p: Persona): Promise<void> {
    if (await this.users.get(p.username)) return;
    const password = crypto.randomBytes(24).toString('base64url');
    try {
      await this.users.create({ username: p.username, password, role: p.role, scope: p.scope });
    } catch (err) {
      if (!(err instanceof UserExistsError)) throw err;
    }
  }
}
