/// <reference types="vite/client" />

/** Guangxi's city boundaries, from the npm package at build time (dashboard/build/guangxi-map.ts). */
declare module 'virtual:guangxi-map' {
  const geo: {
    type: string;
    features: { id?: string; properties: { name: string; cp?: [number, number] } }[];
  };
  export default geo;
}

/** Each city's lazy loader of its county outlines (dashboard/build/guangxi-counties.ts), by prefix (4502). */
declare module 'virtual:guangxi-counties' {
  const loaders: Record<
    string,
    () => Promise<{
      default: {
        type: string;
        features: { id?: string; properties: { name: string; cp?: [number, number] } }[];
      };
    }>
  >;
  export default loaders;
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
