/**
 * Revocations reach every server process at once: whoever revokes (a user disabled, a logout, a kiosk token
 * revoked, a password changed) publishes on the Redis channel below after the change is stored, and every
 * realtime server subscribes on a connection of its own and cuts the affected sockets off (realtime/
 * revocation.ts). A message lost while a subscriber was away is covered twice over: the subscriber asks for
 * a full re-check of every socket when it (re)connects, and sockets are re-checked periodically anyway.
 */
import { Redis } from 'ioredis';
import type { RedisOptions } from 'ioredis';

export const REVOCATIONS_CHANNEL = 'vigil:auth:revocations';

/**
 * `disabled`: the user may hold no socket at all. `revoked`: some of the user's tokens were revoked (a
 * logout, a kiosk token, the sessions at a password change): their sockets are checked again.
 */
export interface Revocation {
  username: string;
  reason: 'disabled' | 'revoked';
}

/** Where revocations are published (a plain command connection is enough). */
export interface RevocationPublisher {
  publish(channel: string, message: string): Promise<unknown>;
}

export async function publishRevocation(redis: RevocationPublisher, revocation: Revocation): Promise<void> {
  await redis.publish(REVOCATIONS_CHANNEL, JSON.stringify(revocation));
}

/** The revocation a message carries, or null when it is not one. */
export function parseRevocation(message: string): Revocation | null {
  try {
    const v = JSON.parse(message) as Partial<Revocation>;
    if (typeof v.username !== 'string' || v.username === '') return null;
    if (v.reason !== 'disabled' && v.reason !== 'revoked') return null;
    return { username: v.username, reason: v.reason };
  } catch {
    return null;
  }
}

export interface RevocationHandlers {
  onRevoked(revocation: Revocation): void;
  /** The subscription is (again) in place after a time without it: messages may have been missed. */
  onResubscribed(): void;
}

/** Subscribes a realtime server to revocations; resolves once subscribed, with the function that stops it. */
export type RevocationSource = (handlers: RevocationHandlers) => Promise<() => Promise<void>>;

export function redisRevocations(
  options: RedisOptions,
  log: { warn(obj: object, msg: string): void },
): RevocationSource {
  return async (handlers) => {
    const sub = new Redis({ ...options, maxRetriesPerRequest: null });
    let lost = false;
    sub.on('error', (err: Error) => {
      if (!lost) log.warn({ err }, 'revocations: Redis connection lost; resubscribing when it is back');
      lost = true;
    });
    sub.on('message', (channel: string, message: string) => {
      const revocation = channel === REVOCATIONS_CHANNEL ? parseRevocation(message) : null;
      if (revocation) handlers.onRevoked(revocation);
    });
    // ioredis resubscribes by itself on reconnect; 'ready' follows the renewed subscription.
    sub.on('ready', () => {
      if (!lost) return;
      lost = false;
      handlers.onResubscribed();
    });
    sub.on('close', () => (lost = true));
    await sub.subscribe(REVOCATIONS_CHANNEL);
    lost = false;
    return async () => {
      sub.disconnect();
    };
  };
}
