import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Vite from 'vite';

/**
 * Building the console on demand for `npm start`, as the storefront does (services/storefront/build.ts;
 * a service does not import another's internals, so the few lines are repeated rather than shared).
 */

/** The folder holding package.json, from the sources or from the bundle in dist/. */
export function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('package.json not found above the ops console code');
    dir = parent;
  }
  return dir;
}

/** Where `npm run build:ops` puts the console, and where order-api serves it from. */
export function opsConsoleDist(root = projectRoot()): string {
  return path.join(root, 'dist', 'ops-console');
}

/** What the bundle is made of. */
const INPUTS = [
  'services/ops-console/src',
  'services/ops-console/public',
  'services/ops-console/index.html',
  'services/ops-console/sign-in.html',
  'services/ops-console/vite.config.ts',
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

/** True when dist/ops-console exists and no source is newer than it (sources absent: a shipped build). */
export function isOpsConsoleCurrent(root = projectRoot(), dir = opsConsoleDist(root)): boolean {
  const pages = ['index.html', 'sign-in.html'].map((f) => path.join(dir, f));
  if (!pages.every((p) => fs.existsSync(p))) return false;
  const built = Math.min(...pages.map((p) => fs.statSync(p).mtimeMs));
  return INPUTS.every((input) => newestMtime(path.join(root, input)) <= built);
}

/**
 * Builds the console with Vite into a scratch folder and swaps it into place, so a server reading the
 * old build, or a second `npm start` building at the same moment, never sees half a build.
 * @throws when Vite is not installed (an install without dev dependencies), naming the command to run.
 */
export async function buildOpsConsole(root = projectRoot(), dir = opsConsoleDist(root)): Promise<void> {
  let vite: typeof Vite;
  try {
    vite = await import('vite');
  } catch {
    throw new Error(
      `The ops console is not built (${dir}) and Vite is not installed: run \`npm ci\` then \`npm run build:ops\`.`,
    );
  }
  const scratch = `${dir}.tmp-${process.pid}-${Date.now()}`;
  try {
    await vite.build({
      configFile: path.join(root, 'services/ops-console/vite.config.ts'),
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
