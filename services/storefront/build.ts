import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Vite from 'vite';

/** The folder holding package.json, from the sources or from the bundle in dist/. */
export function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('package.json not found above the storefront code');
    dir = parent;
  }
  return dir;
}

/** Where `npm run build` puts the storefront, and where order-api and the Nginx image take it from. */
export function storefrontDist(root = projectRoot()): string {
  return path.join(root, 'dist', 'storefront');
}

/** What the bundle is made of: its own sources and the shared modules it imports. */
const INPUTS = [
  'services/storefront/src',
  'services/storefront/public',
  'services/storefront/index.html',
  'services/storefront/vite.config.ts',
  'services/shared/domain',
  'services/shared/events',
];

function newestMtime(p: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(p).map((name) => newestMtime(path.join(p, name))));
}

/** True when dist/storefront exists and no source is newer than it (sources absent: a shipped build). */
export function isStorefrontCurrent(root = projectRoot(), dir = storefrontDist(root)): boolean {
  const index = path.join(dir, 'index.html');
  if (!fs.existsSync(index)) return false;
  const built = fs.statSync(index).mtimeMs;
  return INPUTS.every((input) => newestMtime(path.join(root, input)) <= built);
}

/**
 * Builds the storefront with Vite into a scratch folder and swaps it into place, so a server that is
 * reading the old build, or a second `npm start` building at the same moment, never sees half a build.
 * @throws when Vite is not installed (an install without dev dependencies), naming the command to run.
 */
export async function buildStorefront(root = projectRoot(), dir = storefrontDist(root)): Promise<void> {
  let vite: typeof Vite;
  try {
    vite = await import('vite');
  } catch {
    throw new Error(
      `The storefront is not built (${dir}) and Vite is not installed: run \`npm ci\` then \`npm run build:storefront\`.`,
    );
  }
  const scratch = `${dir}.tmp-${process.pid}-${Date.now()}`;
  try {
    await vite.build({
      configFile: path.join(root, 'services/storefront/vite.config.ts'),
      logLevel: 'warn',
      build: { outDir: scratch, emptyOutDir: true },
    });
    fs.rmSync(dir, { recursive: true, force: true });
    try {
      fs.renameSync(scratch, dir);
    } catch (err) {
      // Another process swapped its build in first: theirs is as good as ours.
      if (!fs.existsSync(path.join(dir, 'index.html'))) throw err;
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
