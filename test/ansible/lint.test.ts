import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ANSIBLE_DIR, PLAYBOOKS, REPO_ROOT, explain, run } from './ansible-run.ts';
import { MUST_IGNORE, lintDockerfile } from './dockerfile-rules.ts';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-lint-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('Ansible lint and syntax', () => {
  it('ansible-lint passes with the production profile', async () => {
    const result = await run('ansible-lint', ['--nocolor'], { cwd: ANSIBLE_DIR });
    expect(result.code, explain(result)).toBe(0);
    expect(result.stdout + result.stderr).toMatch(
      /Passed with production profile: 0 failure\(s\), 0 warning\(s\)/,
    );
  });

  it('every playbook passes ansible-playbook --syntax-check, with both inventories', async () => {
    for (const inventory of ['inventories/local.yml', 'inventories/production.example.yml']) {
      const result = await run('ansible-playbook', ['--syntax-check', '-i', inventory, ...PLAYBOOKS], {
        cwd: ANSIBLE_DIR,
      });
      expect(result.code, explain(result)).toBe(0);
      for (const playbook of PLAYBOOKS) expect(result.stdout).toContain(`playbook: ${playbook}`);
    }
  });

  it('roles are laid out as community roles: defaults, tasks, meta and a README each', () => {
    const roles = fs.readdirSync(path.join(ANSIBLE_DIR, 'roles'));
    expect(roles.sort()).toEqual(['common', 'deploy_inputs', 'docker', 'oms', 'traefik', 'web']);
    for (const role of roles) {
      for (const part of ['defaults/main.yml', 'tasks/main.yml', 'meta/main.yml', 'README.md']) {
        expect(fs.existsSync(path.join(ANSIBLE_DIR, 'roles', role, part)), `${role}/${part}`).toBe(true);
      }
    }
  });

  it('keeps secrets out of git: only the example vault, with placeholders', async () => {
    const vault = fs.readFileSync(path.join(ANSIBLE_DIR, 'vault.example.yml'), 'utf8');
    const values = [...vault.matchAll(/^vault_\w+:\s*(.+)$/gm)].map((m) => m[1]!);
    expect(values.length).toBeGreaterThan(8);
    for (const value of values.filter((v) => !['|', '>-'].includes(v.trim())))
      expect(value).toMatch(/CHANGE-ME/);
    const ignored = await run('git', ['check-ignore', 'ansible/vault.yml', 'compose/oms/oms.env']);
    expect(ignored.stdout.trim().split('\n')).toEqual(['ansible/vault.yml', 'compose/oms/oms.env']);
  });
});

describe('Compose files against the Compose Specification (dclint)', () => {
  const dclint = (files: string[]) =>
    run('npx', ['dclint', '--color=false', '--max-warnings', '0', ...files]);

  it('the committed single-host and dev Compose files are valid and clean', async () => {
    const result = await dclint(['compose/docker-compose.yml', 'compose/docker-compose.dev.yml']);
    expect(result.code, explain(result)).toBe(0);
    expect(result.stdout).not.toMatch(/error|warning/);
  });

  it('rejects a Compose file the specification does not allow (the check can fail)', async () => {
    const bad = path.join(scratch, 'docker-compose.yml');
    fs.writeFileSync(
      bad,
      'services:\n  web:\n    image: nginx:1.28.0\n    restart: sometimes\n    portz: ["80"]\n',
    );
    const result = await dclint([bad]);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toMatch(/invalid-schema/);
    expect(result.stdout).toContain('/services/web');
  });
});

describe('Dockerfiles', () => {
  const dockerfiles = ['Dockerfile', 'services/storefront/Dockerfile'];

  it.each(dockerfiles)('%s passes the validator and the project rules', (file) => {
    expect(lintDockerfile(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'))).toEqual([]);
  });

  it('the rules catch an unpinned, single-stage, root image without a health check', () => {
    const problems = lintDockerfile(
      'FROM node:latest\nRUN apt-get install -y git\nRUN npm install\nCOPY dist/main.js.map dist/\nCMD ["node"]\n',
    );
    expect(problems.join('\n')).toMatch(/not multi-stage/);
    expect(problems.join('\n')).toMatch(/node:latest is not pinned/);
    expect(problems.join('\n')).toMatch(/runs as root/);
    expect(problems.join('\n')).toMatch(/no HEALTHCHECK/);
    expect(problems.join('\n')).toMatch(/no-install-recommends/);
    expect(problems.join('\n')).toMatch(/npm install instead of npm ci/);
    expect(problems.join('\n')).toMatch(/source maps/);
  });

  it('.dockerignore keeps dependencies, build output, state and secrets out of the context', () => {
    const ignored = fs.readFileSync(path.join(REPO_ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const pattern of MUST_IGNORE) expect(ignored).toContain(pattern);
  });
});
