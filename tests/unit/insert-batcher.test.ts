/** The insert batcher: group commit (one insert at a time, what arrives meanwhile goes next), isolation. */
import { describe, expect, it } from 'vitest';
import { InsertBatcher } from '../../ingest/batcher.js';

/** An insert function whose calls stay pending until the test settles them. */
function controlledInsert() {
  const calls: { rows: number[]; settle: (err?: Error) => void }[] = [];
  const insert = (rows: number[]) =>
    new Promise<void>((resolve, reject) => {
      calls.push({ rows, settle: (err) => (err ? reject(err) : resolve()) });
    });
  return { calls, insert };
}

const tick = () => new Promise((r) => setTimeout(r, 0));
const never = () => false;

describe('InsertBatcher', () => {
  it('runs one insert at a time and sends everything that arrived meanwhile together', async () => {
    const { calls, insert } = controlledInsert();
    const b = new InsertBatcher<number>(insert, 1_000, 60_000, never, { maxWaiters: 3 });
    const done: number[] = [];
    const add = (rows: number[]) => b.add(rows).then(() => done.push(rows[0] as number));
    void add([1, 2]);
    void add([3]);
    void add([4]); // the third waiter: nothing else can arrive, send without lingering
    await tick();
    expect(calls.map((c) => c.rows)).toEqual([[1, 2, 3, 4]]);
    void add([5]);
    void add([6, 7]);
    void add([8]);
    await tick();
    expect(calls).toHaveLength(1); // still in flight: the others wait
    calls[0]?.settle();
    await tick();
    expect(done).toEqual([1, 3, 4]);
    expect(calls.map((c) => c.rows)).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
    calls[1]?.settle();
    await b.drain();
    expect(done).toEqual([1, 3, 4, 5, 6, 8]);
  });

  it('sends at maxRows without waiting, whole parts up to maxRows per insert', async () => {
    const { calls, insert } = controlledInsert();
    const b = new InsertBatcher<number>(insert, 3, 60_000, never);
    void b.add([1, 2]);
    await tick();
    expect(calls).toHaveLength(0); // lingering
    void b.add([3, 4]);
    void b.add([5]);
    await tick();
    expect(calls.map((c) => c.rows)).toEqual([[1, 2]]);
    calls[0]?.settle();
    await tick();
    expect(calls.map((c) => c.rows)).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
    calls[1]?.settle();
    await b.drain();
  });

  it('sends after the linger when nothing else arrives', async () => {
    const { calls, insert } = controlledInsert();
    const b = new InsertBatcher<number>(insert, 100, 5, never);
    const p = b.add([1]);
    await new Promise((r) => setTimeout(r, 30));
    expect(calls.map((c) => c.rows)).toEqual([[1]]);
    calls[0]?.settle();
    await p;
  });

  it('retries a failed combined insert part by part, so one bad part fails alone', async () => {
    const inserted: number[][] = [];
    const insert = async (rows: number[]) => {
      if (rows.includes(666)) throw new Error('Code: 469. constraint violated');
      inserted.push(rows);
    };
    const b = new InsertBatcher<number>(insert, 100, 60_000, never, { maxWaiters: 3 });
    const results = await Promise.allSettled([b.add([1]), b.add([666]), b.add([2])]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(inserted).toEqual([[1], [2]]);
  });

  it('rejects every part at once on a transient error (they are retried later as they are)', async () => {
    let attempts = 0;
    const insert = async () => {
      attempts++;
      throw new Error('ECONNREFUSED');
    };
    const b = new InsertBatcher<number>(insert, 100, 60_000, () => true, { maxWaiters: 2 });
    const results = await Promise.allSettled([b.add([1]), b.add([2])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(attempts).toBe(1);
  });

  it('drain sends what waits without lingering and waits for it', async () => {
    const inserted: number[][] = [];
    const b = new InsertBatcher<number>(async (rows) => void inserted.push(rows), 100, 60_000, never);
    const p = b.add([1, 2]);
    await b.drain();
    await p;
    expect(inserted).toEqual([[1, 2]]);
  });
});
