/**
 * The live source over Socket.IO (CONTRACT.md §4): `auth: {token}`, `alert:changed`, `supervision:changed`,
 * `stats:update` and `report:progress` (for the reports page) pushed by the server, `alerts:resume {since_seq}` with an ack on every (re)connect. Reconnects on its own
 * (back-off capped at 5 s); the browser's offline/online events drop and restore it at once. The snapshot
 * is the active alerts plus the held ones, merged (stores/alert-book.ts mergeSnapshots). A refused connection
 * sends the user to sign in only when the server's code says the token was refused (connect-refusal.ts).
 */
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ResumeReply, ServerToClientEvents } from '../../../common/api.js';
import type { VigilApi } from '../api/endpoints.js';
import { mergeSnapshots } from '../stores/alert-book.js';
import type { LiveSource, RealtimeHandlers, RealtimeLink } from '../stores/live-sync.js';
import { isAuthRefusal } from './connect-refusal.js';

type VigilSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Alerts a user may see at most in one snapshot (the API's limit). */
export const SNAPSHOT_LIMIT = 20_000;
/** Open supervision orders read in one snapshot (the API's limit). */
export const ORDER_SNAPSHOT_LIMIT = 1_000;
const RESUME_TIMEOUT_MS = 15_000;

export function socketSource(api: VigilApi, getToken: () => string | null): LiveSource {
  return {
    snapshot: async () => {
      // Active and held alerts (held: not violations yet, listed apart on the duty console).
      const [active, held] = await Promise.all([
        api.alerts({ state: 'active', limit: SNAPSHOT_LIMIT }),
        api.alerts({ state: 'held', limit: SNAPSHOT_LIMIT }),
      ]);
      return mergeSnapshots([active, held]);
    },
    summary: () => api.summary(),
    // The open orders (督办): as many as a scope holds at once, in practice far fewer than alerts.
    orders: () => api.supervisions({ state: 'open', limit: ORDER_SNAPSHOT_LIMIT }),
    connect(h: RealtimeHandlers): RealtimeLink {
      const socket: VigilSocket = io({
        auth: (cb) => cb({ token: getToken() ?? '' }),
        reconnectionDelay: 500,
        reconnectionDelayMax: 5000,
        timeout: 10_000,
      });
      let closed = false;
      socket.on('connect', () => h.connected());
      socket.on('disconnect', (reason) => {
        h.disconnected(reason);
        // The server dropped us on purpose (restart, scope change): come back; a bad token fails there.
        if (reason === 'io server disconnect' && !closed) setTimeout(() => !closed && socket.connect(), 1000);
      });
      socket.on('connect_error', (err) => {
        if (isAuthRefusal(err)) h.authFailed();
      });
      socket.on('alert:changed', (alert) => h.alert(alert));
      socket.on('supervision:changed', (order) => h.supervision?.(order));
      socket.on('stats:update', (summary) => h.stats(summary));
      socket.on('report:progress', (progress) => h.report?.(progress));

      const offline = () => socket.disconnect();
      const online = () => {
        if (!closed && socket.disconnected) socket.connect();
      };
      window.addEventListener('offline', offline);
      window.addEventListener('online', online);

      return {
        resume: (sinceSeq) =>
          new Promise<ResumeReply>((resolve, reject) => {
            socket
              .timeout(RESUME_TIMEOUT_MS)
              .emit('alerts:resume', { since_seq: sinceSeq }, (err: Error | null, reply: ResumeReply) =>
                err ? reject(err) : resolve(reply),
              );
          }),
        close: () => {
          closed = true;
          window.removeEventListener('offline', offline);
          window.removeEventListener('online', online);
          socket.disconnect();
        },
      };
    },
  };
}
