/**
 * The channels' pure request builders (notify/channels/*): webhook body and signature, the DingTalk 加签 against
 * a vector computed here with node:crypto, robot markdown within 4096 bytes, SMS text within one segment and
 * its template escaping, reply judging, and what error texts may show.
 */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MessageItem, OutgoingMessage } from '../../notify/channels/types.js';
import { dingtalkPayload, dingtalkSign, dingtalkUrl } from '../../notify/channels/dingtalk.js';
import { emailMessage, emailTransportOptions, smtpCode } from '../../notify/channels/email.js';
import { channelTimeoutMs, judgeReply, safeHost } from '../../notify/channels/http-send.js';
import { smsRequest, smsText } from '../../notify/channels/sms.js';
import { webhookBody, webhookRequest } from '../../notify/channels/webhook.js';
import { WECOM_MAX_BYTES, wecomPayload } from '../../notify/channels/wecom.js';
import {
  dingtalkMarkdownProblems,
  verifyDingtalkSign,
  verifyWebhookSignature,
  wecomMarkdownProblems,
} from '../helpers/notify-receivers.js';

const item = (n: number, o: Partial<MessageItem> = {}): MessageItem => {
  const url = `http://a.cn/alerts/R-1%3Acase_id%3AA${n}`;
  return {
    kind: 'alert.raised',
    line: `【守望】新预警 P1 南宁市青秀分局 超期未送看守所 逾期3时 ${url}`,
    url,
    alert: { alert_id: `R-1:case_id:A${n}`, severity: 'P1' },
    renotify: 0,
    escalation: 0,
    ...o,
  };
};
const message = (n: number, o: Partial<MessageItem> = {}): OutgoingMessage => ({
  deliveryId: 'd-1',
  title: '守望预警 P1',
  items: Array.from({ length: n }, (_, i) => item(i + 1, o)),
});

describe('webhook', () => {
  it('puts one item at the top level, a batch also in items', () => {
    expect(webhookBody(message(1, { renotify: 2 }))).toEqual({
      kind: 'alert.raised',
      alert: { alert_id: 'R-1:case_id:A1', severity: 'P1' },
      text: item(1).line,
      url: item(1).url,
      renotify: 2,
      delivery_id: 'd-1',
    });
    const batch = webhookBody(message(3));
    expect(batch.items).toHaveLength(3);
    expect(batch.text.split('\n')).toEqual([1, 2, 3].map((n) => item(n).line));
    expect(batch).not.toHaveProperty('renotify');
  });

  it('signs the exact body bytes; its own headers win over the channel headers', () => {
    const req = webhookRequest(message(1), {
      url: 'http://127.0.0.1/hook',
      secret: 'hook-secret-1',
      headers: { 'content-type': 'text/plain', 'X-Tenant': 'gx' },
    });
    const raw = Buffer.from(req.body ?? '', 'utf8');
    expect(verifyWebhookSignature({ headers: lower(req.headers), rawBody: raw }, 'hook-secret-1')).toBe(true);
    expect(verifyWebhookSignature({ headers: lower(req.headers), rawBody: raw }, 'other-secret')).toBe(false);
    expect(lower(req.headers)).toEqual({
      'content-type': 'application/json; charset=utf-8',
      'x-tenant': 'gx',
      'x-vigil-delivery': 'd-1',
      'x-vigil-signature': `sha256=${createHmac('sha256', 'hook-secret-1').update(raw).digest('hex')}`,
    });
    expect(webhookRequest(message(1), { url: 'http://x/h' }).headers).not.toHaveProperty('X-Vigil-Signature');
  });
});

const lower = (h: Record<string, string>) =>
  Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));

describe('DingTalk', () => {
  it('signs the URL as documented: urlEncode(base64(HMAC-SHA256(secret, ts\\nsecret)))', () => {
    const secret = 'SEC4d1ea2b7f0c9e8a6b5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2';
    const ts = 1_764_662_400_000;
    const expected = createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64');
    expect(dingtalkSign(secret, ts)).toBe(encodeURIComponent(expected));
    const url = dingtalkUrl('https://oapi.dingtalk.com/robot/send?access_token=tok', secret, ts);
    expect(url).toBe(
      `https://oapi.dingtalk.com/robot/send?access_token=tok&timestamp=${ts}&sign=${encodeURIComponent(expected)}`,
    );
    const query = Object.fromEntries(new URL(url).searchParams);
    expect(query.sign).toBe(expected);
    expect(verifyDingtalkSign(query, secret, 1000, ts + 500)).toBe(true);
    expect(verifyDingtalkSign(query, secret, 1000, ts + 5000)).toBe(false);
    expect(verifyDingtalkSign(query, 'SECwrong', 1000, ts)).toBe(false);
    expect(dingtalkUrl('https://x/robot/send?access_token=tok', undefined, ts)).toBe(
      'https://x/robot/send?access_token=tok',
    );
  });

  it('mentions by user id, in at.atUserIds and in the text, never by phone', () => {
    const p = dingtalkPayload(message(2), {
      recipient: 'contact:duty',
      dingtalk: 'user123',
      phone: '13800000000',
    });
    const { cut, ...payload } = p;
    expect(cut).toBe(0);
    expect(dingtalkMarkdownProblems(payload)).toEqual([]);
    expect(p.at).toEqual({ atUserIds: ['user123'], isAtAll: false });
    expect(p.markdown.title).toBe('守望预警 P1');
    expect(p.markdown.text).toContain('@user123');
    expect(JSON.stringify(p)).not.toContain('13800000000');
  });
});

describe('WeCom', () => {
  it('keeps the content within 4096 bytes, says 「其余N条略」 and keeps the mention', () => {
    const p = wecomPayload(message(200), { recipient: 'contact:duty', wecom: 'zhangsan' });
    const { msgtype, markdown } = p;
    expect(wecomMarkdownProblems({ msgtype, markdown })).toEqual([]);
    expect(Buffer.byteLength(markdown.content, 'utf8')).toBeLessThanOrEqual(WECOM_MAX_BYTES);
    expect(p.cut).toBeGreaterThan(100);
    expect(markdown.content).toContain(`其余${p.cut}条略`);
    expect(markdown.content.endsWith('<@zhangsan>')).toBe(true);
    expect(markdown.content.split('\n').filter((l) => l.startsWith('- '))).toHaveLength(200 - p.cut);
  });

  it('sends a small message whole, each item with its link, and no markup from the texts', () => {
    const p = wecomPayload(
      message(1, {
        line: '【守望】<@all> **P1** [x](http://evil) http://a.cn/alerts/1',
        url: 'http://a.cn/alerts/1',
      }),
      {
        recipient: 'channel:robot',
      },
    );
    expect(p.cut).toBe(0);
    expect(p.markdown.content).toBe(
      '### 守望预警 P1\n- 【守望】＜@all＞ ＊＊P1＊＊ ［x］(http://evil) [查看](http://a.cn/alerts/1)',
    );
  });

  it('stays within the limit for any texts (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 300 }), { minLength: 1, maxLength: 40 }),
        (lines) => {
          const m: OutgoingMessage = {
            deliveryId: 'd',
            title: '守望预警',
            items: lines.map((line) => ({ ...item(1), line })),
          };
          const p = wecomPayload(m, { recipient: 'c', wecom: 'u1' });
          expect(Buffer.byteLength(p.markdown.content, 'utf8')).toBeLessThanOrEqual(WECOM_MAX_BYTES);
        },
      ),
    );
  });
});

describe('SMS text', () => {
  it('one item: its line', () => {
    expect(smsText(message(1))).toEqual({ text: item(1).line, cut: 0 });
  });

  it('several: 「N条预警：…等K条」 with the first link, within one segment', () => {
    const m = message(5, {});
    m.items = m.items.map((i, n) => ({ ...i, line: `【守望】P${(n % 4) + 1} 青秀 超期 ${i.url}` }));
    const { text, cut } = smsText(m);
    expect(text.length).toBeLessThanOrEqual(70);
    expect(text).toBe(`【守望】5条预警：P1 青秀 超期；P2 青秀 超期等3条 ${m.items[0]!.url}`);
    expect(cut).toBe(3);
  });

  it('never exceeds 70 characters (property)', () => {
    const line = fc.string({ unit: 'grapheme', maxLength: 120 });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(line, fc.string({ maxLength: 60 })), { minLength: 1, maxLength: 30 }),
        (xs) => {
          const m: OutgoingMessage = {
            deliveryId: 'd',
            title: 't',
            items: xs.map(([text, id]) => ({
              ...item(1),
              url: `http://a.cn/${id}`,
              line: `${text} http://a.cn/${id}`,
            })),
          };
          const { text, cut } = smsText(m);
          expect(text.length).toBeLessThanOrEqual(70);
          expect(cut).toBeGreaterThanOrEqual(0);
          expect(cut).toBeLessThanOrEqual(xs.length);
        },
      ),
    );
  });
});

describe('SMS gateway request', () => {
  const text = '【守望】"引号" \\ 换行\n& = + 完';
  it('JSON-escapes values in a JSON body', () => {
    const req = smsRequest(
      { url: 'https://sms.example/send', body: '{"to":"{{phone}}","msg":"{{text}}"}' },
      '13800000000',
      text,
    );
    expect(JSON.parse(req.body ?? '')).toEqual({ to: '13800000000', msg: text });
    expect(req.headers['Content-Type']).toBe('application/json; charset=utf-8');
  });

  it('form-encodes values in a form body', () => {
    const req = smsRequest(
      {
        url: 'https://sms.example/send',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'to={{phone}}&msg={{text}}',
      },
      '+8613800000000',
      text,
    );
    expect(Object.fromEntries(new URLSearchParams(req.body))).toEqual({ to: '+8613800000000', msg: text });
    expect(req.headers).toEqual({ 'content-type': 'application/x-www-form-urlencoded' });
  });

  it('leaves a plain body raw, and a GET has no body but an encoded URL', () => {
    expect(smsRequest({ url: 'https://s/x', body: 'TO {{phone}} {{ text }}' }, '1', 'a&b').body).toBe(
      'TO 1 a&b',
    );
    const get = smsRequest(
      { method: 'GET', url: 'https://s/send?to={{phone}}&m={{text}}', body: '{{text}}' },
      '+86138',
      text,
    );
    expect(get.body).toBeUndefined();
    expect(new URL(get.url).searchParams.get('m')).toBe(text);
    expect(new URL(get.url).searchParams.get('to')).toBe('+86138');
  });
});

describe('replies and error texts', () => {
  it('judges statuses and robot errcodes', () => {
    expect(judgeReply(200, '', false)).toMatchObject({ ok: true });
    expect(judgeReply(500, 'boom', false)).toMatchObject({ ok: false, retryable: true });
    expect(judgeReply(429, '', false)).toMatchObject({ ok: false, retryable: true });
    expect(judgeReply(404, '', false)).toMatchObject({ ok: false, retryable: false });
    expect(judgeReply(200, '{"errcode":0,"errmsg":"ok"}', true)).toMatchObject({ ok: true });
    expect(judgeReply(200, '{"errcode":93000,"errmsg":"invalid webhook url"}', true)).toMatchObject({
      ok: false,
      retryable: false,
    });
    expect(judgeReply(200, '{"errcode":45009,"errmsg":"api freq out of limit"}', true)).toMatchObject({
      ok: false,
      retryable: true,
    });
    expect(judgeReply(200, '{"errcode":130101,"errmsg":"send too fast"}', true)).toMatchObject({
      ok: false,
      retryable: true,
    });
  });

  it('shows hosts only, and reads timeouts', () => {
    expect(safeHost('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRET')).toBe(
      'qyapi.weixin.qq.com',
    );
    expect(channelTimeoutMs({})).toBe(10_000);
    expect(channelTimeoutMs({ timeout: '3s' })).toBe(3_000);
  });
});

describe('email', () => {
  it('requires STARTTLS unless TLS from the start, and checks certificates unless told', () => {
    const base = {
      id: 'mail',
      type: 'email' as const,
      host: 'smtp.gxga',
      port: 587,
      secure: false,
      from: 'vigil@gxga',
    };
    expect(emailTransportOptions({ ...base, user: 'u', pass: 'p' })).toMatchObject({
      secure: false,
      requireTLS: true,
      auth: { user: 'u', pass: 'p' },
      tls: { rejectUnauthorized: true },
      connectionTimeout: 10_000,
    });
    expect(
      emailTransportOptions({ ...base, port: 465, secure: true, allow_self_signed: true, timeout: '5s' }),
    ).toMatchObject({
      secure: true,
      requireTLS: false,
      tls: { rejectUnauthorized: false },
      connectionTimeout: 5_000,
    });
  });

  it('writes subject, text, HTML and the delivery header', () => {
    const mail = emailMessage(message(2), 'duty@gxga', 'vigil@gxga');
    expect(mail.subject).toBe('守望预警 P1 【守望】新预警 P1 南宁市青秀分局 超期未送看守所 逾期3时');
    expect(mail.text).toContain(item(2).url);
    expect(mail.html).toContain(`<a href="${item(1).url}">`);
    expect(mail.headers).toEqual({ 'X-Vigil-Delivery': 'd-1' });
  });

  it('reads SMTP codes', () => {
    expect(smtpCode({ response: '250 2.0.0 OK: queued' })).toBe(250);
    expect(smtpCode({ responseCode: 535 })).toBe(535);
    expect(smtpCode({})).toBe(0);
  });
});
