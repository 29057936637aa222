/** The Server-Timing header the dossier answers with: stages in order, descriptions quoted, read back. */
import { expect, it, vi } from 'vitest';
import { StageTimer } from '../../common/node/stage-timer.js';

it('writes each stage with its duration and reads the durations back', () => {
  const now = vi.spyOn(performance, 'now');
  now.mockReturnValueOnce(100); // created
  now.mockReturnValueOnce(112.34).mockReturnValueOnce(120);
  const t = new StageTimer();
  t.lap('walk', '4 "levels"');
  t.lap('events');
  now.mockRestore();
  expect(t.header()).toBe('walk;dur=12.3;desc="4 levels", events;dur=7.7');
  expect([...StageTimer.parse(t.header())]).toEqual([
    ['walk', 12.3],
    ['events', 7.7],
  ]);
  expect(StageTimer.parse(null).size).toBe(0);
});
