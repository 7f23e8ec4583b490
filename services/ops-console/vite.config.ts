import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// Production JSX whatever NODE_ENV says (the tests' `oms start` inherits NODE_ENV=test).
const oxc = { jsx: { runtime: 'automatic', importSource: 'preact', development: false } } as const;

/**
 * The ops console build, the storefront's pipeline (services/storefront/vite.config.ts): Preact
 * through Vite's JSX transform, hashed assets under `/ops/assets/` (served immutable), brotli + gzip
 * twins of every text file. Two pages: the console and the sign-in page order-api answers with 401.
 */
export default defineConfig({
  root: here('.'),
  publicDir: here('public'),
  base: '/ops/',
  logLevel: 'warn',
  oxc,
  build: {
    outDir: here('../../dist/ops-console'),
    emptyOutDir: true,
    target: 'es2022',
    // No inline data: URIs, so the strict Content-Security-Policy (default-src 'self') holds.
    assetsInlineLimit: 0,
    reportCompressedSize: false,
    rollupOptions: { input: { console: here('index.html'), signIn: here('sign-in.html') } },
  },
  plugins: [compression({ algorithms: ['brotliCompress', 'gzip'], threshold: 512, logLevel: 'silent' })],
});
