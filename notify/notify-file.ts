/**
 * Reads NOTIFY_FILE (CONTRACT.md §7) and checks it whole at start: the schema, then what a schema cannot say —
 * ids unique, every `via` and `to` naming a channel or contact that exists and can reach it (an SMS channel
 * needs a phone, a group robot is a channel target), every secret given once, in the file or as `<field>_env`
 * naming a variable that is set. Every problem is reported with its JSON path; nothing is half-loaded.
 */
import fs from 'node:fs';
import { notifyFileSchema } from '../common/notify.js';
import type { ChannelConfig, Contact, NotifyFile } from '../common/notify.js';
import type { ResolvedChannel } from './channels/types.js';

export interface NotifySetup {
  file: NotifyFile;
  /** Channels by id, secrets read from the environment. */
  channels: Map<string, ResolvedChannel>;
  contacts: Map<string, Contact>;
}

type Env = Record<string, string | undefined>;
type Problems = string[];

/** Person-address field a channel type needs on a contact (null: none, the channel itself is the address). */
export const ADDRESS_FIELD: Record<ChannelConfig['type'], 'phone' | 'email' | null> = {
  webhook: null,
  wecom: null,
  dingtalk: null,
  sms: 'phone',
  email: 'email',
};

export function readNotifyFile(path: string, env: Env = process.env): NotifySetup {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`Invalid notify file ${path}:\n  - (file): ${(err as Error).message}`, { cause: err });
  }
  const checked = checkNotifyFile(data, env);
  if ('errors' in checked)
    throw new Error(`Invalid notify file ${path}:\n${checked.errors.map((e) => `  - ${e}`).join('\n')}`);
  return checked;
}

/** The setup, or every problem of the file with its JSON path. */
export function checkNotifyFile(data: unknown, env: Env = process.env): NotifySetup | { errors: Problems } {
  const parsed = notifyFileSchema.safeParse(data);
  if (!parsed.success)
    return {
      errors: parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(file)'}: ${i.message}`),
    };
  const file = parsed.data;
  const errors: Problems = [];
  const channels = new Map<string, ResolvedChannel>();
  file.channels.forEach((c, i) => {
    if (channels.has(c.id)) errors.push(`channels.${i}.id: duplicate id ${c.id}`);
    channels.set(c.id, resolveSecrets(c, env, `channels.${i}`, errors));
  });
  const contacts = new Map<string, Contact>();
  file.contacts.forEach((c, i) => {
    if (contacts.has(c.id)) errors.push(`contacts.${i}.id: duplicate id ${c.id}`);
    contacts.set(c.id, c);
    checkVia(c, channels, `contacts.${i}`, errors);
  });
  file.routes.forEach((r, i) =>
    r.to.forEach((t, j) => checkTarget(t, channels, contacts, `routes.${i}.to.${j}`, errors)),
  );
  return errors.length > 0 ? { errors } : { file, channels, contacts };
}

function checkVia(c: Contact, channels: Map<string, ResolvedChannel>, at: string, errors: Problems): void {
  c.via.forEach((v, j) => {
    const ch = channels.get(v);
    if (!ch) return void errors.push(`${at}.via.${j}: no channel ${v}`);
    const field = ADDRESS_FIELD[ch.type];
    if (field && !c[field])
      errors.push(`${at}.via.${j}: channel ${v} (${ch.type}) needs the contact's ${field}`);
  });
}

function checkTarget(
  t: string,
  channels: Map<string, ResolvedChannel>,
  contacts: Map<string, Contact>,
  at: string,
  errors: Problems,
): void {
  const [kind, id] = [t.slice(0, t.indexOf(':')), t.slice(t.indexOf(':') + 1)];
  if (kind === 'channel') {
    const ch = channels.get(id);
    if (!ch) errors.push(`${at}: no channel ${id}`);
    else if (ADDRESS_FIELD[ch.type])
      errors.push(`${at}: a ${ch.type} channel reaches people, not a group: name contacts instead`);
  } else if (kind === 'contact' && !contacts.has(id)) errors.push(`${at}: no contact ${id}`);
}

/** The channel with `url`, `secret`, `pass` and header values taken from the file or the environment. */
function resolveSecrets(c: ChannelConfig, env: Env, at: string, errors: Problems): ResolvedChannel {
  const out: ResolvedChannel = { ...c };
  const take = (field: 'url' | 'secret' | 'pass', required: boolean): void => {
    const direct = (c as Record<string, unknown>)[field] as string | undefined;
    const name = (c as Record<string, unknown>)[`${field}_env`] as string | undefined;
    if (direct !== undefined && name !== undefined)
      return void errors.push(`${at}: give ${field} or ${field}_env, not both`);
    if (name !== undefined) {
      const value = env[name];
      if (!value) return void errors.push(`${at}.${field}_env: environment variable ${name} is not set`);
      if (field === 'url' && !/^https?:\/\/\S+$/.test(value))
        return void errors.push(`${at}.url_env: ${name} must hold an http(s) URL`);
      out[field] = value;
    } else if (direct === undefined && required) errors.push(`${at}: needs ${field} (or ${field}_env)`);
  };
  if (c.type !== 'email') take('url', true);
  if (c.type === 'webhook' || c.type === 'dingtalk') take('secret', false);
  if (c.type === 'email') {
    take('pass', c.user !== undefined);
    if (c.user === undefined && out.pass !== undefined) errors.push(`${at}: a password needs a user`);
  }
  if (c.type === 'sms' && c.headers_env) {
    const headers = { ...(c.headers ?? {}) };
    for (const [h, name] of Object.entries(c.headers_env)) {
      const value = env[name];
      if (!value) errors.push(`${at}.headers_env.${h}: environment variable ${name} is not set`);
      else headers[h] = value;
    }
    out.headers = headers;
  }
  return out;
}
