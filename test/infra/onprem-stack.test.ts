import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../infra/config/load.ts';
import { REQUIRED_LABEL_KEYS } from '../../infra/config/tags.ts';
import { configFor, parsed, resourcesOf, synthJson, testStacks } from './support/fixtures.ts';
import './support/matchers.ts';

interface Container {
  name: string;
  provider: string;
  image: string;
  ports?: { internal: number; external?: number; ip?: string }[];
  command?: string[];
  env?: string[];
  labels: { label: string; value: string }[];
  mounts?: { type: string; source: string; target: string }[];
  volumes?: { host_path: string; container_path: string; read_only: boolean }[];
  networks_advanced: { name: string; aliases: string[] }[];
  healthcheck: { test: string[] };
  [key: string]: unknown;
}

const hostsOf = {
  dev: { database: 'oms-dev-01', edge: ['oms-dev-01'], all: ['oms-dev-01'] },
  prod: { database: 'oms-db-01', edge: ['oms-edge-01'], all: ['oms-edge-01', 'oms-app-01', 'oms-db-01'] },
} as const;

describe.each(['dev', 'prod'] as const)('onprem stack (%s)', (env) => {
  const config = loadConfig(env);
  const hosts = hostsOf[env];
  const { onprem } = testStacks(config);
  const json = synthJson(onprem);
  const containers = resourcesOf(onprem, 'docker_container') as unknown as Container[];
  const mysql = containers.find((c) => c.name === 'oms-mysql');
  const traefik = containers.filter((c) => c.name === 'oms-traefik');

  it('declares one Docker provider alias per on-prem host, over ssh', () => {
    const providers = (parsed(onprem).provider as { docker: { alias: string; host: string }[] }).docker;
    expect(providers.map((p) => p.alias)).toEqual(hosts.all);
    for (const p of providers) expect(p.host).toMatch(/^ssh:\/\//);
    expect(json).toHaveProviderWithProperties('docker', {
      ssh_opts: ['-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes'],
    });
  });

  it('creates the oms network on every host', () => {
    const networks = resourcesOf(onprem, 'docker_network');
    expect(networks.map((n) => n.provider).sort()).toEqual(hosts.all.map((h) => `docker.${h}`).sort());
    for (const n of networks) expect(n).toMatchObject({ name: 'oms', driver: 'bridge' });
  });

  it('keeps MySQL data and Traefik certificates on named volumes', () => {
    expect(json).toHaveResourceWithProperties('docker_volume', {
      name: 'oms-mysql-data',
      provider: `docker.${hosts.database}`,
    });
    for (const edge of hosts.edge) {
      expect(json).toHaveResourceWithProperties('docker_volume', {
        name: 'oms-traefik-certs',
        provider: `docker.${edge}`,
      });
    }
    expect(mysql?.mounts).toEqual([
      {
        type: 'volume',
        source: expect.stringMatching(/^\$\{docker_volume\.mysql_data_\w+\.name\}$/),
        target: '/var/lib/mysql',
      },
    ]);
  });

  it('runs MySQL 8 from a pinned image, on the database host, with a health check', () => {
    expect(json).toHaveResourceWithProperties('docker_image', {
      name: expect.stringMatching(/^mysql:8\.\d+\.\d+$/),
      provider: `docker.${hosts.database}`,
    });
    expect(mysql).toMatchObject({
      provider: `docker.${hosts.database}`,
      restart: 'unless-stopped',
      image: expect.stringMatching(/^\$\{docker_image\.mysql_image_\w+\.image_id\}$/),
      healthcheck: { test: ['CMD', 'mysqladmin', 'ping', '-h', '127.0.0.1', '--silent'] },
      wait: true,
      networks_advanced: [{ name: expect.stringContaining('docker_network.'), aliases: ['mysql'] }],
    });
  });

  it('takes the MySQL credentials from sensitive variables only', () => {
    expect(mysql?.env).toEqual([
      'MYSQL_ROOT_PASSWORD=${var.mysql_root_password}',
      'MYSQL_DATABASE=oms',
      'MYSQL_USER=oms',
      'MYSQL_PASSWORD=${var.mysql_oms_password}',
    ]);
    const variables = parsed(onprem).variable ?? {};
    for (const name of ['mysql_root_password', 'mysql_oms_password']) {
      expect(variables[name]).toMatchObject({ type: 'string', sensitive: true, nullable: false });
    }
    expect(JSON.stringify(parsed(onprem))).not.toMatch(/MYSQL_(ROOT_)?PASSWORD=[^$]/);
  });

  it('runs Traefik v3 from a pinned image on every edge host, on ports 80 and 443', () => {
    expect(traefik.map((t) => t.provider)).toEqual(hosts.edge.map((h) => `docker.${h}`));
    expect(json).toHaveResourceWithProperties('docker_image', {
      name: expect.stringMatching(/^traefik:v3\.\d+\.\d+$/),
    });
    for (const t of traefik) {
      expect(t.ports?.map((p) => [p.internal, p.external])).toEqual([
        [80, 80],
        [443, 443],
      ]);
    }
  });

  it('mounts the file-provider directory read-only and keeps the dashboard private', () => {
    for (const t of traefik) {
      expect(t.volumes).toEqual([
        {
          host_path: config.onprem.traefik.dynamicConfigDir,
          container_path: '/etc/traefik/dynamic',
          read_only: true,
        },
      ]);
      expect(t.command).toEqual(
        expect.arrayContaining(['--providers.file.directory=/etc/traefik/dynamic', '--api.insecure=false']),
      );
      expect(t.ports?.some((p) => p.internal === 8080)).toBe(false);
      expect(t.healthcheck.test).toEqual(['CMD', 'traefik', 'healthcheck', '--ping']);
    }
  });

  it('labels every container, network and volume', () => {
    for (const type of ['docker_container', 'docker_network', 'docker_volume']) {
      for (const r of resourcesOf(onprem, type)) {
        const labels = (r.labels as { label: string; value: string }[]).map((l) => l.label);
        expect(labels).toEqual(expect.arrayContaining(REQUIRED_LABEL_KEYS));
      }
    }
  });

  it('leaves the application containers to Ansible', () => {
    expect(containers.map((c) => c.name).sort()).toEqual(
      ['oms-mysql', ...traefik.map(() => 'oms-traefik')].sort(),
    );
  });

  it('exports the topology for Ansible', () => {
    expect(parsed(onprem).output).toMatchObject({
      docker_network_name: { value: 'oms' },
      mysql_host: { value: hosts.database },
      mysql_database: { value: 'oms' },
      traefik_hosts: { value: hosts.edge },
      traefik_dynamic_config_dir: { value: '/etc/traefik/dynamic' },
    });
  });
});

describe('onprem stack: MySQL exposure', () => {
  it('stays on the oms network when every client shares the database host (dev)', () => {
    const { onprem } = testStacks(loadConfig('dev'));
    const mysql = resourcesOf(onprem, 'docker_container').find((c) => c.name === 'oms-mysql');
    expect(mysql).not.toHaveProperty('ports');
    expect(parsed(onprem).output).toMatchObject({ mysql_endpoint: { value: 'mysql:3306' } });
  });

  it('publishes 3306 only on the database host private address when app hosts are separate (prod)', () => {
    const { onprem } = testStacks(loadConfig('prod'));
    const mysql = resourcesOf(onprem, 'docker_container').find((c) => c.name === 'oms-mysql');
    expect(mysql?.ports).toEqual([{ internal: 3306, external: 3306, ip: '10.20.0.31', protocol: 'tcp' }]);
    expect(parsed(onprem).output).toMatchObject({ mysql_endpoint: { value: '10.20.0.31:3306' } });
  });

  it('protects the MySQL data volume from terraform destroy in prod only', () => {
    const volume = (env: 'dev' | 'prod') =>
      resourcesOf(testStacks(loadConfig(env)).onprem, 'docker_volume').find(
        (v) => v.name === 'oms-mysql-data',
      );
    expect(volume('prod')?.lifecycle).toEqual({ prevent_destroy: true });
    expect(volume('dev')).not.toHaveProperty('lifecycle');
  });

  it('places Traefik on each edge host of the configuration', () => {
    const config = configFor('prod', {
      onprem: {
        hosts: [
          { name: 'edge-a', url: 'ssh://deploy@edge-a.corp.internal', roles: ['edge'] },
          { name: 'edge-b', url: 'ssh://deploy@edge-b.corp.internal', roles: ['edge'] },
          { name: 'db', url: 'ssh://deploy@db.corp.internal', roles: ['database', 'app'] },
        ],
      },
    });
    const { onprem } = testStacks(config);
    const traefik = resourcesOf(onprem, 'docker_container').filter((c) => c.name === 'oms-traefik');
    expect(traefik.map((t) => t.provider)).toEqual(['docker.edge-a', 'docker.edge-b']);
  });
});
