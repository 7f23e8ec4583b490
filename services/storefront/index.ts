/**
 * The storefront's server side: the built bundle served as an Express router. The browser code under
 * src/ is its own entry (src/main.tsx) and is bundled by Vite, not imported by other services.
 */
export { localStorefront, storefrontRouter } from './serve.ts';
