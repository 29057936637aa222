/** Structured logging (pino). One root logger per process; modules take a child. */
import { pino } from 'pino';
import type { Logger } from 'pino';
import { PinoPretty } from 'pino-pretty';

export type { Logger } from 'pino';

export type LogFormat = 'pretty' | 'json';

/**
 * How the log is written: readable lines for a person at a terminal, one JSON object a line for everything
 * else (a file, a pipe, journald, a log collector), which is what machines parse.
 */
export function logFormatFor(stdoutIsTTY: boolean | undefined): LogFormat {
  return stdoutIsTTY === true ? 'pretty' : 'json';
}

export function createLogger(
  level: string,
  name = 'vigil',
  format: LogFormat = logFormatFor(process.stdout.isTTY),
): Logger {
  const options = { name, level, base: { pid: process.pid } };
  if (format === 'json') return pino(options);
  // Synchronous, in this thread: the last lines before an exit (a failed start, Ctrl-C) are not lost.
  return pino(
    options,
    PinoPretty({ colorize: true, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' }),
  );
}

/** A logger that writes nothing, for tests and tools. */
export const silentLogger: Logger = pino({ level: 'silent' });
