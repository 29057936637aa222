/**
 * The wall's alarm switch, remembered per screen (each wall is its own browser, so its own localStorage):
 * a kiosk that reboots comes back as it was, not silent. `?sound=1` (or `0`) in the kiosk URL sets it and is
 * remembered too. Pure: (the URL's value, the stored value) → on or off.
 */
export const SOUND_KEY = 'vigil.wall.sound';

export function initialSound(fromUrl: string | null, saved: string | null): boolean {
  if (fromUrl === '1' || fromUrl === 'on' || fromUrl === 'true') return true;
  if (fromUrl === '0' || fromUrl === 'off' || fromUrl === 'false') return false;
  return saved === '1';
}

export function storedSound(on: boolean): string {
  return on ? '1' : '0';
}
