/**
 * `alerts:resume` without a socket: which since_seq values are accepted (JSON whole numbers ≥ 0 only), what
 * a scope gets back (its changes only, in seq order, and the seq to carry on from — the stream's, not the
 * last of its own), and the code of each refusal, with the error object logged when the store fails.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Alert, AlertChange } from '../../common/alerts.js';
import type { Logger } from '../../common/node/logger.js';
import { answerResume, parseSinceSeq, resumeReply } from '../../server/realtime/resume.js';

function change(seq: number, unit_code: string): AlertChange {
  const at = '2026-11-26T08:00:00.000Z';
  const alert = { alert_id: `a${seq}`, seq, unit_code } as Alert;
  return { alert_id: alert.alert_id, kind: 'raised', at, alert };
}

const changes = [change(5, '450103520000'), change(6, '450203520000'), change(7, '450103000000')];

function fakeLog(): Logger & { error: ReturnType<typeof vi.fn> } {
  return { error: vi.fn() } as unknown as Logger & { error: ReturnType<typeof vi.fn> };
}

describe('parseSinceSeq', () => {
  it('accepts whole numbers ≥ 0 and nothing else', () => {
    expect(parseSinceSeq({ since_seq: 0 })).toBe(0);
    expect(parseSinceSeq({ since_seq: 42 })).toBe(42);
    for (const bad of [-1, 1.5, '7', null, true, [], {}, NaN, Infinity, 2 ** 53])
      expect(parseSinceSeq({ since_seq: bad }), String(bad)).toBeNull();
    expect(parseSinceSeq(undefined)).toBeNull();
    expect(parseSinceSeq(null)).toBeNull();
    expect(parseSinceSeq(7)).toBeNull();
  });
});

describe('resumeReply', () => {
  it('gives a scope its changes in seq order and the last seq of the stream', () => {
    expect(resumeReply(changes, '4501', 4)).toEqual({
      ok: true,
      alerts: [changes[0]!.alert, changes[2]!.alert],
      seq: 7,
    });
    expect(resumeReply(changes, '4502', 4)).toEqual({ ok: true, alerts: [changes[1]!.alert], seq: 7 });
    expect(resumeReply(changes, '', 4)).toMatchObject({ ok: true, seq: 7 });
    expect(resumeReply(changes, '46', 4)).toEqual({ ok: true, alerts: [], seq: 7 });
  });
  it('stays at since when nothing changed', () => {
    expect(resumeReply([], '4501', 9)).toEqual({ ok: true, alerts: [], seq: 9 });
  });
  it('refuses with too_far_behind when the changes are no longer kept', () => {
    expect(resumeReply(null, '4501', 1)).toMatchObject({ ok: false, code: 'too_far_behind' });
  });
});

describe('answerResume', () => {
  it('refuses a bad since_seq with invalid_request, without asking the store', async () => {
    const changesSince = vi.fn(async () => changes);
    const reply = await answerResume({ since_seq: '3' }, '', changesSince, fakeLog());
    expect(reply).toMatchObject({ ok: false, code: 'invalid_request' });
    expect(changesSince).not.toHaveBeenCalled();
  });
  it('asks the store from since_seq and answers for the scope', async () => {
    const changesSince = vi.fn(async () => changes);
    expect(await answerResume({ since_seq: 4 }, '4502', changesSince, fakeLog())).toEqual({
      ok: true,
      alerts: [changes[1]!.alert],
      seq: 7,
    });
    expect(changesSince).toHaveBeenCalledWith(4);
  });
  it('answers unavailable when the store fails, and logs the error object', async () => {
    const log = fakeLog();
    const failure = new Error('redis down');
    const reply = await answerResume({ since_seq: 4 }, '', () => Promise.reject(failure), log);
    expect(reply).toEqual({ ok: false, error: 'temporarily unavailable; retry', code: 'unavailable' });
    expect(log.error).toHaveBeenCalledWith({ err: failure }, 'resume failed');
  });
});
