import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig as loadInfraConfig } from '../../infra/config/load.ts';
import { loadConfig } from '../../services/shared/config.ts';
import {
  ANSIBLE_DIR,
  REPO_ROOT,
  explain,
  renderOnprem,
  run,
  totalChanged,
  type CommandResult,
} from './ansible-run.ts';
import { schemaErrors, semanticProblems, validateDynamic, validateStatic } from './traefik-checks.ts';

const NODES = ['web-1', 'web-2', 'web-3'];
/** An Ansible run takes seconds on an idle machine, minutes on a busy one. */
const ANSIBLE_TIMEOUT = 600_000;

/** The parts of Traefik's and Compose's configuration the assertions read. */
interface TraefikStatic {
  entryPoints: Record<string, { http?: { redirections?: { entryPoint?: Record<string, unknown> } } }>;
  api: unknown;
  accessLog: { format?: string };
}
interface TraefikDynamic {
  http: {
    routers: Record<string, { rule: string; service: string; middlewares: string[] }>;
    services: Record<string, { loadBalancer: Record<string, unknown> & { servers: { url: string }[] } }>;
  };
}
interface ComposeService {
  image?: string;
  ports?: string[];
  healthcheck?: unknown;
  restart?: string;
  deploy?: { resources?: { limits?: { memory?: string } } };
}

function readEnvFile(file: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/** `npm run render:onprem` with the local inventory, run for real into a temporary root. */
describe('npm run render:onprem (the deploy roles, connection local, into a temporary root)', () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-render-'));
  const out = path.join(scratch, 'out');
  let first: CommandResult;

  beforeAll(async () => {
    first = await renderOnprem(['--out', out]);
    expect(first.code, explain(first)).toBe(0);
  }, ANSIBLE_TIMEOUT);
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  it('renders every file a host gets', () => {
    for (const file of [
      'traefik/traefik.yml',
      'traefik/dynamic.yml',
      'traefik/certs/oms.crt',
      'traefik/certs/oms.key',
      ...NODES.map((n) => `nginx/${n}.conf`),
      'compose/docker-compose.yml',
      'oms/oms.env',
      'oms/order-api.env',
      'oms/oms-consumer.env',
      'oms/migrate.env',
      'oms/mysql.env',
    ]) {
      expect(fs.existsSync(path.join(out, file)), file).toBe(true);
    }
    expect(totalChanged(first.recap)).toBeGreaterThan(0);
    expect(Object.keys(first.recap).sort()).toEqual(['oms-local', ...NODES]);
  });

  it('keeps secrets readable by the owner only', () => {
    for (const file of [
      'oms/oms.env',
      'oms/order-api.env',
      'oms/oms-consumer.env',
      'oms/migrate.env',
      'oms/mysql.env',
      'traefik/certs/oms.key',
    ]) {
      expect((fs.statSync(path.join(out, file)).mode & 0o777).toString(8), file).toBe('600');
    }
  });

  it("writes environments the services' own configuration accepts", () => {
    const common = readEnvFile(path.join(out, 'oms/oms.env'));
    const api = { ...common, ...readEnvFile(path.join(out, 'oms/order-api.env')) };
    const consumer = { ...common, ...readEnvFile(path.join(out, 'oms/oms-consumer.env')) };
    expect(common).toMatchObject({
      NODE_ENV: 'production',
      HOST: '0.0.0.0',
      DATABASE_URL: 'mysql://oms:CHANGE-ME-mysql-oms-password@mysql:3306/oms',
      AGENT_DATABASE_URL: 'mysql://oms_agent:CHANGE-ME-mysql-agent-password@mysql:3306/oms',
      CORS_ORIGINS: 'https://shop.localhost',
      EVENTHUB_CONSUMER_GROUP: 'oms',
    });
    expect(api.EVENTHUB_CONNECTION_STRING).toContain('SharedAccessKeyName=storefront-send');
    expect(consumer.EVENTHUB_CONNECTION_STRING).toContain('SharedAccessKeyName=oms-listen');
    expect(consumer.STORAGE_CONNECTION_STRING).toMatch(/^DefaultEndpointsProtocol=https;/);
    expect(readEnvFile(path.join(out, 'oms/migrate.env')).DATABASE_URL).toMatch(/^mysql:\/\/root:/);
    for (const env of [api, consumer]) {
      const config = loadConfig(env);
      expect(config.nodeEnv).toBe('production');
      expect(config.eventHub.name).toBe('orders');
    }
  });

  it('every rendered Nginx config passes nginx -t (container paths moved into the temporary root)', async () => {
    const runDir = path.join(scratch, 'nginx-run');
    fs.mkdirSync(runDir, { recursive: true });
    for (const node of NODES) {
      const conf = fs.readFileSync(path.join(out, 'nginx', `${node}.conf`), 'utf8');
      expect(conf).toContain(`add_header X-OMS-Node "${node}" always;`);
      // The container's /tmp (tmpfs) holds pid and temp files and its logs go to the container's
      // stdout/stderr; here they go to a directory of the test.
      const local = path.join(runDir, `${node}.conf`);
      const adjusted = conf
        .replaceAll(' /tmp/', ` ${runDir}/`)
        .replaceAll(' /dev/stdout', ` ${runDir}/access.log`)
        .replaceAll(' /dev/stderr', ` ${runDir}/error.log`);
      expect(adjusted.replaceAll(runDir, '')).not.toMatch(/ \/tmp\/| \/dev\//);
      fs.writeFileSync(local, adjusted);
      const result = await run('nginx', [
        '-t',
        '-q',
        '-e',
        path.join(runDir, 'error.log'),
        '-p',
        runDir,
        '-c',
        local,
      ]);
      expect(result.code, `${node}: ${result.stderr}`).toBe(0);
    }
    const broken = path.join(runDir, 'broken.conf');
    fs.writeFileSync(
      broken,
      fs.readFileSync(path.join(runDir, 'web-1.conf'), 'utf8').replace('proxy_pass', 'proxy_pas'),
    );
    const rejected = await run('nginx', [
      '-t',
      '-q',
      '-e',
      path.join(runDir, 'error.log'),
      '-p',
      runDir,
      '-c',
      broken,
    ]);
    expect(rejected.code).not.toBe(0);
    expect(rejected.stderr).toMatch(/unknown directive "proxy_pas"/);
  });

  it("Traefik's static and dynamic configs validate against Traefik's schemas and hang together", () => {
    const staticConfig: unknown = parseYaml(fs.readFileSync(path.join(out, 'traefik/traefik.yml'), 'utf8'));
    const dynamicConfig: unknown = parseYaml(fs.readFileSync(path.join(out, 'traefik/dynamic.yml'), 'utf8'));
    expect(schemaErrors(validateStatic, staticConfig)).toEqual([]);
    expect(schemaErrors(validateDynamic, dynamicConfig)).toEqual([]);
    expect(
      semanticProblems(staticConfig, dynamicConfig, {
        containerDir: '/etc/traefik/dynamic',
        hostDir: path.join(out, 'traefik'),
      }),
    ).toEqual([]);

    const s = staticConfig as TraefikStatic;
    expect(s.entryPoints.web?.http?.redirections?.entryPoint).toMatchObject({
      to: 'websecure',
      scheme: 'https',
    });
    expect(s.api).toEqual({ dashboard: true, insecure: false });
    expect(s.accessLog.format).toBe('json');
    const http = (dynamicConfig as TraefikDynamic).http;
    expect(http.services.web?.loadBalancer.servers.map((s) => s.url)).toEqual(
      NODES.map((n) => `http://oms-${n}:8080`),
    );
    expect(http.services.web?.loadBalancer.healthCheck).toMatchObject({ path: '/healthz', interval: '2s' });
    expect(http.routers.storefront?.middlewares).toEqual(
      expect.arrayContaining(['security-headers', 'rate-limit']),
    );
    expect(http.routers.api?.rule).toContain('PathPrefix(`/api`)');
    expect(http.routers.api?.middlewares).toContain('api-rate-limit');
    // The dashboard only from inside, with a password.
    expect(http.routers.dashboard).toMatchObject({ service: 'api@internal' });
    expect(http.routers.dashboard?.middlewares).toEqual(
      expect.arrayContaining(['internal-only', 'dashboard-auth']),
    );
  });

  it('the semantic check catches a router pointing at nothing (the check can fail)', () => {
    const dynamicConfig = parseYaml(
      fs.readFileSync(path.join(out, 'traefik/dynamic.yml'), 'utf8'),
    ) as TraefikDynamic;
    const api = dynamicConfig.http.routers.api!;
    api.service = 'web-typo';
    api.middlewares.push('no-such-middleware');
    const staticConfig: unknown = parseYaml(fs.readFileSync(path.join(out, 'traefik/traefik.yml'), 'utf8'));
    expect(semanticProblems(staticConfig, dynamicConfig, { containerDir: '/x', hostDir: '/x' })).toEqual(
      expect.arrayContaining([
        'router api: service "web-typo" is not defined',
        'router api: middleware "no-such-middleware" is not defined',
      ]),
    );
    dynamicConfig.http.services.web!.loadBalancer.serverz = [];
    expect(schemaErrors(validateDynamic, dynamicConfig).length).toBeGreaterThan(0);
  });

  it('the rendered Compose bundle is valid, pins the images the onprem stack pins, publishes no database port', async () => {
    const file = path.join(out, 'compose/docker-compose.yml');
    const lint = await run('npx', ['dclint', '--color=false', '--max-warnings', '0', file]);
    expect(lint.code, explain(lint)).toBe(0);
    const compose = parseYaml(fs.readFileSync(file, 'utf8')) as { services: Record<string, ComposeService> };
    expect(Object.keys(compose.services).sort()).toEqual(
      ['migrate', 'mysql', 'oms-consumer', 'order-api', 'traefik', ...NODES].sort(),
    );
    const infra = loadInfraConfig('dev').onprem;
    expect(compose.services.traefik?.image).toBe(infra.traefik.image);
    expect(compose.services.mysql?.image).toBe(infra.mysql.image);
    const published = Object.entries(compose.services).filter(([, s]) => s.ports);
    expect(published.map(([name]) => name)).toEqual(['traefik']);
    for (const [name, service] of Object.entries(compose.services)) {
      if (name !== 'migrate') expect(service.healthcheck, name).toBeDefined();
      if (name !== 'migrate') expect(service.restart, name).toBe('unless-stopped');
      if (name !== 'migrate') expect(service.deploy?.resources?.limits?.memory, name).toBeDefined();
    }
  });

  it('the committed compose/ bundle is what the roles render for the local inventory', () => {
    const committed = path.join(REPO_ROOT, 'compose');
    for (const file of [
      'traefik/traefik.yml',
      'traefik/dynamic.yml',
      ...NODES.map((n) => `nginx/${n}.conf`),
    ]) {
      expect(fs.readFileSync(path.join(committed, file), 'utf8'), file).toBe(
        fs.readFileSync(path.join(out, file), 'utf8'),
      );
    }
    // On a host the compose file sits in compose/ beside traefik/, nginx/ and oms/ (../); the committed
    // bundle keeps them beside it (./): `npm run render:onprem -- --out compose --layout compose`.
    const hostLayout = fs
      .readFileSync(path.join(out, 'compose/docker-compose.yml'), 'utf8')
      .replace(/(\s)\.\.\/(traefik|nginx|oms)\b/g, '$1./$2');
    expect(fs.readFileSync(path.join(committed, 'docker-compose.yml'), 'utf8')).toBe(hostLayout);
  });

  it(
    'is idempotent: a second run of the same play reports changed=0',
    async () => {
      const second = await renderOnprem(['--out', out]);
      expect(second.code, explain(second)).toBe(0);
      expect(second.recap, second.stdout.slice(-3000)).toEqual(
        Object.fromEntries(Object.entries(first.recap).map(([host, r]) => [host, { ...r, changed: 0 }])),
      );
    },
    ANSIBLE_TIMEOUT,
  );

  it(
    'refuses placeholder secrets with the production inventory',
    async () => {
      const result = await renderOnprem([
        '--out',
        path.join(scratch, 'prod'),
        '--inventory',
        path.join(ANSIBLE_DIR, 'inventories/production.example.yml'),
        '--',
        '-e',
        JSON.stringify({ oms_secrets_file: path.join(ANSIBLE_DIR, 'vault.example.yml') }),
      ]);
      expect(result.code).not.toBe(0);
      expect(result.stdout).toMatch(
        /vault_mysql_oms_password,[\s\S]*still holds the placeholder from vault\.example\.yml/,
      );
      expect(fs.existsSync(path.join(scratch, 'prod', 'oms', 'oms.env'))).toBe(false);
    },
    ANSIBLE_TIMEOUT,
  );
});
