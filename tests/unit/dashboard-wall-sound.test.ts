import { describe, expect, it } from 'vitest';
import { initialSound, storedSound } from '../../dashboard/src/lib/wall-sound.js';

describe('the wall’s alarm switch survives a reboot', () => {
  it('comes back as it was stored on this screen', () => {
    expect(initialSound(null, storedSound(true))).toBe(true);
    expect(initialSound(null, storedSound(false))).toBe(false);
    expect(initialSound(null, null)).toBe(false);
  });

  it('is set by ?sound=1 / ?sound=0 in the kiosk URL, whatever was stored', () => {
    expect(initialSound('1', null)).toBe(true);
    expect(initialSound('1', '0')).toBe(true);
    expect(initialSound('0', '1')).toBe(false);
    expect(initialSound('maybe', '1')).toBe(true);
  });
});
