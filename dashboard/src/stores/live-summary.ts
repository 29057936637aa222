/**
 * The live store's summary: pushed by the socket, asked for over REST when the socket has been quiet too long.
 */
import { shallowRef } from 'vue';
import type { SummaryResponse } from '../../../common/api.js';
import type { LiveSync } from './live-sync.js';

/** Ask for the summary over REST when the socket has not pushed one for this long. */
export const SUMMARY_POLL_MS = 20_000;

export function useSummaryPoll() {
  const summary = shallowRef<SummaryResponse | null>(null);
  let lastSummaryAt = 0;

  /** A summary arrived. */
  function received(s: SummaryResponse | null): void {
    summary.value = s;
    lastSummaryAt = Date.now();
  }

  /** A new session: count the quiet time from now. */
  function restart(): void {
    lastSummaryAt = Date.now();
  }

  /** On each tick of the store's clock: ask over REST when none came for SUMMARY_POLL_MS. */
  function pollIfQuiet(sync: LiveSync, now: number): void {
    if (now - lastSummaryAt <= SUMMARY_POLL_MS) return;
    lastSummaryAt = now;
    void sync.refreshSummary();
  }

  return { summary, received, restart, pollIfQuiet };
}

export type SummaryPoll = ReturnType<typeof useSummaryPoll>;
