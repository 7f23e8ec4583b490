import type { ViteBuild } from '../shared/web/vite-build.ts';

/** The storefront's Vite build (`npm run build:storefront`): its sources and the shared modules it imports. */
export const STOREFRONT_BUILD: ViteBuild = {
  name: 'the storefront',
  dist: 'dist/storefront',
  configFile: 'services/storefront/vite.config.ts',
  inputs: [
    'services/storefront/src',
    'services/storefront/public',
    'services/storefront/index.html',
    'services/storefront/vite.config.ts',
    'services/shared/domain',
    'services/shared/events',
  ],
  pages: ['index.html'],
  script: 'build:storefront',
};
