/// <reference types="vite/client" />

/** Guangxi's city boundaries, from the npm package at build time (dashboard/build/guangxi-map.ts). */
declare module 'virtual:guangxi-map' {
  const geo: {
    type: string;
    features: { id?: string; properties: { name: string; cp?: [number, number] } }[];
  };
  export default geo;
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
