import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// Production JSX whatever NODE_ENV says (the tests' `oms start` inherits NODE_ENV=test).
const oxc = { jsx: { runtime: 'automatic', importSource: 'preact', development: false } } as const;

/**
 * The storefront build: Preact through Vite's own JSX transform (no Babel preset), hashed assets in
 * `dist/storefront/assets/` (served immutable), and brotli + gzip twins of every text file so
 * order-api and Nginx serve them precompressed.
 */
export default defineConfig({
  root: here('.'),
  publicDir: here('public'),
  base: '/',
  logLevel: 'warn',
  oxc,
  resolve: {
    // The shared domain modules are isomorphic except order-id.ts, which draws randomness from
    // node:crypto; the browser gets the Web Crypto equivalent.
    alias: { 'node:crypto': here('src/shims/node-crypto.ts') },
  },
  build: {
    outDir: here('../../dist/storefront'),
    emptyOutDir: true,
    target: 'es2022',
    // No inline data: URIs, so the strict Content-Security-Policy (default-src 'self') holds.
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
  plugins: [compression({ algorithms: ['brotliCompress', 'gzip'], threshold: 512, logLevel: 'silent' })],
});
