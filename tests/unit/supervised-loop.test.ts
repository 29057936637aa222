import { describe, expect, it } from 'vitest';
import { LoopControl } from '../../common/node/supervised-loop.js';

function recorder() {
  const lines: { obj: object; msg: string }[] = [];
  return { lines, log: { error: (obj: object, msg: string) => void lines.push({ obj, msg }) } };
}

describe('LoopControl', () => {
  it('logs a failing step with its error object and retries after a growing back-off', async () => {
    const control = new LoopControl();
    const { lines, log } = recorder();
    const starts: number[] = [];
    let calls = 0;
    await control.loop({ what: 'reading', log, backoffMs: 20, maxBackoffMs: 40 }, async () => {
      starts.push(Date.now());
      calls += 1;
      if (calls <= 3) throw new Error(`boom ${calls}`);
      return 'done';
    });
    expect(calls).toBe(4);
    expect(lines.map((l) => l.msg)).toEqual([
      'reading failed; retrying in 0 s',
      'reading failed; retrying in 0 s',
      'reading failed; retrying in 0 s',
    ]);
    const err = (lines[0]!.obj as { err: Error }).err;
    expect(err).toBeInstanceOf(Error);
    expect(err.stack).toContain('boom 1');
    // back-offs 20, 40, 40 (capped): the gaps grow and never exceed the cap by much
    const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
    expect(gaps[0]).toBeGreaterThanOrEqual(18);
    expect(gaps[1]).toBeGreaterThanOrEqual(38);
    expect(gaps[2]).toBeGreaterThanOrEqual(38);
  });

  it("runs again at once on 'again', waits everyMs on 'wait', and stops waiting when stopped", async () => {
    const control = new LoopControl();
    const { log } = recorder();
    let runs = 0;
    const loop = control.loop({ what: 'ticking', log, everyMs: 60_000 }, async () => {
      runs += 1;
      return runs < 3 ? 'again' : 'wait';
    });
    await new Promise((r) => setTimeout(r, 30));
    expect(runs).toBe(3);
    const stoppedAt = Date.now();
    control.stop();
    await loop;
    expect(Date.now() - stoppedAt).toBeLessThan(1_000);
    expect(runs).toBe(3);
    expect(control.isRunning).toBe(false);
  });

  it('a failure after stop is not logged and ends the loop', async () => {
    const control = new LoopControl();
    const { lines, log } = recorder();
    await control.loop({ what: 'closing', log }, async () => {
      control.stop();
      throw new Error('connection closed');
    });
    expect(lines).toEqual([]);
  });

  it('waits initialDelayMs before the first run, cut short by stop', async () => {
    const control = new LoopControl();
    const { log } = recorder();
    let runs = 0;
    const loop = control.loop({ what: 'periodic', log, initialDelayMs: 60_000 }, async () => {
      runs += 1;
      return 'done';
    });
    await new Promise((r) => setTimeout(r, 20));
    control.stop();
    await loop;
    expect(runs).toBe(0);
  });
});
