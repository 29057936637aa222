/**
 * Whose a channel is (notify/plan/scope.ts) — the unit its NOTIFY-FAIL alert belongs to — and quiet hours on
 * their own (notify/plan/quiet.ts), pure.
 */
import { describe, expect, it } from 'vitest';
import { checkNotifyFile } from '../../notify/notify-file.js';
import type { NotifySetup } from '../../notify/notify-file.js';
import { quietUntil } from '../../notify/plan/quiet.js';
import { notifyUnit } from '../../notify/plan/scope.js';

const CHANNELS = [
  { id: 'ops', type: 'webhook', url: 'https://ops.example/hook' },
  { id: 'robot', type: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' },
  { id: 'sms', type: 'sms', url: 'https://sms.example/send' },
  { id: 'idle', type: 'webhook', url: 'https://idle.example/hook' },
];
const contact = (id: string, unit: string, via: string[]) => ({
  id,
  name: `${unit}值班室`,
  unit,
  role: 'duty',
  phone: '13800000000',
  via,
});

function setupOf(contacts: unknown[], routes: unknown[]): NotifySetup {
  const out = checkNotifyFile({ channels: CHANNELS, contacts, routes }, {});
  if ('errors' in out) throw new Error(out.errors.join('\n'));
  return out;
}

describe('notifyUnit', () => {
  it("the common prefix of the channel's contacts and of the units of routes naming it, padded to 12", () => {
    const s = setupOf(
      [contact('qx', '450103', ['sms']), contact('xn', '450107', ['sms']), contact('nn', '4501', ['robot'])],
      [
        { match: { kinds: ['alert.raised'], unit: '450102' }, to: ['channel:robot'] },
        { match: { kinds: ['source.outage'], unit: '4501' }, to: ['channel:ops'] },
      ],
    );
    expect(notifyUnit(s, 'sms')).toBe('450100000000');
    expect(notifyUnit(s, 'robot')).toBe('450100000000');
    expect(notifyUnit(s, 'ops')).toBe('450100000000');
  });

  it('one county only: that county', () => {
    const s = setupOf(
      [contact('qx', '450103', ['sms'])],
      [{ match: { kinds: ['alert.raised'] }, to: ['contacts:alert_unit'] }],
    );
    expect(notifyUnit(s, 'sms')).toBe('450103000000');
  });

  it('serving the whole province: the province', () => {
    const s = setupOf(
      [contact('nn', '4501', ['sms']), contact('lz', '4502', ['sms'])],
      [{ match: { kinds: ['alert.raised'] }, to: ['contacts:alert_unit'] }],
    );
    expect(notifyUnit(s, 'sms')).toBe('450000000000');
  });

  it('no common prefix, a route without a unit, or nobody at all → 000000000000 (admins)', () => {
    const s = setupOf(
      [contact('nn', '4501', ['sms']), contact('hk', '4601', ['sms'])],
      [
        { match: { kinds: ['alert.raised'] }, to: ['channel:ops'] },
        { match: { kinds: ['alert.raised'], unit: '4' }, to: ['channel:robot'] },
      ],
    );
    expect(notifyUnit(s, 'sms')).toBe('000000000000');
    expect(notifyUnit(s, 'ops')).toBe('000000000000');
    expect(notifyUnit(s, 'robot')).toBe('000000000000');
    expect(notifyUnit(s, 'idle')).toBe('000000000000');
    expect(notifyUnit(s, 'unknown')).toBe('000000000000');
  });
});

describe('quietUntil', () => {
  const Z = 'Asia/Shanghai';
  const q = { from: '22:00', to: '07:00' };
  const local = (hhmm: string, day = '2026-12-02') => Date.parse(`${day}T${hhmm}:00+08:00`);

  it('inside a window across midnight → its end (whole minutes); outside → now', () => {
    expect(quietUntil(local('23:59'), q, Z, 'P2')).toBe(local('07:00', '2026-12-03'));
    expect(quietUntil(local('00:00', '2026-12-03'), q, Z, 'P3')).toBe(local('07:00', '2026-12-03'));
    expect(quietUntil(local('06:59') + 30_000, q, Z, 'P2')).toBe(local('07:00'));
    expect(quietUntil(local('07:00'), q, Z, 'P2')).toBe(local('07:00'));
    expect(quietUntil(local('21:59'), q, Z, 'P2')).toBe(local('21:59'));
  });

  it('P1 never waits; no window or an empty one (from = to) never waits; null severity (orders) waits', () => {
    expect(quietUntil(local('23:00'), q, Z, 'P1')).toBe(local('23:00'));
    expect(quietUntil(local('23:00'), undefined, Z, 'P2')).toBe(local('23:00'));
    expect(quietUntil(local('23:00'), { from: '08:00', to: '08:00' }, Z, 'P2')).toBe(local('23:00'));
    expect(quietUntil(local('23:00'), q, Z, null)).toBe(local('07:00', '2026-12-03'));
  });

  it("in the unit's time zone: 23:00 in Beijing is 15:00 in UTC, not quiet there", () => {
    expect(quietUntil(local('23:00'), q, 'UTC', 'P2')).toBe(local('23:00'));
  });
});
