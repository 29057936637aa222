/**
 * The main thread's side of the ingest worker thread, with a stand-in thread: the link answers calls
 * (values and classified errors), passes log lines and stored ids on, and closes gracefully; the supervisor
 * starts a thread again after it ends (logged, after a pause), lets a failed first start fail, and stops
 * restarting once closed.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ThreadSupervisor } from '../../common/node/thread-supervisor.js';
import type { SupervisedThread } from '../../common/node/thread-supervisor.js';
import { ThreadLink, serveStoreCall } from '../../ingest/worker-thread-link.js';
import type { ThreadPort } from '../../ingest/worker-thread-link.js';
import type { ToMain, ToThread } from '../../ingest/worker-thread-protocol.js';

/** A thread that records what it is sent; the test makes it speak and end. */
class FakeThread extends EventEmitter implements ThreadPort {
  readonly sent: ToThread[] = [];
  terminated = false;
  postMessage(m: ToThread): void {
    this.sent.push(m);
  }
  say(m: ToMain): void {
    this.emit('message', m);
  }
  end(code = 1): void {
    this.emit('exit', code);
  }
  async terminate(): Promise<number> {
    this.terminated = true;
    this.end(1);
    return 1;
  }
}

const tick = () => new Promise((r) => setTimeout(r, 0));

function recorder() {
  const lines: { level: string; obj: object; msg: string }[] = [];
  const log = {
    error: (obj: object, msg: string) => void lines.push({ level: 'error', obj, msg }),
    warn: (obj: object, msg: string) => void lines.push({ level: 'warn', obj, msg }),
  };
  return { lines, log };
}

describe('ThreadLink', () => {
  it('answers calls with the store’s value or its classified error, and passes logs and stored ids on', async () => {
    const thread = new FakeThread();
    const { lines, log } = recorder();
    const stored: string[][] = [];
    const store = {
      insert: async () => {
        throw Object.assign(new Error('Code: 252. Too many parts'), { code: '252' });
      },
      storedIds: async (ids: string[]) => new Set(ids.slice(0, 1)),
      restoreClaims: async () => {},
    };
    const link = new ThreadLink(thread, {
      serve: (c) => serveStoreCall(store, c),
      log,
      onStored: (ids) => void stored.push(ids),
    });
    thread.say({ t: 'ready' });
    await link.ready;
    thread.say({ t: 'call', id: 1, op: 'storedIds', ids: ['a', 'b'] });
    thread.say({ t: 'call', id: 2, op: 'insert', body: '{}\n' });
    thread.say({ t: 'log', level: 'warn', obj: { batchId: 'b' }, msg: 'ClickHouse unavailable' });
    thread.say({ t: 'stored', ids: ['a'] });
    await tick();
    expect(thread.sent).toEqual([
      { t: 'reply', id: 1, value: new Set(['a']) },
      { t: 'reply', id: 2, error: { message: 'Code: 252. Too many parts', name: 'Error', code: '252' } },
    ]);
    expect(lines).toEqual([{ level: 'warn', obj: { batchId: 'b' }, msg: 'ClickHouse unavailable' }]);
    expect(stored).toEqual([['a']]);
  });

  it('is not ready if the thread fails or ends first', async () => {
    const failing = new FakeThread();
    const { lines, log } = recorder();
    const link = new ThreadLink(failing, { serve: async () => undefined, log });
    failing.emit('error', new Error('cannot load entry'));
    failing.end(1);
    await expect(link.ready).rejects.toThrow('cannot load entry');
    expect(lines.map((l) => l.msg)).toEqual(['ingest worker thread failed']);
    expect(await link.exited).toBe(1);

    const ending = new FakeThread();
    const early = new ThreadLink(ending, { serve: async () => undefined, log });
    ending.end(0);
    await expect(early.ready).rejects.toThrow(/exited \(code 0\) before it was ready/);
  });

  it('closes gracefully: asks the thread to close, waits until it says so, then ends it', async () => {
    const thread = new FakeThread();
    const link = new ThreadLink(thread, { serve: async () => undefined, log: recorder().log });
    thread.say({ t: 'ready' });
    let closed = false;
    const closing = link.close().then(() => (closed = true));
    await tick();
    expect(thread.sent).toEqual([{ t: 'close' }]);
    expect(closed).toBe(false);
    expect(thread.terminated).toBe(false);
    thread.say({ t: 'closed' });
    await closing;
    expect(thread.terminated).toBe(true);
    // an ended thread is not sent anything more
    await link.close();
    expect(thread.sent).toEqual([{ t: 'close' }]);
  });
});

/** A supervised thread the test makes ready, fail or end (as a ThreadLink: ending first means never ready). */
function fakeThread() {
  let ready: () => void = () => {};
  let fail: (err: Error) => void = () => {};
  let exit: (code: number) => void = () => {};
  const t = {
    ready: new Promise<void>((res, rej) => ((ready = res), (fail = rej))),
    exited: new Promise<number>((res) => (exit = res)),
    closed: false,
    async close() {
      t.closed = true;
      t.end(0);
    },
    becomeReady: () => ready(),
    fail: (err: Error) => (fail(err), exit(1)),
    end: (code: number) => (fail(new Error(`exited (code ${code}) before it was ready`)), exit(code)),
  };
  t.ready.catch(() => {});
  return t;
}
type Fake = ReturnType<typeof fakeThread> & SupervisedThread;

describe('ThreadSupervisor', () => {
  it('starts a thread again after it ends or fails to start, logging each time, until closed', async () => {
    const threads: Fake[] = [];
    const spawn = () => {
      const t = fakeThread();
      threads.push(t);
      return t;
    };
    const { lines, log } = recorder();
    const sup = new ThreadSupervisor('the test thread', spawn, log, 20);
    const starting = sup.start();
    threads[0]!.becomeReady();
    await starting;
    expect(sup.current()).toBe(threads[0]);

    threads[0]!.end(1);
    await tick();
    expect(sup.current()).toBeNull(); // waiting before the restart
    await new Promise((r) => setTimeout(r, 40));
    expect(threads).toHaveLength(2);
    threads[1]!.fail(new Error('cannot load entry')); // a failed restart is retried too
    await new Promise((r) => setTimeout(r, 40));
    expect(threads).toHaveLength(3);
    threads[2]!.becomeReady();
    await tick();
    expect(sup.current()).toBe(threads[2]);
    expect(lines.map((l) => l.msg)).toEqual([
      'running the test thread failed; retrying in 0 s',
      'running the test thread failed; retrying in 0 s',
    ]);
    expect((lines[0]!.obj as { err: Error }).err.message).toBe('the test thread exited (code 1)');
    expect((lines[1]!.obj as { err: Error }).err.message).toBe('cannot load entry');

    await sup.close();
    expect(threads[2]!.closed).toBe(true);
    await new Promise((r) => setTimeout(r, 40));
    expect(threads).toHaveLength(3); // closing is not a reason to start another
    expect(lines).toHaveLength(2);
  });

  it('a first start that fails is the caller’s failure', async () => {
    const t = fakeThread();
    const sup = new ThreadSupervisor('the test thread', () => t, recorder().log, 20);
    const starting = sup.start();
    t.fail(new Error('no tsx'));
    await expect(starting).rejects.toThrow('no tsx');
    expect(sup.current()).toBeNull();
  });

  it('closing while a thread is being started closes that one', async () => {
    const threads: Fake[] = [];
    const sup = new ThreadSupervisor(
      'the test thread',
      () => {
        const t = fakeThread();
        threads.push(t);
        return t;
      },
      recorder().log,
      10,
    );
    const starting = sup.start();
    threads[0]!.becomeReady();
    await starting;
    threads[0]!.end(1);
    await new Promise((r) => setTimeout(r, 30));
    expect(threads).toHaveLength(2); // started, not ready yet
    await sup.close();
    expect(threads[1]!.closed).toBe(true);
    expect(threads).toHaveLength(2);
  });
});
