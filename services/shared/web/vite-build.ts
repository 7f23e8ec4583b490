import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Vite from 'vite';
import type { Logger } from '../logger.ts';

/** The folder holding package.json, from the sources or from the bundle in dist/. */
export function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${dir}`);
    dir = parent;
  }
  return dir;
}

/** One browser bundle built by Vite (the storefront, the ops console), paths relative to the project root. */
export interface ViteBuild {
  /** For messages: "the storefront". */
  name: string;
  /** Where the build goes and is served from, e.g. dist/storefront. */
  dist: string;
  configFile: string;
  /** Its sources, including shared modules it imports: any newer than the build makes it stale. */
  inputs: readonly string[];
  /** The HTML pages every complete build has. */
  pages: readonly string[];
  /** The npm script that builds it, named in errors. */
  script: string;
}

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

export const buildDir = (build: ViteBuild, root = projectRoot()) => path.join(root, build.dist);

export function isBuilt(build: ViteBuild, dir: string): boolean {
  return build.pages.every((page) => fs.existsSync(path.join(dir, page)));
}

/** True when the build exists and no source is newer than it (sources absent: a shipped build). */
export function isBuildCurrent(build: ViteBuild, root = projectRoot(), dir = buildDir(build, root)): boolean {
  if (!isBuilt(build, dir)) return false;
  const built = Math.min(...build.pages.map((page) => fs.statSync(path.join(dir, page)).mtimeMs));
  return build.inputs.every((input) => newestMtime(path.join(root, input)) <= built);
}

/**
 * Builds with Vite into a scratch folder and swaps it into place, so a server that is reading the old
 * build, or a second `npm start` building at the same moment, never sees half a build.
 * @throws when Vite is not installed (an install without dev dependencies), naming the command to run.
 */
export async function viteBuild(
  build: ViteBuild,
  root = projectRoot(),
  dir = buildDir(build, root),
): Promise<void> {
  let vite: typeof Vite;
  try {
    vite = await import('vite');
  } catch {
    throw new Error(
      `${build.name} is not built (${dir}) and Vite is not installed: run \`npm ci\` then \`npm run ${build.script}\`.`,
    );
  }
  const scratch = `${dir}.tmp-${process.pid}-${Date.now()}`;
  try {
    await vite.build({
      configFile: path.join(root, build.configFile),
      logLevel: 'warn',
      build: { outDir: scratch, emptyOutDir: true },
    });
    fs.rmSync(dir, { recursive: true, force: true });
    try {
      fs.renameSync(scratch, dir);
    } catch (err) {
      // Another process swapped its build in first: theirs is as good as ours.
      if (!isBuilt(build, dir)) throw err;
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * For `npm start`: builds when the build is missing or older than its sources (a fresh clone after
 * `npm ci`, or after an edit). A failed rebuild keeps the previous build; with none at all the answer
 * says why, so the caller can serve the API alone and tell the user how to build.
 */
export async function ensureBuilt(
  build: ViteBuild,
  logger: Logger,
): Promise<{ ok: true; dir: string } | { ok: false; message: string }> {
  const root = projectRoot();
  const dir = buildDir(build, root);
  try {
    if (!isBuildCurrent(build, root, dir)) {
      const started = Date.now();
      logger.info(`building ${build.name} into ${build.dist} (npm run ${build.script})`);
      await viteBuild(build, root, dir);
      logger.info({ ms: Date.now() - started }, `${build.name} built`);
    }
  } catch (err) {
    if (!isBuilt(build, dir)) {
      logger.error({ err }, `${build.name} could not be built`);
      return { ok: false, message: err instanceof Error ? err.message : String(err) };
    }
    logger.warn({ err }, `${build.name} could not be rebuilt; serving the previous build`);
  }
  return { ok: true, dir };
}
