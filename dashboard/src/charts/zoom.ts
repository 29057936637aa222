/**
 * Pointer positions for ECharts under CSS `zoom` (the office pages on a 4K screen, styles.css). zrender reads
 * a pointer's place in the chart from the event's offsetX/offsetY, which Chromium gives in zoomed (screen)
 * pixels while the chart draws in its own: at zoom 2 a click would land twice as far from the corner.
 * Pure: the chart's box on screen and the zoom → the point in the chart's own pixels (BaseChart.vue puts it
 * in the events on their way down).
 */
export interface ScreenBox {
  left: number;
  top: number;
}

/** The point in the chart's own pixels, or null when nothing is zoomed (the browser's offsets are right). */
export function chartPoint(
  client: { clientX: number; clientY: number },
  box: ScreenBox,
  zoom: number,
): { x: number; y: number } | null {
  if (!Number.isFinite(zoom) || zoom <= 0 || Math.abs(zoom - 1) < 1e-3) return null;
  return { x: (client.clientX - box.left) / zoom, y: (client.clientY - box.top) / zoom };
}

/** The pointer events zrender listens to (pointer events, and the mouse events it still reads). */
export const POINTER_EVENTS = [
  'pointerdown',
  'pointermove',
  'pointerup',
  'pointerout',
  'mousedown',
  'mousemove',
  'mouseup',
  'mouseout',
  'click',
  'dblclick',
  'contextmenu',
  'wheel',
] as const;
