/**
 * `npm run render:onprem -- --out DIR [--inventory FILE] [--layout host|compose] [-- ansible-playbook args]`
 *
 * Runs the deploy roles' templating for real (ansible/render.yml, connection local) into DIR, without
 * touching a host: DIR/traefik/{traefik,dynamic}.yml, DIR/nginx/<node>.conf, DIR/oms/*.env and
 * DIR/compose/docker-compose.yml, laid out as on a host under oms_root. `--layout compose` puts the
 * compose file at DIR/docker-compose.yml instead, mounting ./traefik, ./nginx and ./oms (how the
 * committed compose/ directory is produced).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ANSIBLE_DIR = path.join(REPO_ROOT, 'ansible');

const Options = z.object({
  out: z.string().min(1, '--out DIR is required'),
  inventory: z.string().min(1).default('ansible/inventories/local.yml'),
  layout: z.enum(['host', 'compose']).default('host'),
});

export type RenderOptions = z.input<typeof Options> & { extraArgs?: readonly string[] };

/** The ansible-playbook invocation for a render; pure, so the test suite can show what it runs. */
export function renderCommand(options: RenderOptions, cwd = process.cwd()) {
  const parsed = Options.parse(options);
  const out = path.resolve(cwd, parsed.out);
  const extraVars: Record<string, string> = { oms_root: out };
  if (parsed.layout === 'compose') {
    extraVars.oms_compose_dir = out;
    extraVars.oms_compose_config_dir = '.';
  }
  return {
    out,
    command: 'ansible-playbook',
    args: [
      '-i',
      path.resolve(cwd, parsed.inventory),
      'render.yml',
      '-e',
      JSON.stringify(extraVars),
      ...(options.extraArgs ?? []),
    ],
    cwd: ANSIBLE_DIR,
    env: { ...process.env, ANSIBLE_CONFIG: path.join(ANSIBLE_DIR, 'ansible.cfg'), ANSIBLE_NOCOLOR: '1' },
  };
}

function main(argv: string[]): number {
  const separator = argv.indexOf('--');
  const own = separator === -1 ? argv : argv.slice(0, separator);
  const { values } = parseArgs({
    args: own,
    options: {
      out: { type: 'string' },
      inventory: { type: 'string' },
      layout: { type: 'string' },
    },
    strict: true,
  });
  const result = Options.safeParse(values);
  if (!result.success) {
    for (const issue of result.error.issues)
      console.error(`render:onprem: ${issue.path.join('.')}: ${issue.message}`);
    console.error('usage: npm run render:onprem -- --out DIR [--inventory FILE] [--layout host|compose]');
    return 2;
  }
  const run = renderCommand({
    ...result.data,
    extraArgs: separator === -1 ? [] : argv.slice(separator + 1),
  });
  mkdirSync(run.out, { recursive: true });
  const child = spawnSync(run.command, run.args, { cwd: run.cwd, env: run.env, stdio: 'inherit' });
  if (child.error) {
    console.error(
      `render:onprem: cannot run ansible-playbook (${child.error.message}); install Ansible (README)`,
    );
    return 1;
  }
  return child.status ?? 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
