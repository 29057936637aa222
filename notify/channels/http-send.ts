/**
 * One HTTP request of a channel (webhook, robots, SMS gateway) with a timeout, judged into a SendResult:
 * network errors, timeouts, 5xx and 429 are worth retrying, other 4xx are not; a robot's HTTP 200 with a
 * non-zero `errcode` is a failure (rate limits 45009 / 130101 retryable). Error texts name only the host:
 * robot keys, access tokens and gateway parameters live in the URL's query and are secrets.
 */
import { parseDuration } from '../../common/rules.js';
import type { HttpRequest, HttpTransport } from './http-transport.js';
import type { SendResult } from './types.js';

export type { HttpRequest } from './http-transport.js';

export interface HttpSendOptions {
  /** The sender's keep-alive transport (http-transport.ts). */
  transport: HttpTransport;
  timeoutMs: number;
  /** A group robot: judge the JSON reply's `errcode` as well as the status. */
  robot?: boolean;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
/** Robot errcodes meaning "too many messages": WeCom 45009, DingTalk 130101. */
export const ROBOT_RATE_LIMITED = [45009, 130101];
/** How much of a reply is read to judge it (robot replies are tiny). */
const MAX_REPLY_BYTES = 64 * 1024;

/** A channel's request timeout in ms (`timeout` such as `30s`; default 10 s). */
export function channelTimeoutMs(channel: { timeout?: string | undefined }): number {
  const ms = channel.timeout ? parseDuration(channel.timeout) : null;
  return ms !== null && ms > 0 ? ms : DEFAULT_TIMEOUT_MS;
}

/** The host (and port) of a URL, the only part of it error texts may show. */
export function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(invalid URL)';
  }
}

/** `base` overridden by `over`, header names compared without case (so the override replaces, not joins). */
export function mergeHeaders(
  base: Record<string, string> | undefined,
  over: Record<string, string>,
): Record<string, string> {
  const taken = new Set(Object.keys(over).map((k) => k.toLowerCase()));
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(base ?? {})) if (!taken.has(k.toLowerCase())) out[k] = v;
  return { ...out, ...over };
}

/** The value of a header, its name compared without case. */
export function headerValue(headers: Record<string, string> | undefined, name: string): string | undefined {
  const key = Object.keys(headers ?? {}).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : headers?.[key];
}

/** Removes the URL and its query from a text (an error message that might quote them). */
function scrub(text: string, url: string): string {
  let out = text.split(url).join(safeHost(url));
  try {
    const { search } = new URL(url);
    if (search.length > 1) out = out.split(search).join('?…').split(search.slice(1)).join('…');
  } catch {
    // not a URL: nothing more to hide
  }
  return out;
}

/** The outcome of a reply: status first, then (robots) the JSON `errcode`. */
export function judgeReply(
  status: number,
  text: string,
  robot: boolean,
): Pick<SendResult, 'ok' | 'error' | 'retryable'> {
  if (status < 200 || status > 299) {
    const retryable = status >= 500 || status === 429;
    return { ok: false, retryable, error: `HTTP ${status}${replyHint(text)}` };
  }
  if (!robot) return { ok: true, retryable: false, error: '' };
  const reply = parseRobotReply(text);
  if (!reply)
    return { ok: false, retryable: true, error: 'the robot replied with something other than JSON' };
  const code = Number(reply.errcode ?? 0);
  if (code === 0) return { ok: true, retryable: false, error: '' };
  const msg = typeof reply.errmsg === 'string' ? reply.errmsg.slice(0, 200) : '';
  const limited = ROBOT_RATE_LIMITED.includes(code);
  return {
    ok: false,
    retryable: limited,
    error: `robot errcode ${code}${msg ? ` (${msg})` : ''}${limited ? ': rate limited, will retry' : ''}`,
  };
}

function parseRobotReply(text: string): { errcode?: unknown; errmsg?: unknown } | null {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' ? (v as { errcode?: unknown; errmsg?: unknown }) : null;
  } catch {
    return null;
  }
}

function replyHint(text: string): string {
  const t = text.trim().replace(/\s+/g, ' ').slice(0, 200);
  return t ? `: ${t}` : '';
}

/** Why a request got no reply, said without the URL's secrets. */
function failureText(err: unknown, req: HttpRequest, timeoutMs: number): string {
  const host = safeHost(req.url);
  const e = err as {
    name?: string;
    code?: string;
    message?: string;
    cause?: { code?: string; message?: string };
  };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError')
    return `${req.method} ${host}: no reply within ${timeoutMs} ms (raise the channel's timeout if it is slow)`;
  const cause = e?.cause?.code ?? e?.code ?? e?.cause?.message ?? e?.message ?? String(err);
  return scrub(`${req.method} ${host}: ${cause}`, req.url);
}

/** Sends one request and judges the reply; never throws. */
export async function httpSend(req: HttpRequest, opts: HttpSendOptions): Promise<SendResult> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  try {
    const res = await opts.transport.request(req, opts.timeoutMs, MAX_REPLY_BYTES);
    const text = res.text.slice(0, MAX_REPLY_BYTES);
    const judged = judgeReply(res.status, text, opts.robot === true);
    const error = judged.error ? scrub(`${req.method} ${safeHost(req.url)}: ${judged.error}`, req.url) : '';
    return { ...judged, error, code: res.status, latencyMs: latency() };
  } catch (err) {
    return {
      ok: false,
      code: 0,
      latencyMs: latency(),
      error: failureText(err, req, opts.timeoutMs),
      retryable: true,
    };
  }
}
