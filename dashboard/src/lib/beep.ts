/**
 * The wall's optional alarm: a short two-tone beep through WebAudio (no audio file). Off unless the screen
 * remembers it on or the kiosk URL says `?sound=1`. Browsers allow sound only after a user gesture (or with
 * Chromium's `--autoplay-policy=no-user-gesture-required`): until then the context waits, `blocked` says so,
 * and the first touch or key anywhere starts it.
 */
export interface Beeper {
  readonly enabled: boolean;
  /** On, but the browser has not let the sound start yet. */
  readonly blocked: boolean;
  enable(): void;
  disable(): void;
  beep(): void;
}

export function createBeeper(): Beeper {
  let ctx: AudioContext | null = null;
  let enabled = false;
  let lastAt = 0;

  function tone(at: number, freq: number, length: number): void {
    if (!ctx) return;
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'square';
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.25, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + length);
    osc.connect(gain).connect(ctx.destination);
    osc.start(at);
    osc.stop(at + length + 0.02);
  }

  return {
    get enabled() {
      return enabled;
    },
    get blocked() {
      return enabled && ctx !== null && ctx.state !== 'running';
    },
    enable() {
      ctx ??= new AudioContext();
      void ctx.resume();
      enabled = true;
      const start = () => void ctx?.resume();
      for (const kind of ['pointerdown', 'keydown'] as const)
        window.addEventListener(kind, start, { once: true, capture: true });
    },
    disable() {
      enabled = false;
    },
    beep() {
      // At most one alarm every 3 s, however many P1 alerts arrive together.
      if (!enabled || !ctx || Date.now() - lastAt < 3000) return;
      lastAt = Date.now();
      const t0 = ctx.currentTime + 0.01;
      for (let i = 0; i < 3; i += 1) {
        tone(t0 + i * 0.36, 880, 0.14);
        tone(t0 + i * 0.36 + 0.16, 660, 0.14);
      }
    },
  };
}
