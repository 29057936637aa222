/**
 * The wall's optional alarm: a short two-tone beep through WebAudio (no audio file). Off by default; the
 * AudioContext is created when the operator turns it on (browsers allow sound only after a user gesture).
 */
export interface Beeper {
  readonly enabled: boolean;
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
    enable() {
      ctx ??= new AudioContext();
      void ctx.resume();
      enabled = true;
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
