/**
 * The typed Socket.IO server and socket of the realtime server: the events of CONTRACT.md §4 and what each
 * socket carries once its handshake is authenticated (the user and the token, re-checked periodically).
 */
import type { Server, Socket } from 'socket.io';
import type { AuthUser } from '../../common/auth.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../common/api.js';

export interface SocketData {
  user: AuthUser;
  token: string;
}

export type VigilServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;
export type VigilSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

/** Every socket connected to the default namespace (all of them are authenticated). */
export function connectedSockets(io: VigilServer): IterableIterator<VigilSocket> {
  return io.of('/').sockets.values() as IterableIterator<VigilSocket>;
}

/** How many sockets are connected. */
export function socketCount(io: VigilServer): number {
  return io.of('/').sockets.size;
}
