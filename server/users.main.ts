/**
 * `npm run users -- add <name> --role <role> --scope <prefix|all>` · `list` · `disable <name>` · `enable <name>` ·
 * `passwd <name>`
 * Manages users directly in this installation's ClickHouse (see server/auth/cli-context.ts). Passwords are
 * read from stdin (first line; typed without echo at a terminal); an empty one is generated and printed.
 */
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { passwordSchema, roleSchema, scopeSchema, USER_ROLES, usernameSchema } from '../common/auth.js';
import { ConfigError } from '../common/node/config.js';
import { RedisMissingError } from '../common/node/redis.js';
import { openAuthCli, VigilRunningError } from './auth/cli-context.js';
import type { AuthCliContext } from './auth/cli-context.js';
import { readPassword } from './auth/cli-password.js';
import { generatePassword } from './auth/password.js';
import { UserExistsError } from './auth/user-store.js';
import { describeIssues } from './auth/validate.js';

const USAGE = `usage:
  npm run users -- add <name> --role ${USER_ROLES.join('|')} --scope <unit-code prefix, or "all">
  npm run users -- list
  npm run users -- disable <name>
  npm run users -- enable <name>
  npm run users -- passwd <name>
The password of add/passwd is read from stdin (e.g. echo 'secret-pass' | npm run users -- add …);
leave it empty to have one generated and printed.`;

class UsageError extends Error {}

/** A failure to report in one line, without the usage text. */
class CliError extends Error {}

function check<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(`${what}: ${describeIssues(parsed.error, '')}`);
  return parsed.data;
}

async function askPassword(name: string): Promise<{ password: string; generated: boolean }> {
  const typed = await readPassword(`Password for ${name} (empty: generate one): `);
  if (typed === '') return { password: generatePassword(), generated: true };
  return { password: check(passwordSchema, typed, 'password'), generated: false };
}

async function run(
  command: string,
  name: string | undefined,
  opts: { role?: string; scope?: string },
  open: () => Promise<AuthCliContext>,
): Promise<void> {
  if (!['add', 'list', 'disable', 'enable', 'passwd'].includes(command)) {
    throw new UsageError(`unknown command "${command}"`);
  }
  if (command === 'list') {
    const ctx = await open();
    try {
      const users = await ctx.auth.users.list();
      if (users.length === 0) console.log(`no users in ${ctx.where}`);
      for (const u of users) {
        console.log(
          `${u.username.padEnd(32)} ${u.role.padEnd(8)} ${(u.scope || 'all').padEnd(12)} ${u.disabled ? 'disabled' : 'active'}`,
        );
      }
    } finally {
      await ctx.close();
    }
    return;
  }
  const username = check(usernameSchema, name ?? '', 'user name');
  if (command === 'add') {
    if (opts.role === undefined || opts.scope === undefined)
      throw new UsageError('add needs --role and --scope');
    const role = check(roleSchema, opts.role, '--role');
    const scope = check(scopeSchema, opts.scope === 'all' ? '' : opts.scope, '--scope');
    const { password, generated } = await askPassword(username);
    const ctx = await open();
    try {
      await ctx.auth.users.create({ username, password, role, scope });
      console.log(`created ${username} (${role}, scope ${scope || 'all'})`);
      if (generated) console.log(`password: ${password}`);
    } finally {
      await ctx.close();
    }
    return;
  }
  if (command === 'disable' || command === 'enable' || command === 'passwd') {
    const secret = command === 'passwd' ? await askPassword(username) : null;
    const ctx = await open();
    try {
      const user = secret
        ? await ctx.auth.setPassword(username, secret.password)
        : command === 'enable'
          ? await ctx.auth.enableUser(username)
          : await ctx.auth.disableUser(username);
      if (!user) throw new CliError(`no user "${username}" in ${ctx.where}`);
      if (command === 'disable') console.log(`disabled ${username}; their tokens no longer work`);
      else if (command === 'enable')
        console.log(`enabled ${username}; they sign in with their password again`);
      else if (secret) {
        console.log(`password of ${username} changed; their sessions were ended`);
        if (secret.generated) console.log(`password: ${secret.password}`);
      }
    } finally {
      await ctx.close();
    }
  }
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { role: { type: 'string' }, scope: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  const [command, name, ...extra] = parsed.positionals;
  if (parsed.values.help || !command || extra.length > 0) {
    console.error(USAGE);
    process.exit(parsed.values.help ? 0 : 2);
  }
  try {
    await run(command, name, parsed.values, () => openAuthCli());
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`${err.message}\n\n${USAGE}`);
      process.exit(2);
    }
    if (err instanceof VigilRunningError) {
      console.error(err.message);
      process.exit(3);
    }
    if (
      err instanceof CliError ||
      err instanceof UserExistsError ||
      err instanceof ConfigError ||
      err instanceof RedisMissingError
    ) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}

main().catch((err: unknown) => {
  console.error((err as Error).message);
  process.exit(1);
});
