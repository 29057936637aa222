/**
 * Email over SMTP (nodemailer, one pooled transport per sender): `secure` true is TLS from the first byte
 * (465), false requires STARTTLS (587: never sent in clear); auth user/pass. Subject: the title and the first
 * line; a text and a simple HTML body with the links; `X-Vigil-Delivery` as the idempotency key. The result's
 * code is the SMTP reply code: connection problems and 4xx are retried, 5xx (e.g. 535 bad password) are not.
 */
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import { channelTimeoutMs } from './http-send.js';
import { lineText } from './markdown.js';
import { notSent } from './results.js';
import type { Address, ChannelSender, OutgoingMessage, ResolvedChannel, SendResult } from './types.js';

type EmailChannel = Extract<ResolvedChannel, { type: 'email' }>;

/** The pooled SMTP transport's options for a channel. */
export function emailTransportOptions(channel: EmailChannel): SMTPPool.Options {
  const timeout = channelTimeoutMs(channel);
  const pass = channel.pass;
  return {
    pool: true,
    maxConnections: 2,
    host: channel.host,
    port: channel.port,
    secure: channel.secure,
    requireTLS: !channel.secure,
    ...(channel.user ? { auth: { user: channel.user, ...(pass ? { pass } : {}) } } : {}),
    tls: { rejectUnauthorized: !channel.allow_self_signed },
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  };
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The mail for one recipient. */
export function emailMessage(message: OutgoingMessage, to: string, from: string): Mail.Options {
  const first = message.items[0];
  const subject = first ? `${message.title} ${lineText(first)}` : message.title;
  const text = message.items.map((i) => (i.url ? `${lineText(i)}\n${i.url}` : i.line)).join('\n\n');
  const rows = message.items.map((i) => {
    const t = escapeHtml(lineText(i));
    return i.url
      ? `<li>${t}<br><a href="${escapeHtml(i.url)}">${escapeHtml(i.url)}</a></li>`
      : `<li>${t}</li>`;
  });
  const html = `<p><strong>${escapeHtml(message.title)}</strong></p>\n<ul>\n${rows.join('\n')}\n</ul>`;
  return { from, to, subject, text, html, headers: { 'X-Vigil-Delivery': message.deliveryId } };
}

/** The SMTP reply code in a reply or an error (`250 OK …`, err.responseCode), else 0. */
export function smtpCode(x: { response?: unknown; responseCode?: unknown } | null | undefined): number {
  if (typeof x?.responseCode === 'number') return x.responseCode;
  const m = typeof x?.response === 'string' ? /^(\d{3})[\s-]/.exec(x.response) : null;
  return m ? Number(m[1]) : 0;
}

/** What to fix, when the error says it. */
function emailHint(code: number, err: { code?: string; message?: string }): string {
  if (code === 535 || err.code === 'EAUTH') return ' (check the channel user and password)';
  if (/certificate/i.test(err.message ?? ''))
    return ' (install the server CA, or set allow_self_signed for a test server)';
  return '';
}

/** A failed send judged: 5xx is final, 4xx and no reply at all (connection, TLS, timeout) are retried. */
export function emailFailure(err: unknown, latencyMs: number, host: string): SendResult {
  const e = (err ?? {}) as { code?: string; message?: string; response?: string; responseCode?: number };
  const code = smtpCode(e);
  const said = (e.response ?? e.message ?? String(err)).replace(/\s+/g, ' ').slice(0, 200);
  const what =
    code === 0 ? `${e.code ?? 'error'}: ${said}` : said.startsWith(String(code)) ? said : `${code} ${said}`;
  return {
    ok: false,
    code,
    latencyMs,
    error: `SMTP ${host}: ${what}${emailHint(code, e)}`,
    retryable: code === 0 || (code >= 400 && code < 500),
  };
}

export function createEmailSender(channel: ResolvedChannel): ChannelSender {
  if (channel.type !== 'email') throw new Error(`channel ${channel.id} is not an email channel`);
  const transport = nodemailer.createTransport(emailTransportOptions(channel));
  const host = `${channel.host}:${channel.port}`;
  return {
    channel,
    async send(message: OutgoingMessage, to: Address): Promise<SendResult> {
      if (!to.email) return notSent(`${to.recipient}: contact has no email`);
      const started = performance.now();
      const latency = () => Math.round(performance.now() - started);
      try {
        const info = await transport.sendMail(emailMessage(message, to.email, channel.from));
        return { ok: true, code: smtpCode(info) || 250, latencyMs: latency(), error: '', retryable: false };
      } catch (err) {
        return emailFailure(err, latency(), host);
      }
    },
    async close(): Promise<void> {
      transport.close();
    },
  };
}
