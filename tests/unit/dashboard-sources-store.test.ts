/**
 * The dashboard's source-health store: GET /api/sources every 10 s while someone uses it, at once (debounced)
 * when a source-outage alert changes, never after the last user leaves; a failed request keeps the last good
 * answer and says what failed.
 */
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SourcesResponse } from '../../common/sources.js';
import { ApiError } from '../../dashboard/src/api/client.js';
import { alert } from '../../dashboard/tests/fixtures.js';

const sources = vi.fn<() => Promise<SourcesResponse>>();
vi.mock('../../dashboard/src/api/instance.js', () => ({ api: { sources: () => sources() } }));

const { useSourcesStore, SOURCES_POLL_MS } = await import('../../dashboard/src/stores/sources.js');
const { useLiveStore } = await import('../../dashboard/src/stores/live.js');

const answer: SourcesResponse = { as_of: '2026-11-26T06:00:00.000Z', sources: [] };

beforeEach(() => {
  vi.useFakeTimers();
  setActivePinia(createPinia());
  sources.mockReset();
  sources.mockResolvedValue(answer);
});
afterEach(() => vi.useRealTimers());

describe('sources store', () => {
  it('polls every 10 s while used, and stops when the last user leaves', async () => {
    const store = useSourcesStore();
    const releaseA = store.acquire();
    const releaseB = store.acquire();
    await vi.advanceTimersByTimeAsync(0);
    expect(sources).toHaveBeenCalledTimes(1);
    expect(store.data).toEqual(answer);
    await vi.advanceTimersByTimeAsync(SOURCES_POLL_MS);
    expect(sources).toHaveBeenCalledTimes(2);
    releaseA();
    releaseA();
    await vi.advanceTimersByTimeAsync(SOURCES_POLL_MS);
    expect(sources).toHaveBeenCalledTimes(3);
    releaseB();
    await vi.advanceTimersByTimeAsync(5 * SOURCES_POLL_MS);
    expect(sources).toHaveBeenCalledTimes(3);
  });

  it('asks again at once (one request for a burst) when a source-outage alert changes, not for others', async () => {
    const store = useSourcesStore();
    const live = useLiveStore();
    const release = store.acquire();
    await vi.advanceTimersByTimeAsync(0);
    expect(sources).toHaveBeenCalledTimes(1);
    live.applyLocal(alert({ alert_id: 'R-INC-01:incident_id:J1', seq: 1 }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(sources).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 5; i += 1)
      live.applyLocal(
        alert({ alert_id: `SRC-OUTAGE:source:case:45${i}`, seq: 10 + i, rule_id: 'SRC-OUTAGE' }),
      );
    await vi.advanceTimersByTimeAsync(1000);
    expect(sources).toHaveBeenCalledTimes(2);
    release();
    live.applyLocal(alert({ alert_id: 'SRC-OUTAGE:source:case:4599', seq: 30, rule_id: 'SRC-OUTAGE' }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(sources).toHaveBeenCalledTimes(2);
  });

  it('keeps the last good answer on an error, and says what failed', async () => {
    const store = useSourcesStore();
    const release = store.acquire();
    await vi.advanceTimersByTimeAsync(0);
    sources.mockRejectedValue(new ApiError(500, 'boom', 'internal'));
    await store.refresh();
    expect(store.data).toEqual(answer);
    expect(store.error).toBe('boom');
    sources.mockResolvedValue(answer);
    await store.refresh();
    expect(store.error).toBeNull();
    release();
  });
});
