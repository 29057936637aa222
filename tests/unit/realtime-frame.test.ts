/**
 * The realtime server writes `alert:changed` as pre-encoded WebSocket frames: they must be byte for byte
 * what socket.io (socket.io-parser + engine.io + ws, as its broadcast pre-encodes them) would send, at every
 * length encoding of RFC 6455 (7-bit, 16-bit and 64-bit payload lengths) and with multi-byte UTF-8. The
 * benchmark's protocol-level client must read the same seq and change time from them as JSON.parse does.
 */
import { Encoder, PacketType } from 'socket.io-parser';
import * as ws from 'ws';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../common/alerts.js';
import { alertChangedFrame } from '../../server/realtime/direct-frames.js';
import { readPush, readPushJson } from '../../bench/live-bench-wire.js';

function alert(title: string, state: Alert['state'] = 'open'): Alert {
  return {
    alert_id: 'R-INC-01:incident_id:J1',
    seq: 4_321,
    rule_id: 'R-INC-01',
    severity: 'P1',
    stage: 'overdue',
    state,
    resolution: state === 'resolved' ? 'manual' : null,
    unit_code: '450103520000',
    subject: { incident_id: 'J1 "seq":1 "state":"r" "opened_at":"x"' },
    trigger_event_id: 'e-1',
    satisfied_by_event_id: null,
    due_at: '2026-11-26T08:00:00.000Z',
    opened_at: '2026-11-26T08:01:00.000Z',
    acknowledged_at: state === 'open' ? null : '2026-11-26T08:02:00.000Z',
    acknowledged_by: state === 'open' ? null : 'duty',
    resolved_at: state === 'resolved' ? '2026-11-26T08:03:00.500Z' : null,
    title,
    legal_basis: '《公安机关办理刑事案件程序规定》',
  };
}

/** What socket.io's broadcast puts on the wire for io.emit('alert:changed', a). */
function socketIoFrame(a: Alert): Buffer {
  const [encoded] = new Encoder().encode({ type: PacketType.EVENT, nsp: '/', data: ['alert:changed', a] });
  // ws's own frame encoder (exported by its ESM entry; not in @types/ws)
  const { Sender } = ws as unknown as {
    Sender: { frame(data: Buffer, options: Record<string, unknown>): Buffer[] };
  };
  const list = Sender.frame(Buffer.from(`4${encoded as string}`), {
    readOnly: false,
    mask: false,
    rsv1: false,
    opcode: 1,
    fin: true,
  });
  return Buffer.concat(list);
}

describe('alert:changed frames', () => {
  const titles = {
    short: 't',
    '16-bit length': '接警后未及时出警'.repeat(20),
    '64-bit length': '超期未结'.repeat(6_000),
  };
  for (const [name, title] of Object.entries(titles))
    it(`equal socket.io's own encoding (${name})`, () => {
      expect(alertChangedFrame(alert(title)).equals(socketIoFrame(alert(title)))).toBe(true);
    });

  it('are read by the benchmark client like JSON.parse reads them, in every state', () => {
    for (const state of ['open', 'acknowledged', 'resolved'] as const) {
      const a = alert('t', state);
      const frame = alertChangedFrame(a);
      const payload = frame.subarray(frame[1]! < 126 ? 2 : frame[1] === 126 ? 4 : 10);
      expect(readPush(payload)).toEqual(readPushJson(payload));
      expect(readPush(payload)?.seq).toBe(4_321);
    }
    expect(readPush(Buffer.from('42["stats:update",{}]'))).toBeNull();
  });
});
