/** The log format follows where stdout goes: readable at a terminal, JSON lines for files, pipes and collectors. */
import { describe, expect, it } from 'vitest';
import { logFormatFor } from '../../common/node/logger.js';

describe('logFormatFor', () => {
  it('is pretty only when stdout is a terminal', () => {
    expect(logFormatFor(true)).toBe('pretty');
  });

  it('is JSON for a file, a pipe or no stdout at all', () => {
    expect(logFormatFor(false)).toBe('json');
    expect(logFormatFor(undefined)).toBe('json');
  });
});
