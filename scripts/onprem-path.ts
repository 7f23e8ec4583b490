/**
 * The whole on-prem path in one command (docs/deploying.md, "Who does what"):
 *
 *   npm run deploy -- onprem --env prod --ansible-inventory ansible/inventories/production.yml
 *
 * runs Ansible's bootstrap.yml (hosts: users, SSH, firewall, Docker), then the `onprem` stack (network,
 * volumes, MySQL, Traefik), then Ansible's deploy.yml (configuration and application). Without
 * --ansible-inventory, `npm run deploy` runs the stack alone; each playbook also runs alone.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ANSIBLE_DIR = path.join(REPO_ROOT, 'ansible');
const FLAG = '--ansible-inventory';

/** A wrong combination of arguments; deploy.ts prints the message and exits 2. */
export class OnpremPathRefused extends Error {
  override readonly name = 'OnpremPathRefused';
}

export interface Step {
  readonly title: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Removes `--ansible-inventory FILE` (before any `--`) from the arguments meant for cdktf. */
export function takeAnsibleInventory(argv: readonly string[]): { inventory?: string; argv: string[] } {
  const separator = argv.indexOf('--');
  const own = separator === -1 ? [...argv] : argv.slice(0, separator);
  const rest = separator === -1 ? [] : argv.slice(separator);
  const at = own.findIndex((a) => a === FLAG || a.startsWith(`${FLAG}=`));
  if (at === -1) return { argv: [...own, ...rest] };
  const inline = own[at]!.includes('=') ? own[at]!.slice(FLAG.length + 1) : undefined;
  const inventory = inline ?? own[at + 1];
  if (!inventory || inventory.startsWith('-')) throw new OnpremPathRefused(`${FLAG} needs an inventory file`);
  own.splice(at, inline === undefined ? 2 : 1);
  return { inventory, argv: [...own, ...rest] };
}

/** The playbooks around `cdktf deploy onprem`: bootstrap before, deploy after. */
export function onpremPath(
  options: { command: string; stacks: readonly string[]; environment: string; inventory: string },
  env: Readonly<Record<string, string | undefined>> = process.env,
  cwd = process.cwd(),
): { before: Step[]; after: Step[] } {
  if (options.command !== 'deploy' || !options.stacks.includes('onprem')) {
    throw new OnpremPathRefused(
      `${FLAG} goes with \`npm run deploy -- onprem\`: it chains Ansible around the onprem stack`,
    );
  }
  const inventory = path.resolve(cwd, options.inventory);
  const step = (title: string, playbook: string, extra: string[]): Step => ({
    title,
    command: 'ansible-playbook',
    args: ['-i', inventory, playbook, ...extra],
    cwd: ANSIBLE_DIR,
    env: { ...env, ANSIBLE_CONFIG: path.join(ANSIBLE_DIR, 'ansible.cfg') },
  });
  return {
    before: [step('Ansible: prepare the hosts', 'bootstrap.yml', [])],
    after: [
      step('Ansible: configuration and application', 'deploy.yml', [
        '-e',
        JSON.stringify({ oms_environment: options.environment }),
      ]),
    ],
  };
}
