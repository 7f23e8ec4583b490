import type { ViteBuild } from '../shared/web/vite-build.ts';

/** The console's Vite build (`npm run build:ops`), served by order-api at /ops. */
export const OPS_CONSOLE_BUILD: ViteBuild = {
  name: 'the ops console',
  dist: 'dist/ops-console',
  configFile: 'services/ops-console/vite.config.ts',
  inputs: [
    'services/ops-console/src',
    'services/ops-console/public',
    'services/ops-console/index.html',
    'services/ops-console/sign-in.html',
    'services/ops-console/vite.config.ts',
  ],
  pages: ['index.html', 'sign-in.html'],
  script: 'build:ops',
};
