/** Notifications (the matrix's system runs without NOTIFY_FILE: notifications are off). */
import { adminOnly, enc, officerUp, row } from './kit.js';
import type { Kit, Row } from './kit.js';

export function notifyRows({ c, get, post }: Kit): Row[] {
  return [
    row(
      'GET /api/notifications',
      ['of an alert', get(`/api/notifications?alert_id=${enc(c.inAck)}`), officerUp(200)],
      ['bad filter', get('/api/notifications?limit=0'), officerUp('invalid_query')],
    ),
    row('GET /api/notify/channels', ['list', get('/api/notify/channels'), adminOnly(200)]),
    row(
      'POST /api/notify/test',
      ['notifications off', post('/api/notify/test', { channel: 'ops' }), adminOnly('notify_disabled')],
      ['no channel named', post('/api/notify/test', {}), adminOnly('invalid_body')],
    ),
  ];
}
