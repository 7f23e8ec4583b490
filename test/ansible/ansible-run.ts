import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { killOnExit } from '../helpers/child-processes.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ANSIBLE_DIR = path.join(REPO_ROOT, 'ansible');
export const PLAYBOOKS = ['bootstrap.yml', 'deploy.yml', 'rollback.yml', 'site.yml', 'render.yml'];

export interface HostRecap {
  ok: number;
  changed: number;
  unreachable: number;
  failed: number;
  skipped: number;
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** PLAY RECAP per host (ansible-playbook runs only). */
  recap: Record<string, HostRecap>;
}

/** The PLAY RECAP lines: `web-1 : ok=4 changed=0 unreachable=0 failed=0 skipped=5 …`. */
export function parseRecap(stdout: string): Record<string, HostRecap> {
  const recap: Record<string, HostRecap> = {};
  const section = stdout.split(/^PLAY RECAP \*+$/m)[1] ?? '';
  for (const line of section.split('\n')) {
    const m = /^(\S+)\s+:\s+(.*)$/.exec(line.trim());
    if (!m) continue;
    const counts = Object.fromEntries([...m[2]!.matchAll(/(\w+)=(\d+)/g)].map((c) => [c[1], Number(c[2])]));
    recap[m[1]!] = {
      ok: counts.ok ?? 0,
      changed: counts.changed ?? 0,
      unreachable: counts.unreachable ?? 0,
      failed: counts.failed ?? 0,
      skipped: counts.skipped ?? 0,
    };
  }
  return recap;
}

/** Runs a command without blocking the event loop (a request loop may run beside it). */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_FORCE_COLOR: '0', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    killOnExit(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, recap: parseRecap(stdout) }));
  });
}

/** `ansible-playbook` from ansible/, with the project's ansible.cfg. */
export function ansiblePlaybook(args: readonly string[]): Promise<CommandResult> {
  return run('ansible-playbook', args, {
    cwd: ANSIBLE_DIR,
    env: { ANSIBLE_CONFIG: path.join(ANSIBLE_DIR, 'ansible.cfg') },
  });
}

/** The render entry point exactly as a person runs it: `npm run render:onprem -- …`. */
export function renderOnprem(args: readonly string[]): Promise<CommandResult> {
  return run('npm', ['run', '--silent', 'render:onprem', '--', ...args]);
}

/** Sum of `changed` over every host of a recap. */
export function totalChanged(recap: Record<string, HostRecap>): number {
  return Object.values(recap).reduce((n, h) => n + h.changed, 0);
}

/** A failing run's output, trimmed to what explains it. */
export function explain(result: CommandResult): string {
  return `exit ${result.code}\n${result.stdout.slice(-6000)}\n${result.stderr.slice(-3000)}`;
}
