import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderCommand } from '../../scripts/render-onprem.ts';
import {
  ANSIBLE_DIR,
  OnpremPathRefused,
  onpremPath,
  takeAnsibleInventory,
} from '../../scripts/onprem-path.ts';

describe('npm run deploy -- onprem --ansible-inventory: the whole on-prem path in one command', () => {
  it('takes the inventory out of the arguments meant for cdktf', () => {
    expect(
      takeAnsibleInventory([
        'onprem',
        '--env',
        'prod',
        '--ansible-inventory',
        'inv.yml',
        '--',
        '--auto-approve',
      ]),
    ).toEqual({
      inventory: 'inv.yml',
      argv: ['onprem', '--env', 'prod', '--', '--auto-approve'],
    });
    expect(takeAnsibleInventory(['onprem', '--ansible-inventory=inv.yml'])).toEqual({
      inventory: 'inv.yml',
      argv: ['onprem'],
    });
    expect(takeAnsibleInventory(['onprem', '--', '--ansible-inventory', 'x'])).toEqual({
      argv: ['onprem', '--', '--ansible-inventory', 'x'],
    });
    expect(() => takeAnsibleInventory(['onprem', '--ansible-inventory'])).toThrow(OnpremPathRefused);
  });

  it('runs bootstrap.yml before the onprem stack and deploy.yml after it, for the same environment', () => {
    const { before, after } = onpremPath(
      {
        command: 'deploy',
        stacks: ['onprem'],
        environment: 'prod',
        inventory: 'ansible/inventories/production.yml',
      },
      {},
      '/repo',
    );
    expect(before.map((s) => [s.command, ...s.args])).toEqual([
      ['ansible-playbook', '-i', '/repo/ansible/inventories/production.yml', 'bootstrap.yml'],
    ]);
    expect(after.map((s) => [s.command, ...s.args])).toEqual([
      [
        'ansible-playbook',
        '-i',
        '/repo/ansible/inventories/production.yml',
        'deploy.yml',
        '-e',
        '{"oms_environment":"prod"}',
      ],
    ]);
    for (const step of [...before, ...after]) {
      expect(step.cwd).toBe(ANSIBLE_DIR);
      expect(step.env.ANSIBLE_CONFIG).toBe(path.join(ANSIBLE_DIR, 'ansible.cfg'));
    }
  });

  it('refuses to chain Ansible around anything but deploying the onprem stack', () => {
    for (const wrong of [
      { command: 'deploy', stacks: ['cloud'] },
      { command: 'diff', stacks: ['onprem'] },
    ]) {
      expect(() => onpremPath({ ...wrong, environment: 'dev', inventory: 'x.yml' })).toThrow(
        /goes with `npm run deploy -- onprem`/,
      );
    }
  });

  it('render:onprem runs ansible/render.yml with the output directory as oms_root', () => {
    const run = renderCommand({ out: 'out', layout: 'compose' }, '/work');
    expect(run.cwd).toBe(ANSIBLE_DIR);
    expect([run.command, ...run.args]).toEqual([
      'ansible-playbook',
      '-i',
      '/work/ansible/inventories/local.yml',
      'render.yml',
      '-e',
      JSON.stringify({ oms_root: '/work/out', oms_compose_dir: '/work/out', oms_compose_config_dir: '.' }),
    ]);
    expect(() => renderCommand({ out: '' })).toThrow(/--out DIR is required/);
  });
});
