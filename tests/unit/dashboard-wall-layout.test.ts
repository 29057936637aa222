import { describe, expect, it } from 'vitest';
import { wallFit } from '../../dashboard/src/views/wall/layout.js';

describe('the wall fits its screen', () => {
  it('scales the 16:9 canvas on 16:9 screens (4K is ×2)', () => {
    expect(wallFit(1920, 1080)).toEqual({
      shape: 'standard',
      width: 1920,
      height: 1080,
      scale: 1,
      offset: { x: 0, y: 0 },
    });
    expect(wallFit(3840, 2160)).toMatchObject({
      shape: 'standard',
      width: 1920,
      scale: 2,
      offset: { x: 0, y: 0 },
    });
  });

  it('uses the whole width of a 32:9 and a 48:9 wall, not its middle half', () => {
    expect(wallFit(3840, 1080)).toEqual({
      shape: 'wide',
      width: 3840,
      height: 1080,
      scale: 1,
      offset: { x: 0, y: 0 },
    });
    expect(wallFit(7680, 2160)).toMatchObject({
      shape: 'wide',
      width: 3840,
      scale: 2,
      offset: { x: 0, y: 0 },
    });
    expect(wallFit(5760, 1080)).toMatchObject({
      shape: 'ultra',
      width: 5760,
      scale: 1,
      offset: { x: 0, y: 0 },
    });
  });

  it('letterboxes what is neither (a 4:3 screen keeps the 16:9 canvas, centred)', () => {
    const fit = wallFit(1600, 1200);
    expect(fit).toMatchObject({ shape: 'standard', width: 1920, scale: 1600 / 1920 });
    expect(fit.offset.x).toBe(0);
    expect(fit.offset.y).toBeCloseTo((1200 - 1080 * (1600 / 1920)) / 2);
  });
});
