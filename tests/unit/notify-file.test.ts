/**
 * NOTIFY_FILE checked whole (notify/notify-file.ts): the schema's problems and every cross-check a schema cannot
 * make, each with its JSON path; secrets resolved from the environment object given, never from process.env.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkNotifyFile, readNotifyFile } from '../../notify/notify-file.js';
import type { NotifySetup } from '../../notify/notify-file.js';
import { planTimer, planTrigger } from '../../notify/plan/deliveries.js';
import type { Delivery } from '../../notify/plan/deliveries.js';

type Json = Record<string, unknown>;

const OPS = { id: 'ops', type: 'webhook', url: 'https://ops.example/hook' };
const SMS = {
  id: 'sms',
  type: 'sms',
  url: 'https://sms.example/send',
  body: '{"to":"{{phone}}","text":"{{text}}"}',
};
const DUTY = {
  id: 'duty-4501',
  name: '南宁市局指挥中心值班室',
  unit: '4501',
  role: 'duty',
  phone: '13800000001',
  via: ['sms'],
};
const ROUTE = { match: { kinds: ['alert.raised'] }, to: ['channel:ops', 'contacts:alert_unit'] };

const file = (o: Json = {}): Json => ({ channels: [OPS, SMS], contacts: [DUTY], routes: [ROUTE], ...o });

/** The errors of a file (fails the test when it loads). */
function errorsOf(data: unknown, env: Record<string, string | undefined> = {}): string[] {
  const out = checkNotifyFile(data, env);
  if (!('errors' in out)) throw new Error('expected the file to be refused');
  return out.errors;
}

/** The setup of a file (fails the test with its errors when it does not load). */
function setupOf(data: unknown, env: Record<string, string | undefined> = {}): NotifySetup {
  const out = checkNotifyFile(data, env);
  if ('errors' in out) throw new Error(out.errors.join('\n'));
  return out;
}

describe('checkNotifyFile: cross-checks, each with its JSON path', () => {
  it('a small valid file loads, with the defaults filled in', () => {
    const s = setupOf(file());
    expect([...s.channels.keys()]).toEqual(['ops', 'sms']);
    expect([...s.contacts.keys()]).toEqual(['duty-4501']);
    expect(s.file.retry).toEqual({ first: '10s', max_interval: '1h', give_up_after: '24h' });
    expect(s.channels.get('sms')).toMatchObject({ method: 'POST' });
  });

  it('duplicate channel and contact ids', () => {
    const errors = errorsOf(
      file({ channels: [OPS, SMS, { ...OPS, url: 'https://b.example/' }], contacts: [DUTY, DUTY] }),
    );
    expect(errors).toContain('channels.2.id: duplicate id ops');
    expect(errors).toContain('contacts.1.id: duplicate id duty-4501');
  });

  it('a contact `via` a channel that does not exist', () => {
    expect(errorsOf(file({ contacts: [{ ...DUTY, via: ['sms', 'fax'] }] }))).toEqual([
      'contacts.0.via.1: no channel fax',
    ]);
  });

  it('an SMS channel for a contact without a phone; an email channel for one without an email', () => {
    const mail = { id: 'mail', type: 'email', host: 'smtp.example', from: 'vigil@example.gov.cn' };
    const { phone: _p, ...noPhone } = DUTY;
    const errors = errorsOf(
      file({ channels: [OPS, SMS, mail], contacts: [{ ...noPhone, via: ['mail', 'sms'] }] }),
    );
    expect(errors).toEqual([
      "contacts.0.via.0: channel mail (email) needs the contact's email",
      "contacts.0.via.1: channel sms (sms) needs the contact's phone",
    ]);
  });

  it('`channel:<sms id>` as a route target is refused (an SMS channel reaches people, not a group)', () => {
    const errors = errorsOf(
      file({ routes: [ROUTE, { match: { kinds: ['source.outage'] }, to: ['channel:sms'] }] }),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^routes\.1\.to\.0: a sms channel reaches people, not a group/);
  });

  it('`channel:<missing>` and `contact:<missing>` as route targets', () => {
    const errors = errorsOf(
      file({
        routes: [
          { match: { kinds: ['alert.raised'] }, to: ['contact:duty-4501', 'contact:nobody', 'channel:gone'] },
        ],
      }),
    );
    expect(errors).toEqual(['routes.0.to.1: no contact nobody', 'routes.0.to.2: no channel gone']);
  });

  it('url and url_env both given', () => {
    const errors = errorsOf(file({ channels: [{ ...OPS, url_env: 'OPS_URL' }, SMS] }), {
      OPS_URL: 'https://x.example/',
    });
    expect(errors).toEqual(['channels.0: give url or url_env, not both']);
  });

  it('a channel with neither url nor url_env', () => {
    expect(errorsOf(file({ channels: [{ id: 'ops', type: 'webhook' }, SMS] }))).toEqual([
      'channels.0: needs url (or url_env)',
    ]);
  });

  it('`secret_env` (and `url_env`, `pass_env`) naming a variable that is not set (or empty)', () => {
    const robot = { id: 'robot', type: 'dingtalk', url_env: 'DING_URL', secret_env: 'DING_SECRET' };
    const mail = {
      id: 'mail',
      type: 'email',
      host: 'smtp.example',
      from: 'v@example.gov.cn',
      user: 'vigil',
      pass_env: 'MAIL_PASS',
    };
    const errors = errorsOf(file({ channels: [{ ...OPS, secret_env: 'OPS_SECRET' }, SMS, robot, mail] }), {
      DING_URL: 'https://oapi.dingtalk.com/robot/send?access_token=t',
      MAIL_PASS: '',
    });
    expect(errors).toEqual([
      'channels.0.secret_env: environment variable OPS_SECRET is not set',
      'channels.2.secret_env: environment variable DING_SECRET is not set',
      'channels.3.pass_env: environment variable MAIL_PASS is not set',
    ]);
  });

  it('url_env must hold an http(s) URL', () => {
    const errors = errorsOf(file({ channels: [{ id: 'ops', type: 'webhook', url_env: 'OPS_URL' }, SMS] }), {
      OPS_URL: 'ops.example/hook',
    });
    expect(errors).toEqual(['channels.0.url_env: OPS_URL must hold an http(s) URL']);
  });

  it('an email password without a user; a user without a password', () => {
    const mail = { id: 'mail', type: 'email', host: 'smtp.example', from: 'v@example.gov.cn' };
    expect(errorsOf(file({ channels: [OPS, SMS, { ...mail, pass: 'secret' }] }))).toEqual([
      'channels.2: a password needs a user',
    ]);
    expect(
      errorsOf(file({ channels: [OPS, SMS, { ...mail, pass_env: 'MAIL_PASS' }] }), { MAIL_PASS: 'p' }),
    ).toEqual(['channels.2: a password needs a user']);
    expect(errorsOf(file({ channels: [OPS, SMS, { ...mail, user: 'vigil' }] }))).toEqual([
      'channels.2: needs pass (or pass_env)',
    ]);
    // No user, no password: an open relay inside the network is allowed.
    expect(setupOf(file({ channels: [OPS, SMS, mail] })).channels.get('mail')).toMatchObject({
      port: 587,
      secure: false,
    });
  });

  it("headers_env resolved into headers (beside the file's own); a missing one named with its path", () => {
    const gw = {
      ...SMS,
      headers: { 'Content-Type': 'application/json' },
      headers_env: { Authorization: 'SMS_AUTH', 'X-App': 'SMS_APP' },
    };
    const s = setupOf(file({ channels: [OPS, gw] }), { SMS_AUTH: 'Bearer abc', SMS_APP: 'vigil' });
    expect(s.channels.get('sms')!.headers).toEqual({
      'Content-Type': 'application/json',
      Authorization: 'Bearer abc',
      'X-App': 'vigil',
    });
    expect(errorsOf(file({ channels: [OPS, gw] }), { SMS_AUTH: 'Bearer abc' })).toEqual([
      'channels.1.headers_env.X-App: environment variable SMS_APP is not set',
    ]);
  });

  it('every problem at once, not the first one only', () => {
    const errors = errorsOf(
      file({
        channels: [{ ...OPS, secret_env: 'NOPE' }, SMS, OPS],
        contacts: [{ ...DUTY, via: ['fax'] }],
        routes: [{ match: { kinds: ['alert.raised'] }, to: ['contact:x', 'channel:sms'] }],
      }),
    );
    expect(errors.map((e) => e.slice(0, e.indexOf(':')))).toEqual([
      'channels.0.secret_env',
      'channels.2.id',
      'contacts.0.via.0',
      'routes.0.to.0',
      'routes.0.to.1',
    ]);
  });
});

describe('checkNotifyFile: secrets from the given environment', () => {
  it('resolves url_env, secret_env and pass_env from the env object, not process.env', () => {
    const data = file({
      channels: [
        { id: 'ops', type: 'webhook', url: 'https://ops.example/hook', secret_env: 'T_OPS_SECRET' },
        { id: 'robot', type: 'wecom', url_env: 'T_WECOM_URL' },
        { id: 'ding', type: 'dingtalk', url_env: 'T_DING_URL', secret_env: 'T_DING_SECRET' },
        SMS,
        {
          id: 'mail',
          type: 'email',
          host: 'smtp.example',
          from: 'v@example.gov.cn',
          user: 'vigil',
          pass_env: 'T_MAIL_PASS',
        },
      ],
    });
    const env = {
      T_OPS_SECRET: 'ops-secret-123',
      T_WECOM_URL: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1',
      T_DING_URL: 'https://oapi.dingtalk.com/robot/send?access_token=t1',
      T_DING_SECRET: 'SECabc',
      T_MAIL_PASS: 'mail-pass',
    };
    expect(process.env.T_OPS_SECRET).toBeUndefined();
    const s = setupOf(data, env);
    expect(s.channels.get('ops')).toMatchObject({ secret: 'ops-secret-123' });
    expect(s.channels.get('robot')).toMatchObject({ url: env.T_WECOM_URL });
    expect(s.channels.get('ding')).toMatchObject({ url: env.T_DING_URL, secret: 'SECabc' });
    expect(s.channels.get('mail')).toMatchObject({ user: 'vigil', pass: 'mail-pass' });
    // The parsed file keeps the names, not the values.
    expect(JSON.stringify(s.file)).not.toContain('ops-secret-123');
  });
});

describe('checkNotifyFile: schema problems with their paths', () => {
  it('a bad duration (15x) and bad quiet hours (25:00)', () => {
    const errors = errorsOf(
      file({
        routes: [
          { ...ROUTE, renotify_every: '15x', quiet_hours: { from: '25:00', to: '07:00' } },
          { ...ROUTE, escalate_after: '0m' },
        ],
      }),
    );
    expect(errors).toContain('routes.0.renotify_every: must be <n>s, <n>m or <n>h');
    expect(errors).toContain('routes.0.quiet_hours.from: must be HH:MM (24 h)');
    expect(errors).toContain('routes.1.escalate_after: must be longer than zero');
  });

  it('a day duration is refused (notifications run in processing time)', () => {
    expect(errorsOf(file({ retry: { give_up_after: '1d' } }))).toEqual([
      'retry.give_up_after: must be <n>s, <n>m or <n>h',
    ]);
  });

  it('an unknown kind, a bad target, an unknown field, an unknown channel type', () => {
    const errors = errorsOf({
      channels: [OPS, { id: 'fax', type: 'fax' }],
      contacts: [{ ...DUTY, nickname: 'x' }],
      routes: [{ match: { kinds: ['alert.opened'] }, to: ['contacts:everyone'] }],
    });
    const paths = errors.map((e) => e.slice(0, e.indexOf(':')));
    expect(paths).toEqual(
      expect.arrayContaining(['channels.1.type', 'contacts.0', 'routes.0.match.kinds.0', 'routes.0.to.0']),
    );
  });

  it('a file that is not an object says (file)', () => {
    expect(errorsOf([])[0]).toMatch(/^\(file\): /);
  });
});

describe('readNotifyFile', () => {
  it('throws one error listing every problem with its path; a file that does not parse says so', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-notify-'));
    try {
      const bad = path.join(dir, 'bad.json');
      fs.writeFileSync(bad, JSON.stringify(file({ contacts: [{ ...DUTY, via: ['fax'] }] })));
      expect(() => readNotifyFile(bad, {})).toThrow(
        /Invalid notify file .*bad\.json:\n {2}- contacts\.0\.via\.0: no channel fax/,
      );
      const broken = path.join(dir, 'broken.json');
      fs.writeFileSync(broken, '{"channels": [');
      expect(() => readNotifyFile(broken, {})).toThrow(/\(file\): /);
      const good = path.join(dir, 'good.json');
      fs.writeFileSync(good, JSON.stringify(file()));
      expect(readNotifyFile(good, {}).channels.size).toBe(2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

const ZONE = 'Asia/Shanghai';

describe('docs/notify.example.json', () => {
  const example = JSON.parse(
    fs.readFileSync(new URL('../../docs/notify.example.json', import.meta.url), 'utf8'),
  ) as { channels: Json[]; contacts: Json[]; routes: Json[] };

  /** Every environment variable the example names (`*_env`, and the values of `headers_env`). */
  const names = example.channels.flatMap((c) =>
    Object.entries(c).flatMap(([k, v]) =>
      k === 'headers_env'
        ? Object.values(v as Record<string, string>)
        : k.endsWith('_env')
          ? [v as string]
          : [],
    ),
  );
  const env = Object.fromEntries(
    names.map((n) => [n, n.endsWith('_URL') ? `https://robot.example/send?key=${n}` : `value-of-${n}`]),
  );

  it('loads without errors when every variable it names is set', () => {
    expect(names.length).toBeGreaterThanOrEqual(6);
    const s = setupOf(example, env);
    expect(new Set([...s.channels.values()].map((c) => c.type))).toEqual(
      new Set(['webhook', 'wecom', 'dingtalk', 'sms', 'email']),
    );
    expect(s.channels.get('sms')!.headers).toMatchObject({ Authorization: 'value-of-VIGIL_SMS_AUTH' });
    expect(s.channels.get('mail')).toMatchObject({
      secure: false,
      port: 587,
      pass: 'value-of-VIGIL_SMTP_PASS',
    });
  });

  it('without them, says which variable each channel lacks', () => {
    const errors = errorsOf(example, {});
    expect(errors).toHaveLength(names.length);
    for (const n of names)
      expect(errors.some((e) => e.includes(`environment variable ${n} is not set`))).toBe(true);
  });

  it('names duty posts, not people, and only example phone numbers', () => {
    for (const c of example.contacts) {
      expect(c.name).toMatch(/(值班室|值班岗|带班领导岗)$/);
      if (c.phone) expect(c.phone).toMatch(/^138000000\d\d$/);
    }
  });

  it('plans what the README says: P1 to the unit and ops, escalation to the city and the robot, orders, 逾期', () => {
    const s = setupOf(example, env);
    const pairs = (ds: Delivery[]): string[] => ds.map((d) => `${d.recipient}>${d.channel}`).sort();
    const at = Date.parse('2026-12-02T15:10:00Z'); // 23:10 in Nanning
    const p1 = { unit_code: '450103520000', severity: 'P1' as const, rule_id: 'R-PER-16' };
    const raised = planTrigger(
      s,
      { kind: 'alert.raised', subject: { type: 'a', id: 'A' }, facts: p1, at },
      ZONE,
    );
    expect(pairs(raised.deliveries)).toEqual(['channel:ops>ops', 'contact:qx-duty>sms']);
    expect(raised.deliveries.every((d) => d.at === at)).toBe(true); // P1: never quiet
    const esc = raised.timers.find((t) => t.step === 'e')!;
    expect(esc.at - at).toBe(30 * 60_000);
    expect(pairs(planTimer(s, esc, esc.at, ZONE).deliveries)).toEqual([
      'channel:wecom-ops>wecom-ops',
      'contact:nn-duty>ding-nn',
      'contact:nn-duty>sms',
    ]);
    const p2 = { ...p1, severity: 'P2' as const };
    const quiet = planTrigger(
      s,
      { kind: 'alert.raised', subject: { type: 'a', id: 'B' }, facts: p2, at },
      ZONE,
    );
    expect(quiet.deliveries.map((d) => d.at)).toEqual([Date.parse('2026-12-02T23:00:00Z')]); // 07:00
    const order = { unit_code: '450103000000', severity: null, rule_id: null };
    const issued = planTrigger(
      s,
      { kind: 'supervision.issued', subject: { type: 's', id: 'S' }, facts: order, at },
      ZONE,
    );
    expect(pairs(issued.deliveries)).toEqual(['contact:qx-duty>sms']);
    // SUP-OVERDUE is raised at the order unit's parent (the city): its alert unit's contacts are the parent's.
    const overdue = { unit_code: '450100000000', severity: 'P2' as const, rule_id: 'SUP-OVERDUE' };
    const told = planTrigger(
      s,
      { kind: 'supervision.overdue', subject: { type: 'a', id: 'C' }, facts: overdue, at },
      ZONE,
    );
    expect(pairs(told.deliveries)).toEqual(['contact:nn-duty>ding-nn', 'contact:nn-duty>sms']);
  });
});
