import { describe, expect, it } from 'vitest';
import type { LinkPair } from '../../common/dossier.js';
import type { LinkKey } from '../../common/event-types.js';
import { walkComponent } from '../../server/services/dossier/walk.js';
import type { LinkedEvent, LinkLookup } from '../../server/services/dossier/walk.js';

/** Events as `id: key=value,key=value`; the look-up answers in the listed order and counts its calls. */
function graph(lines: string[]): LinkLookup & { calls: number } {
  const events: LinkedEvent[] = lines.map((line) => {
    const [id, rest] = line.split(': ') as [string, string];
    const pairs = rest.split(',').map((kv) => {
      const [key, value] = kv.split('=') as [LinkKey, string];
      return { key, value };
    });
    return { event_id: id, pairs };
  });
  const lookup = {
    calls: 0,
    async eventsWith(pairs: readonly LinkPair[], limit: number) {
      lookup.calls++;
      const want = new Set(pairs.map((p) => `${p.key}=${p.value}`));
      return events.filter((e) => e.pairs.some((p) => want.has(`${p.key}=${p.value}`))).slice(0, limit);
    },
  };
  return lookup;
}

const root = (key: LinkKey, value: string): LinkPair => ({ key, value });

describe('the dossier walk', () => {
  it('follows incident → case → persons and items, and leaves out what is not connected', async () => {
    const g = graph([
      'e1: incident_id=J1',
      'e2: incident_id=J1,case_id=A1',
      'e3: case_id=A1,person_id=P1',
      'e4: case_id=A1,item_id=W1',
      'e5: item_id=W1',
      'x1: incident_id=J2',
      'x2: case_id=A9,person_id=P9',
    ]);
    const c = await walkComponent(root('case_id', 'A1'), g, 100);
    expect(c.eventIds.sort()).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
    expect(c.truncated).toBe(false);
    expect(c.pairs.map((p) => `${p.key}=${p.value}`).sort()).toEqual([
      'case_id=A1',
      'incident_id=J1',
      'item_id=W1',
      'person_id=P1',
    ]);
    expect(c.pairs[0]).toEqual(root('case_id', 'A1'));
  });

  it('ends on cycles: every value and event is visited once', async () => {
    const g = graph([
      'a: case_id=A,person_id=P',
      'b: person_id=P,stay_id=S',
      'c: stay_id=S,case_id=A',
      'd: case_id=A,person_id=P,stay_id=S',
    ]);
    const c = await walkComponent(root('person_id', 'P'), g, 100);
    expect(c.eventIds.sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(c.pairs).toHaveLength(3);
    // Level 1: P's events; level 2: A's and S's (nothing new after): then the frontier is empty.
    expect(c.levels).toBe(2);
    expect(g.calls).toBe(2);
  });

  it('reaches a second case through a person they share (transitively)', async () => {
    const g = graph([
      'a1: case_id=A,person_id=P',
      'a2: case_id=A,item_id=W',
      'b1: case_id=B,person_id=P',
      'b2: case_id=B,recording_id=R',
      'b3: recording_id=R,session_id=S',
    ]);
    const c = await walkComponent(root('case_id', 'A'), g, 100);
    expect(c.eventIds.sort()).toEqual(['a1', 'a2', 'b1', 'b2', 'b3']);
    // Nearest first: the case's own events, then the other case through the person, then its recording.
    expect(c.eventIds.slice(0, 2).sort()).toEqual(['a1', 'a2']);
    expect(c.eventIds.at(-1)).toBe('b3');
  });

  it('keeps exactly the bound without calling it truncated', async () => {
    const g = graph(['e1: case_id=A', 'e2: case_id=A,person_id=P', 'e3: person_id=P']);
    const c = await walkComponent(root('case_id', 'A'), g, 3);
    expect(c.eventIds).toHaveLength(3);
    expect(c.truncated).toBe(false);
  });

  it('cuts the farthest level first when over the bound', async () => {
    const g = graph([
      'near1: case_id=A,person_id=P',
      'near2: case_id=A',
      'far1: person_id=P,case_id=B',
      'far2: case_id=B',
      'far3: case_id=B',
    ]);
    const c = await walkComponent(root('case_id', 'A'), g, 3);
    expect(c.truncated).toBe(true);
    expect(c.eventIds).toHaveLength(3);
    expect(c.eventIds.slice(0, 2).sort()).toEqual(['near1', 'near2']);
    expect(c.eventIds[2]).toBe('far1');
  });

  it('a root no event carries has an empty dossier', async () => {
    const c = await walkComponent(root('incident_id', 'none'), graph(['e1: incident_id=J1']), 10);
    expect(c).toEqual({ eventIds: [], pairs: [root('incident_id', 'none')], truncated: false, levels: 1 });
  });
});
