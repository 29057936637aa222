/**
 * The push's pure parts: the gap between batches (at most 10,000 socket writes a second, between batchMs
 * and 100 ms), and a batch's encoding (one frame per change; per scope the frames of the changes it covers,
 * in seq order, joined once and shared by every socket of the scope).
 */
import { describe, expect, it } from 'vitest';
import type { Alert, AlertChange } from '../../common/alerts.js';
import { batchGapMs, EncodedBatch } from '../../server/realtime/batch-encoding.js';
import { alertChangedFrame } from '../../server/realtime/direct-frames.js';

function change(seq: number, unit_code: string): AlertChange {
  const at = '2026-11-26T08:00:00.000Z';
  const alert: Alert = {
    alert_id: `R-INC-01:incident_id:J${seq}`,
    seq,
    rule_id: 'R-INC-01',
    severity: 'P2',
    stage: 'overdue',
    state: 'open',
    resolution: null,
    unit_code,
    subject: { incident_id: `J${seq}` },
    trigger_event_id: `e-${seq}`,
    satisfied_by_event_id: null,
    due_at: at,
    opened_at: at,
    acknowledged_at: null,
    acknowledged_by: null,
    resolved_at: null,
    title: '案件类警情超期未接报案登记',
    legal_basis: 'b',
  };
  return { alert_id: alert.alert_id, kind: 'raised', at, alert };
}

describe('batchGapMs', () => {
  it('is batchMs with few sockets, grows to 100 ms at 1,000 sockets and stops there', () => {
    expect(batchGapMs(25, 0)).toBe(25);
    expect(batchGapMs(25, 250)).toBe(25);
    expect(batchGapMs(25, 500)).toBe(50);
    expect(batchGapMs(25, 1_000)).toBe(100);
    expect(batchGapMs(25, 5_000)).toBe(100);
  });
  it('keeps a batchMs above 100 ms as it is', () => {
    expect(batchGapMs(250, 0)).toBe(250);
    expect(batchGapMs(250, 5_000)).toBe(250);
  });
});

describe('EncodedBatch', () => {
  const changes = [
    change(1, '450103520000'),
    change(2, '450203520000'),
    change(3, '450103520001'),
    change(4, '460100000000'),
  ];

  it('gives each scope the frames of the changes it covers, in seq order, as one buffer', () => {
    const batch = new EncodedBatch(changes);
    const frames = (seqs: number[]) =>
      Buffer.concat(seqs.map((s) => alertChangedFrame(changes.find((c) => c.alert.seq === s)!.alert)));
    expect(batch.framesFor('')).toEqual(frames([1, 2, 3, 4]));
    expect(batch.framesFor('45')).toEqual(frames([1, 2, 3]));
    expect(batch.framesFor('4501')).toEqual(frames([1, 3]));
    expect(batch.framesFor('4502')).toEqual(frames([2]));
    expect(batch.framesFor('4503')).toBeNull();
    expect(batch.alertsFor('4501').map((a) => a.seq)).toEqual([1, 3]);
    expect(batch.alertsFor('4503')).toEqual([]);
  });

  it('encodes a scope once: every socket of the scope gets the same buffer', () => {
    const batch = new EncodedBatch(changes);
    const first = batch.framesFor('4501');
    expect(batch.framesFor('4501')).toBe(first);
    expect(batch.alertsFor('4501')).toBe(batch.alertsFor('4501'));
  });
});
