/**
 * Lua scripts registered once per connection with ioredis' `defineCommand`: each call then sends EVALSHA (the
 * script's text travels only the first time, or again when the server lost its script cache).
 */
import type { Redis } from 'ioredis';

export interface RedisScript {
  /** A name unique among the scripts registered on one connection. */
  name: string;
  lua: string;
}

type ScriptCall = (numKeys: number, ...keysAndArgs: (string | number)[]) => Promise<unknown>;

/** Runs `script` with `keys` and `args` on `redis`, registering it on that connection at first use. */
export function runScript(
  redis: Redis,
  script: RedisScript,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  const commands = redis as unknown as Record<string, ScriptCall | undefined>;
  let call = commands[script.name];
  if (typeof call !== 'function') {
    redis.defineCommand(script.name, { lua: script.lua });
    call = commands[script.name] as ScriptCall;
  }
  return call.call(redis, keys.length, ...keys, ...args);
}
