/**
 * How the wall's canvas fits the screen. A 16:9 screen shows the 1920×1080 canvas scaled (4K is exactly
 * ×2). A wide wall — 32:9 (3840×1080), 48:9 (5760×1080) — keeps the height of 1080 and widens the canvas
 * to the screen's shape, with a layout that uses the width (the map and, on the widest, the rules beside the
 * trends) instead of a 16:9 picture in the middle half. Pure: (screen width, height) → the fit.
 */
export type WallShape = 'standard' | 'wide' | 'ultra';

export interface WallFit {
  shape: WallShape;
  /** The canvas in CSS px before scaling: height always 1080. */
  width: number;
  height: number;
  scale: number;
  offset: { x: number; y: number };
}

export const BASE_W = 1920;
export const BASE_H = 1080;
/** From 2.4:1 the wall widens (between 16:9 and 32:9, nearer the second); from 4.2:1 it is ultra-wide. */
const WIDE_RATIO = 2.4;
const ULTRA_RATIO = 4.2;

export function wallFit(screenW: number, screenH: number): WallFit {
  const ratio = screenH > 0 ? screenW / screenH : 16 / 9;
  const shape: WallShape = ratio >= ULTRA_RATIO ? 'ultra' : ratio >= WIDE_RATIO ? 'wide' : 'standard';
  const width = shape === 'standard' ? BASE_W : Math.round(BASE_H * ratio);
  const scale = Math.min(screenW / width, screenH / BASE_H) || 1;
  return {
    shape,
    width,
    height: BASE_H,
    scale,
    offset: { x: (screenW - width * scale) / 2, y: (screenH - BASE_H * scale) / 2 },
  };
}
