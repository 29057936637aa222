/**
 * Redis for one installation: REDIS_URL when given, otherwise a `redis-server` child process of our own,
 * persisting with AOF in DATA_DIR/redis and listening only on a unix socket there.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { RedisOptions } from 'ioredis';

export interface RedisHandle {
  /** ioredis options for new connections (BullMQ makes its own). */
  options: RedisOptions;
  /** Human-readable location, for logs. */
  where: string;
  /** Whether this process started the server (and so stops it). */
  owned: boolean;
  stop(): Promise<void>;
}

export class RedisMissingError extends Error {
  constructor() {
    super(
      'redis-server was not found on PATH. Install it (Debian/Ubuntu: `sudo apt-get install -y redis-server`) ' +
        'or set REDIS_URL to an existing Redis 6.2+.',
    );
    this.name = 'RedisMissingError';
  }
}

export function redisOptionsFromUrl(url: string): RedisOptions {
  if (url.startsWith('unix:')) return { path: new URL(url).pathname };
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/** Where connection problems are reported (a pino logger, or the ingest thread's stand-in). */
export interface RedisLog {
  warn(obj: object, msg: string): void;
}

/**
 * A long-lived Redis connection whose connection problems are logged once per outage (and its return once)
 * — without a listener ioredis prints every failed reconnect attempt to stderr as an unhandled error.
 */
export function connectRedis(options: RedisOptions, log: RedisLog, name: string): Redis {
  const redis = new Redis(options);
  let down = false;
  redis.on('error', (err: Error) => {
    if (down) return;
    down = true;
    log.warn({ redis: name, err }, 'Redis connection lost; reconnecting');
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    log.warn({ redis: name }, 'Redis connection back');
  });
  return redis;
}

async function ping(options: RedisOptions): Promise<boolean> {
  const r = new Redis({ ...options, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

export function redisServerAvailable(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Connects to REDIS_URL, or starts (or reuses, when another local process already started it) a
 * redis-server on a unix socket in `dir`.
 */
export async function openRedis(url: string | undefined, dir: string): Promise<RedisHandle> {
  if (url) {
    const options = redisOptionsFromUrl(url);
    return { options, where: url.replace(/\/\/[^@]*@/, '//***@'), owned: false, stop: async () => undefined };
  }
  fs.mkdirSync(dir, { recursive: true });
  const socket = path.join(dir, 'redis.sock');
  const options: RedisOptions = { path: socket };
  if (fs.existsSync(socket) && (await ping(options))) {
    return { options, where: socket, owned: false, stop: async () => undefined };
  }
  if (!redisServerAvailable()) throw new RedisMissingError();
  fs.rmSync(socket, { force: true });
  const args = [
    '--port',
    '0',
    '--unixsocket',
    socket,
    '--unixsocketperm',
    '700',
    '--dir',
    dir,
    '--appendonly',
    'yes',
    '--appendfsync',
    'everysec',
    '--save',
    '',
    '--daemonize',
    'no',
    '--logfile',
    path.join(dir, 'redis.log'),
    '--maxmemory-policy',
    'noeviction',
  ];
  // In a process group of its own: a terminal's Ctrl-C (SIGINT to the whole foreground group) must not stop
  // Redis under us while the shutdown stores in-flight batches; we stop it ourselves, last (`stop`).
  const child = spawn('redis-server', args, { stdio: 'ignore', detached: true });
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + 15_000;
  while (!(fs.existsSync(socket) && (await ping(options)))) {
    if (exited) throw new Error(`redis-server exited at start; see ${path.join(dir, 'redis.log')}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not answer within 15 s; see ${path.join(dir, 'redis.log')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const stop = async (): Promise<void> => {
    if (exited) return;
    const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM'); // redis-server flushes the AOF on SIGTERM
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await done;
    clearTimeout(timer);
  };
  return { options, where: socket, owned: true, stop };
}
