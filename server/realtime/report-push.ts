/**
 * `report:progress` (CONTRACT.md §9): a report's progress, to the sockets of the user who asked for it (every
 * tab they have open), as the report worker announces it through BullMQ's queue events — whichever process
 * runs the worker. Reports made by the schedule (`system`) reach nobody this way: they are listed.
 */
import type { ReportProgress } from '../services/reports/service.js';
import { connectedSockets } from './socket-types.js';
import type { VigilServer } from './socket-types.js';

export function pushReportProgress(io: VigilServer, p: ReportProgress): number {
  let emits = 0;
  for (const socket of connectedSockets(io)) {
    if (socket.data.user.username !== p.requested_by) continue;
    socket.emit('report:progress', {
      report_id: p.report_id,
      progress: p.progress,
      ...(p.state ? { state: p.state } : {}),
    });
    emits++;
  }
  return emits;
}
