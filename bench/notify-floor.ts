/**
 * The notify benchmark's floor: what this machine needs just to carry 10,000 webhooks — the same bodies
 * (a masked alert, its text and link, ~600 bytes) POSTed to the same receiver process through the transport
 * Vigil's channels use (undici keep-alive connections, 16 side by side), with no engine, queue, fence or record behind
 * them. Its wall time is the least any burst of that size can take here, however fast the rest.
 */
import { keepAliveTransport } from '../notify/channels/http-transport.js';
import { startChildReceiver } from './notify-receiver-child.js';
import { fmt } from './stats.js';

function body(i: number, now: string): string {
  return JSON.stringify({
    kind: 'alert.raised',
    alert: {
      alert_id: `R-INC-13:incident_id:FLOOR-${i}`,
      seq: i,
      rule_id: 'R-INC-13',
      severity: 'P2',
      stage: 'overdue',
      state: 'open',
      unit_code: '450103520000',
      subject: { incident_id: `FLOOR-${i}` },
      due_at: now,
      opened_at: now,
      title: '派警后未按时到场反馈',
      legal_basis: '《110接处警工作规则》',
    },
    text: '【守望】P2 青秀区 派警后未按时到场反馈 逾期1分 http://127.0.0.1/alerts/R-INC-13',
    url: `http://127.0.0.1/alerts/R-INC-13%3Aincident_id%3AFLOOR-${i}`,
    delivery_id: `alert.raised|a|R-INC-13:incident_id:FLOOR-${i}|n0|channel:hook|hook`,
    decided_seq: i,
  });
}

export interface Floor {
  wallMs: number;
  cpuUsPerRequest: number;
}

export async function transportFloor(n: number): Promise<Floor> {
  const rx = await startChildReceiver();
  const transport = keepAliveTransport();
  try {
    const now = new Date().toISOString();
    const headers = { 'Content-Type': 'application/json; charset=utf-8' };
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    let next = 0;
    const lane = async (): Promise<void> => {
      for (let i = next++; i < n; i = next++) {
        const res = await transport.request(
          { method: 'POST', url: `${rx.url}/hook`, headers, body: body(i, now) },
          10_000,
          1_024,
        );
        if (res.status !== 200) throw new Error(`floor: HTTP ${res.status}`);
      }
    };
    await Promise.all(Array.from({ length: 16 }, lane));
    const cpu = process.cpuUsage(cpu0);
    for (let i = 0; i < 100 && rx.firstAt.size < n; i++) await new Promise((r) => setTimeout(r, 50));
    if (rx.firstAt.size !== n) throw new Error(`floor: ${rx.firstAt.size} of ${n} received`);
    return { wallMs: performance.now() - t0, cpuUsPerRequest: (cpu.user + cpu.system) / n };
  } finally {
    transport.close();
    await rx.close();
  }
}

export function floorLine(f: Floor, n: number): string {
  return (
    `  floor: ${fmt(n)} bare webhooks, same bodies and receiver, undici keep-alive ×16, nothing else: ` +
    `${fmt(f.wallMs)} ms wall, ${fmt(f.cpuUsPerRequest)} µs CPU each (this process: the sender; the receiver is its own process)`
  );
}
