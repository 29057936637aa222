/**
 * A real SMTP receiver for notification tests (smtp-server): implicit TLS (`secure: true`) or STARTTLS, with a
 * self-signed certificate made at test time by `openssl`, AUTH PLAIN/LOGIN checked against the given user and
 * password (only over TLS), and every message parsed with mailparser and recorded.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import type { AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Header names in lower case; values as mailparser gives them (strings for unstructured headers). */
  headers: Record<string, unknown>;
  /** Whether the session was TLS (implicit or after STARTTLS) when the message came. */
  secure: boolean;
  /** The authenticated user, if any. */
  user?: string;
}

export interface SmtpReceiver {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly messages: ReceivedMail[];
  /** AUTH attempts refused (wrong user or password). */
  readonly authFailures: number;
  waitFor(n: number, ms?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export interface SmtpReceiverOptions {
  secure?: boolean;
  auth?: { user: string; pass: string };
}

let certificate: { key: Buffer; cert: Buffer } | undefined;

/** A self-signed certificate for localhost, valid one day (made once per test process). */
export function selfSignedCert(): { key: Buffer; cert: Buffer } {
  if (certificate) return certificate;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-smtp-cert-'));
  try {
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1'].concat([
        '-keyout',
        key,
        '-out',
        cert,
      ]),
      { stdio: 'pipe' },
    );
    certificate = { key: fs.readFileSync(key), cert: fs.readFileSync(cert) };
    return certificate;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const addresses = (a: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value.map((v) => v.address ?? ''));

export async function startSmtpReceiver(opts: SmtpReceiverOptions = {}): Promise<SmtpReceiver> {
  const messages: ReceivedMail[] = [];
  let authFailures = 0;
  const { key, cert } = selfSignedCert();
  const server = new SMTPServer({
    secure: opts.secure === true,
    key,
    cert,
    logger: false,
    authMethods: ['PLAIN', 'LOGIN'],
    authOptional: !opts.auth,
    disabledCommands: opts.auth ? [] : ['AUTH'],
    onAuth(auth, _session, callback) {
      if (opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass)
        return callback(null, { user: auth.username });
      authFailures += 1;
      const err = Object.assign(new Error('Invalid username or password'), { responseCode: 535 });
      return callback(err);
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.push({
            from: addresses(mail.from)[0] ?? '',
            to: addresses(mail.to),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : '',
            headers: Object.fromEntries(mail.headers),
            secure: session.secure,
            ...(typeof session.user === 'string' ? { user: session.user } : {}),
          });
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.on('error', () => {}); // a client dropping mid-session is not the test's failure
  const port = (server.server.address() as AddressInfo).port;
  return {
    host: '127.0.0.1',
    port,
    messages,
    get authFailures() {
      return authFailures;
    },
    async waitFor(n, ms = 10_000) {
      const until = Date.now() + ms;
      while (messages.length < n) {
        if (Date.now() > until) throw new Error(`waited ${ms} ms for ${n} mails, ${messages.length} came`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return messages.slice(0, n);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
