/**
 * Every channel sending through createSender() to real local receivers (no mocks): an HTTP server for the
 * webhook, the robots and the SMS gateway, an SMTP server with STARTTLS or implicit TLS and AUTH. Asserts what
 * arrived (signatures verified by the receiver, vendor shapes, templated bodies, mails) and how failures are
 * judged (500, timeout, refused connection, robot errcodes, a wrong password).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelSchema } from '../../common/notify.js';
import { createSender } from '../../notify/channels/index.js';
import type { MessageItem, OutgoingMessage, ResolvedChannel } from '../../notify/channels/types.js';
import {
  dingtalkMarkdownProblems,
  startHttpReceiver,
  startSmtpReceiver,
  verifyDingtalkSign,
  verifyWebhookSignature,
  wecomMarkdownProblems,
} from '../helpers/notify-receivers.js';
import type { HttpReceiver } from '../helpers/notify-receivers.js';

const url = 'http://vigil.test/alerts/R-1%3Acase_id%3AA1';
const item: MessageItem = {
  kind: 'alert.raised',
  line: `【守望】新预警 P1 青秀分局 超期未送看守所 ${url}`,
  url,
  alert: { alert_id: 'R-1:case_id:A1', severity: 'P1' },
  renotify: 0,
  escalation: 0,
};
const message: OutgoingMessage = { deliveryId: 'dlv-1', title: '守望预警 P1', items: [item] };
const channel = (c: Record<string, unknown>, resolved: Partial<ResolvedChannel> = {}): ResolvedChannel =>
  ({ ...channelSchema.parse(c), ...resolved }) as ResolvedChannel;
const send = async (
  c: ResolvedChannel,
  to: Parameters<ReturnType<typeof createSender>['send']>[1],
  m = message,
) => {
  const sender = createSender(c);
  try {
    return await sender.send(m, to);
  } finally {
    await sender.close();
  }
};

let http: HttpReceiver;
beforeAll(async () => {
  http = await startHttpReceiver();
});
afterAll(async () => {
  await http.close();
});
const last = () => http.requests[http.requests.length - 1]!;

describe('webhook', () => {
  it('POSTs the JSON body, signed over the raw bytes, with the delivery id and the channel headers', async () => {
    const c = channel(
      { id: 'ops', type: 'webhook', url: `${http.url}/hook?token=T0P` },
      { secret: 'hook-secret-1', headers: { 'X-Tenant': 'gx' } },
    );
    const r = await send(c, { recipient: 'channel:ops' });
    expect(r).toMatchObject({ ok: true, code: 200, error: '', retryable: false });
    const req = last();
    expect(req.method).toBe('POST');
    expect(verifyWebhookSignature(req, 'hook-secret-1')).toBe(true);
    expect(req.headers['x-vigil-delivery']).toBe('dlv-1');
    expect(req.headers['x-tenant']).toBe('gx');
    expect(req.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(req.json).toEqual({
      kind: 'alert.raised',
      alert: item.alert,
      text: item.line,
      url,
      delivery_id: 'dlv-1',
    });
  });

  it('a 500 is a retryable failure; a 400 is not', async () => {
    const c = channel({ id: 'ops', type: 'webhook', url: `${http.url}/flaky?token=T0P` });
    http.failNext('/flaky', 1);
    const r = await send(c, { recipient: 'channel:ops' });
    expect(r).toMatchObject({ ok: false, code: 500, retryable: true });
    expect(r.error).toContain('HTTP 500');
    expect(r.error).not.toContain('T0P');
    http.failNext('/flaky', 1, { status: 400, body: { error: 'bad' } });
    expect(await send(c, { recipient: 'channel:ops' })).toMatchObject({
      ok: false,
      code: 400,
      retryable: false,
    });
    expect(await send(c, { recipient: 'channel:ops' })).toMatchObject({ ok: true, code: 200 });
  });

  it('no reply within the timeout is a retryable failure with code 0', async () => {
    http.reply('/slow', { delayMs: 3_000 });
    const c = channel({ id: 'ops', type: 'webhook', url: `${http.url}/slow?token=T0P`, timeout: '1s' });
    const started = Date.now();
    const r = await send(c, { recipient: 'channel:ops' });
    expect(r).toMatchObject({ ok: false, code: 0, retryable: true });
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(r.error).toContain('no reply within 1000 ms');
    expect(r.error).not.toContain('T0P');
  });

  it('a refused connection (receiver down) is retryable, and sending works again once it is up', async () => {
    const c = channel({ id: 'ops', type: 'webhook', url: `${http.url}/hook?token=T0P` });
    await http.down();
    try {
      const r = await send(c, { recipient: 'channel:ops' });
      expect(r).toMatchObject({ ok: false, code: 0, retryable: true });
      expect(r.error).toContain(`127.0.0.1:${http.port}`);
      expect(r.error).not.toContain('T0P');
    } finally {
      await http.up();
    }
    expect(await send(c, { recipient: 'channel:ops' })).toMatchObject({ ok: true, code: 200 });
  });
});

describe('robots', () => {
  it('WeCom: a markdown message in the documented shape, mentioning the contact', async () => {
    const c = channel({ id: 'wx', type: 'wecom', url: `${http.url}/cgi-bin/webhook/send?key=WXKEY` });
    const r = await send(c, { recipient: 'contact:duty', wecom: 'zhangsan' });
    expect(r).toMatchObject({ ok: true, code: 200 });
    const req = last();
    expect(req.query.key).toBe('WXKEY');
    expect(wecomMarkdownProblems(req.json)).toEqual([]);
    const content = (req.json as { markdown: { content: string } }).markdown.content;
    expect(content).toContain('超期未送看守所');
    expect(content).toContain(`[查看](${url})`);
    expect(content).toContain('<@zhangsan>');
  });

  it('DingTalk: a signed URL the receiver verifies, markdown with at.atUserIds', async () => {
    const secret = 'SECtest0123456789';
    const c = channel(
      { id: 'dd', type: 'dingtalk', url: `${http.url}/robot/send?access_token=DDTOKEN` },
      { secret },
    );
    const r = await send(c, { recipient: 'contact:duty', dingtalk: 'user123', phone: '13800000000' });
    expect(r).toMatchObject({ ok: true, code: 200 });
    const req = last();
    expect(req.query.access_token).toBe('DDTOKEN');
    expect(verifyDingtalkSign(req.query, secret, 60_000)).toBe(true);
    expect(dingtalkMarkdownProblems(req.json)).toEqual([]);
    expect(req.json).toMatchObject({
      at: { atUserIds: ['user123'], isAtAll: false },
      markdown: { title: '守望预警 P1' },
    });
    expect(req.rawBody.toString()).not.toContain('13800000000');
  });

  it('errcode ≠ 0 is a failure; 45009 (rate limited) is retryable; errors never show the key', async () => {
    const c = channel({ id: 'wx', type: 'wecom', url: `${http.url}/cgi-bin/webhook/send?key=WXKEY` });
    http.failNext('/cgi-bin/webhook/send', 1, {
      status: 200,
      body: { errcode: 93000, errmsg: 'invalid webhook url' },
    });
    const bad = await send(c, { recipient: 'channel:wx' });
    expect(bad).toMatchObject({ ok: false, code: 200, retryable: false });
    expect(bad.error).toContain('errcode 93000');
    http.failNext('/cgi-bin/webhook/send', 1, {
      status: 200,
      body: { errcode: 45009, errmsg: 'api freq out of limit' },
    });
    const limited = await send(c, { recipient: 'channel:wx' });
    expect(limited).toMatchObject({ ok: false, code: 200, retryable: true });
    for (const r of [bad, limited]) expect(r.error).not.toContain('WXKEY');
  });
});

describe('SMS gateway', () => {
  it('templates a JSON body with JSON-escaped values', async () => {
    const c = channel({
      id: 'sms',
      type: 'sms',
      url: `${http.url}/sms/json`,
      body: '{"to":"{{phone}}","text":"{{text}}"}',
    });
    const m: OutgoingMessage = { ...message, items: [{ ...item, line: `【守望】"P1" 青秀\\分局 ${url}` }] };
    const r = await send(c, { recipient: 'contact:duty', phone: '13800000000' }, m);
    expect(r).toMatchObject({ ok: true, code: 200 });
    expect(last().json).toEqual({ to: '13800000000', text: m.items[0]!.line });
    expect(last().headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('templates a form body with form-encoded values', async () => {
    const c = channel(
      { id: 'sms', type: 'sms', url: `${http.url}/sms/form`, body: 'mobile={{phone}}&content={{text}}' },
      { headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: 'Bearer GW' } },
    );
    const r = await send(c, { recipient: 'contact:duty', phone: '+8613800000000' });
    expect(r).toMatchObject({ ok: true, code: 200 });
    const req = last();
    expect(req.headers.authorization).toBe('Bearer GW');
    expect(Object.fromEntries(new URLSearchParams(req.rawBody.toString()))).toEqual({
      mobile: '+8613800000000',
      content: item.line,
    });
  });

  it('a GET puts the values in the URL; a contact without a phone is not sent', async () => {
    const c = channel({
      id: 'sms',
      type: 'sms',
      method: 'GET',
      url: `${http.url}/sms/get?to={{phone}}&m={{text}}`,
    });
    expect(await send(c, { recipient: 'contact:duty', phone: '13800000000' })).toMatchObject({ ok: true });
    expect(last()).toMatchObject({ method: 'GET', query: { to: '13800000000', m: item.line } });
    expect(last().rawBody.length).toBe(0);
    const before = http.requests.length;
    const r = await send(c, { recipient: 'contact:nophone' });
    expect(r).toMatchObject({ ok: false, code: 0, retryable: false });
    expect(r.error).toContain('contact has no phone');
    expect(http.requests.length).toBe(before);
  });
});

describe('email', () => {
  const auth = { user: 'vigil', pass: 'pw-1' };
  const mail = (port: number, secure: boolean, pass = auth.pass) =>
    channel(
      {
        id: 'mail',
        type: 'email',
        host: '127.0.0.1',
        port,
        secure,
        user: auth.user,
        from: 'vigil@gxga.example',
        allow_self_signed: true,
        timeout: '5s',
      },
      { pass },
    );

  it('sends over STARTTLS with AUTH, the mail carrying subject, text, HTML link and delivery header', async () => {
    const smtp = await startSmtpReceiver({ secure: false, auth });
    try {
      const r = await send(mail(smtp.port, false), { recipient: 'contact:duty', email: 'duty@gxga.example' });
      expect(r).toMatchObject({ ok: true, code: 250, retryable: false });
      const [got] = await smtp.waitFor(1);
      expect(got).toMatchObject({
        from: 'vigil@gxga.example',
        to: ['duty@gxga.example'],
        secure: true,
        user: 'vigil',
      });
      expect(got!.subject).toBe('守望预警 P1 【守望】新预警 P1 青秀分局 超期未送看守所');
      expect(got!.text).toContain(url);
      expect(got!.html).toContain(`href="${url}"`);
      expect(got!.headers['x-vigil-delivery']).toBe('dlv-1');
    } finally {
      await smtp.close();
    }
  });

  it('sends over implicit TLS with AUTH', async () => {
    const smtp = await startSmtpReceiver({ secure: true, auth });
    try {
      const r = await send(mail(smtp.port, true), { recipient: 'contact:duty', email: 'duty@gxga.example' });
      expect(r).toMatchObject({ ok: true, code: 250 });
      expect((await smtp.waitFor(1))[0]).toMatchObject({ secure: true, user: 'vigil' });
    } finally {
      await smtp.close();
    }
  });

  it('a wrong password fails with 535, not retryable; nothing is delivered', async () => {
    const smtp = await startSmtpReceiver({ secure: true, auth });
    try {
      const r = await send(mail(smtp.port, true, 'wrong'), {
        recipient: 'contact:duty',
        email: 'duty@gxga.example',
      });
      expect(r).toMatchObject({ ok: false, code: 535, retryable: false });
      expect(r.error).toContain('check the channel user and password');
      expect(r.error).not.toContain('wrong');
      expect(smtp.authFailures).toBeGreaterThan(0);
      expect(smtp.messages).toEqual([]);
    } finally {
      await smtp.close();
    }
  });

  it('checks the certificate unless allow_self_signed: a self-signed one is refused before AUTH', async () => {
    const smtp = await startSmtpReceiver({ secure: false, auth });
    try {
      const strict = { ...mail(smtp.port, false), allow_self_signed: false } as ResolvedChannel;
      const r = await send(strict, { recipient: 'contact:duty', email: 'duty@gxga.example' });
      expect(r).toMatchObject({ ok: false, code: 0, retryable: true });
      expect(r.error).toContain('self-signed certificate');
      expect(smtp.authFailures).toBe(0);
      expect(smtp.messages).toEqual([]);
    } finally {
      await smtp.close();
    }
  });

  it('a server that is not there is a retryable failure with code 0', async () => {
    const smtp = await startSmtpReceiver({ secure: true, auth });
    const port = smtp.port;
    await smtp.close();
    const r = await send(mail(port, true), { recipient: 'contact:duty', email: 'duty@gxga.example' });
    expect(r).toMatchObject({ ok: false, code: 0, retryable: true });
  });
});
