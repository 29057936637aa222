/**
 * `report:progress` for the Reports page: its own Socket.IO connection while the page is open (the live
 * store's connection carries alerts and orders for the wall and the duty console; this page needs neither).
 */
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../../common/api.js';
import type { ReportProgressEvent } from '../../../../common/report.js';

export function followReports(
  getToken: () => string | null,
  onProgress: (p: ReportProgressEvent) => void,
  onReconnect: () => void,
): () => void {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
    auth: (cb) => cb({ token: getToken() ?? '' }),
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
  });
  let connectedBefore = false;
  socket.on('connect', () => {
    // Pushes missed while away: the list is read again.
    if (connectedBefore) onReconnect();
    connectedBefore = true;
  });
  socket.on('report:progress', onProgress);
  return () => socket.close();
}
