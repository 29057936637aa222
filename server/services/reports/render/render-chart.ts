/**
 * A chart spec drawn on the server: ECharts' server-side SVG renderer (no DOM), and that SVG rasterised to
 * PNG by resvg for the DOCX (Word does not take SVG everywhere). Chinese text needs a CJK font: the SVG names
 * Noto Sans CJK SC first, and resvg falls back to it from the system's fonts.
 */
import * as echarts from 'echarts';
import { Resvg } from '@resvg/resvg-js';
import type { ChartSpec } from './model.js';

export function chartSvg(spec: ChartSpec): string {
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: spec.width,
    height: spec.height,
  });
  try {
    chart.setOption({ ...spec.option, animation: false });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** PNG at `scale` × the drawing size, on white. */
export function svgToPng(svg: string, scale = 2): Buffer {
  const resvg = new Resvg(svg, {
    background: '#ffffff',
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: 'Noto Sans CJK SC' },
  });
  return resvg.render().asPng();
}
