/**
 * Why the server refused the socket, as the server says it for programs: the `code` in the connect_error's
 * `data` (CONTRACT.md §3, errors). `unauthorized` means sign in again; anything else (`unavailable`, or a
 * network failure, which has no code) means try again, as Socket.IO's reconnection does.
 */

/** The refusal's code, or null when the error carries none (the connection failed before any answer). */
export function refusalCode(err: Error): string | null {
  const code = (err as Error & { data?: { code?: unknown } }).data?.code;
  return typeof code === 'string' ? code : null;
}

/** Whether the token was refused: the user has to sign in again. */
export function isAuthRefusal(err: Error): boolean {
  return refusalCode(err) === 'unauthorized';
}
