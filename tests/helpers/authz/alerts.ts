/** The alerts: reads for every signed-in role in scope; acknowledge and resolve for officers and up. */
import { enc, officerUp, row, signedIn } from './kit.js';
import type { Kit, Row } from './kit.js';
import type { Persona } from '../live-system.js';

/** An alert id that names no alert. */
export const NO_ALERT = 'R-INC-01:incident_id:none';

export function alertRows({ c, get, post }: Kit): Row[] {
  const resolveTarget = (p: Persona): string =>
    p === 'officer' || p === 'manager' || p === 'admin' ? c.resolveFor[p] : c.resolveFor.officer;
  const alert = (id: string, action = ''): string => `/api/alerts/${enc(id)}${action}`;
  return [
    row(
      'GET /api/alerts',
      ['own scope', get('/api/alerts?state=active'), signedIn(200)],
      ['unit in scope', get('/api/alerts?unit=450103'), signedIn(200)],
      ['unit out of scope', get('/api/alerts?unit=4502'), signedIn('out_of_scope')],
      ['bad filter', get('/api/alerts?state=closed'), signedIn('invalid_query')],
    ),
    row(
      'GET /api/alerts/:alert_id',
      ['in scope', get(alert(c.inAck)), signedIn(200)],
      ['out of scope', get(alert(c.out)), signedIn('out_of_scope')],
      ['no such alert', get(alert(NO_ALERT)), signedIn('not_found')],
    ),
    row(
      'POST /api/alerts/:alert_id/ack',
      ['in scope', post(alert(c.inAck, '/ack'), { note: 'seen' }), officerUp(200)],
      ['out of scope', post(alert(c.out, '/ack'), {}), officerUp('out_of_scope')],
      ['already resolved', post(alert(c.resolved, '/ack'), {}), officerUp('alert_resolved')],
      ['no such alert', post(alert(NO_ALERT, '/ack'), {}), officerUp('not_found')],
    ),
    row(
      'POST /api/alerts/:alert_id/resolve',
      ['in scope', post((p) => alert(resolveTarget(p), '/resolve'), { note: 'done' }), officerUp(200)],
      ['out of scope', post(alert(c.out, '/resolve'), { note: 'x' }), officerUp('out_of_scope')],
      ['already resolved', post(alert(c.resolved, '/resolve'), { note: 'x' }), officerUp('alert_resolved')],
      ['note missing', post(alert(c.inAck, '/resolve'), {}), officerUp('invalid_body')],
    ),
  ];
}
