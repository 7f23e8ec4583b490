import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startOms,
  startPipelineEnv,
  waitFor,
  type ChildService,
  type PipelineEnv,
} from '../helpers/pipeline-env.ts';
import { freePort } from '../helpers/ports.ts';
import { startStandInLb, type StandInLb } from '../helpers/stand-in-lb.ts';
import { ANSIBLE_DIR, REPO_ROOT, ansiblePlaybook, explain, run, type CommandResult } from './ansible-run.ts';

const NODES = ['web-1', 'web-2', 'web-3'] as const;
/** An Ansible run takes seconds on an idle machine, minutes on a busy one. */
const ANSIBLE_TIMEOUT = 600_000;
const STOREFRONT = path.join(REPO_ROOT, 'dist', 'storefront');

/** The real storefront build (issue 9), built when missing. */
async function storefrontBuild(): Promise<string> {
  if (!fs.existsSync(path.join(STOREFRONT, 'index.html'))) {
    const built = await run('npm', ['run', '--silent', 'build:storefront']);
    if (built.code !== 0) throw new Error(`npm run build:storefront failed:\n${explain(built)}`);
  }
  return STOREFRONT;
}

/** The ops console's build, which order-api (`oms api`) serves at /ops only when it exists. */
async function opsConsoleBuild(): Promise<void> {
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'ops-console', 'index.html'))) {
    const built = await run('npm', ['run', '--silent', 'build:ops']);
    if (built.code !== 0) throw new Error(`npm run build:ops failed:\n${explain(built)}`);
  }
}

/** A release's build where the web role expects it (<oms_root>/storefront/<release>), with a marker. */
function unpackRelease(root: string, release: string): string {
  const dir = path.join(root, 'storefront', release);
  fs.cpSync(STOREFRONT, dir, { recursive: true });
  const index = path.join(dir, 'index.html');
  const html = fs
    .readFileSync(index, 'utf8')
    .replace('<head>', `<head><meta name="oms-release" content="${release}">`);
  fs.writeFileSync(index, html);
  fs.writeFileSync(`${index}.gz`, gzipSync(html));
  fs.rmSync(`${index}.br`, { force: true });
  return html;
}

interface LoopReport {
  statuses: Record<number, number>;
  errors: string[];
  nodes: Set<string>;
  requests: number;
}

/**
 * GETs through the load balancer from `workers` clients until `until` settles (bounded by `maxRequests`
 * and `maxMs`), recording every status and every request that failed outright.
 */
async function requestLoop(
  url: string,
  until: Promise<unknown>,
  options: { workers?: number; maxRequests?: number; maxMs?: number; pauseMs?: number } = {},
): Promise<LoopReport> {
  const report: LoopReport = { statuses: {}, errors: [], nodes: new Set(), requests: 0 };
  let done = false;
  void until.finally(() => (done = true));
  const deadline = Date.now() + (options.maxMs ?? 540_000);
  const max = options.maxRequests ?? 20_000;
  const paths = ['/', '/', '/products', '/api/products'];
  async function worker(): Promise<void> {
    while (!done && report.requests < max && Date.now() < deadline) {
      // A steady trickle, not a load test: the machine also runs Ansible and the pipeline.
      await new Promise((r) => setTimeout(r, options.pauseMs ?? 20));
      const target = paths[report.requests % paths.length]!;
      report.requests += 1;
      try {
        const res = await fetch(url + target, { signal: AbortSignal.timeout(10_000) });
        await res.arrayBuffer();
        report.statuses[res.status] = (report.statuses[res.status] ?? 0) + 1;
        const node = res.headers.get('x-oms-node');
        if (node) report.nodes.add(node);
      } catch (error) {
        report.errors.push(`${target}: ${(error as Error).message}`);
      }
    }
  }
  await Promise.all(Array.from({ length: options.workers ?? 3 }, worker));
  return report;
}

const fiveHundreds = (r: LoopReport) =>
  Object.entries(r.statuses)
    .filter(([status]) => Number(status) >= 500)
    .reduce((n, [, count]) => n + count, 0);

describe('Ansible topology: three Nginx web nodes and order-api behind a stand-in load balancer (no Traefik binary here)', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-topology-'));
  const inventory = path.join(root, 'inventory.yml');
  const pidFile = (node: string) => path.join(root, 'run', node, 'nginx.pid');
  const confFile = (node: string) => path.join(root, 'nginx', `${node}.conf`);
  const pidOf = (node: string) => Number(fs.readFileSync(pidFile(node), 'utf8').trim());
  const deployWeb = (tags: string, extra: Record<string, string> = {}) =>
    ansiblePlaybook(['-i', inventory, 'deploy.yml', '--tags', tags, '-e', JSON.stringify(extra)]);

  let env: PipelineEnv;
  let api: ChildService;
  let consumer: ChildService;
  let lb: StandInLb;
  let releaseOneHtml: string;
  let releaseTwoHtml: string;
  const ports: Record<string, number> = {};

  function stopNodes(): void {
    for (const node of NODES) {
      try {
        process.kill(pidOf(node), 'SIGTERM');
      } catch {
        // not running
      }
    }
  }
  // Ansible starts the nodes as daemons, outside this process's children: stop them however we exit.
  process.once('exit', stopNodes);

  beforeAll(async () => {
    // Nginx's workers run as nobody and must read the build and the configuration.
    fs.chmodSync(root, 0o755);
    await storefrontBuild();
    await opsConsoleBuild();
    releaseOneHtml = unpackRelease(root, 'test-1');
    releaseTwoHtml = unpackRelease(root, 'test-2');

    env = await startPipelineEnv();
    api = await startOms(['api'], env.env);
    consumer = await startOms(['consumer'], env.env);
    for (const node of NODES) ports[node] = await freePort();

    fs.writeFileSync(
      inventory,
      stringify({
        all: {
          vars: {
            ansible_connection: 'local',
            ansible_python_interpreter: '{{ ansible_playbook_python }}',
            oms_environment: 'test',
            oms_root: root,
            oms_release: 'test-1',
            oms_public_host: 'shop.test',
            oms_secrets_file: path.join(ANSIBLE_DIR, 'vault.example.yml'),
            oms_allow_placeholder_secrets: true,
            web_runtime: 'process',
            web_listen_address: '127.0.0.1',
            web_api_upstream: `http://127.0.0.1:${api.port}`,
            web_drain_seconds: 1,
            web_health_delay: 1,
            traefik_health_interval: '1s',
          },
          children: {
            docker_hosts: { hosts: { 'oms-local': {} } },
            edge: { hosts: { 'oms-local': {} } },
            app: { hosts: { 'oms-local': {} } },
            db: { hosts: { 'oms-local': {} } },
            web: {
              hosts: Object.fromEntries(
                NODES.map((n) => [
                  n,
                  { web_listen_port: ports[n], web_backend_url: `http://127.0.0.1:${ports[n]}` },
                ]),
              ),
            },
          },
        },
      }),
    );
    // The first rollout: Traefik's configuration on the edge, then each node started and put in.
    const first = await deployWeb('edge,web');
    expect(first.code, explain(first)).toBe(0);
    lb = await startStandInLb({ dynamicConfigFile: path.join(root, 'traefik', 'dynamic.yml') });
    await lb.waitForHealthy((healthy) => healthy.length === 3);
  }, ANSIBLE_TIMEOUT);

  afterAll(async () => {
    await lb?.close();
    stopNodes();
    await api?.stop();
    await consumer?.stop();
    await env?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('runs each node with its rendered configuration (nginx -t) on its own loopback port', async () => {
    for (const node of NODES) {
      const check = await run('nginx', [
        '-t',
        '-q',
        '-e',
        path.join(root, 'run', node, 'error.log'),
        '-c',
        confFile(node),
      ]);
      expect(check.code, check.stderr).toBe(0);
      expect(fs.readFileSync(confFile(node), 'utf8')).toContain(
        `listen 127.0.0.1:${ports[node]} default_server;`,
      );
      const health = await fetch(`http://127.0.0.1:${ports[node]}/healthz`);
      expect(health.status).toBe(200);
      expect(health.headers.get('x-oms-node')).toBe(node);
    }
    expect(lb.servers()).toEqual(NODES.map((n) => `http://127.0.0.1:${ports[n]}`));
  });

  it('serves the storefront from all three nodes through the stand-in load balancer', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 9; i++) {
      const res = await fetch(`${lb.url}/`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(releaseOneHtml);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      seen.add(res.headers.get('x-oms-node') ?? '');
    }
    expect([...seen].sort()).toEqual([...NODES]);

    // A client-side route gets the page; a hashed asset is immutable and comes precompressed.
    const page = await fetch(`${lb.url}/products`);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(releaseOneHtml);
    const asset = /\/assets\/[\w.-]+\.js/.exec(releaseOneHtml)![0];
    const js = await fetch(`${lb.url}${asset}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('content-encoding')).toBe('gzip');
    expect(js.headers.get('content-type')).toMatch(/javascript/);
  });

  it('the web nodes pass the ops console (/ops and its assets) to order-api, which asks for a sign-in', async () => {
    const page = await fetch(`${lb.url}/ops`);
    const html = await page.text();
    expect(page.status).toBe(401);
    expect(page.headers.get('x-oms-node')).toMatch(/^web-[123]$/);
    expect(html).not.toBe(releaseOneHtml);
    const script = /\/ops\/assets\/[\w.-]+\.js/.exec(html)?.[0];
    expect(script, html).toBeDefined();
    const asset = await fetch(`${lb.url}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toMatch(/immutable/);
  });

  it('an order placed through the load balancer and the web nodes reaches "confirmed"', async () => {
    const { products } = (await (await fetch(`${lb.url}/api/products`)).json()) as {
      products: { sku: string; available?: number }[];
    };
    const sku = products[0]!.sku;
    const res = await fetch(`${lb.url}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `topology-${Date.now()}` },
      body: JSON.stringify({
        customer: { email: 'ada@example.com', fullName: 'Ada Lovelace', country: 'DE', city: 'Berlin' },
        items: [{ sku, quantity: 1 }],
        shippingAddress: { line1: 'Main St 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
        payment: { method: 'card', token: 'tok_visa' },
      }),
    });
    expect(res.status, await res.clone().text()).toBe(202);
    expect(res.headers.get('x-oms-node')).toMatch(/^web-[123]$/);
    const { orderId, orderToken } = (await res.json()) as { orderId: string; orderToken: string };
    let status = '';
    await waitFor(
      async () => {
        const read = await fetch(`${lb.url}/api/orders/${orderId}`, {
          headers: { 'x-order-token': orderToken },
        });
        status =
          read.status === 200 ? ((await read.json()) as { status: string }).status : `HTTP ${read.status}`;
        return status === 'confirmed';
      },
      30_000,
      `order ${orderId} confirmed (last: ${status})`,
    );
  });

  it('keeps serving with no failed request while a node is stopped', async () => {
    const stopped = new Promise<void>((resolve) => setTimeout(resolve, 4_000));
    const loop = requestLoop(lb.url, stopped);
    await new Promise((r) => setTimeout(r, 500));
    const stop = await run('nginx', [
      '-e',
      path.join(root, 'run', 'web-2', 'error.log'),
      '-c',
      confFile('web-2'),
      '-s',
      'stop',
    ]);
    expect(stop.code, stop.stderr).toBe(0);
    const report = await loop;
    expect(report.errors).toEqual([]);
    expect(fiveHundreds(report)).toBe(0);
    expect(report.requests).toBeGreaterThan(20);
    await lb.waitForHealthy((healthy) => healthy.length === 2, 10_000);
    const after = await requestLoop(lb.url, new Promise((r) => setTimeout(r, 1_000)));
    expect([...after.nodes].sort()).toEqual(['web-1', 'web-3']);
    expect(after.errors).toEqual([]);
  });

  it(
    'rolls the nodes to a new release one at a time while a bounded request loop sees no 5xx',
    async () => {
      const before = Object.fromEntries(NODES.filter((n) => n !== 'web-2').map((n) => [n, pidOf(n)]));
      const changesBefore = lb.changes.length;
      let rollout!: Promise<CommandResult>;
      const started = Date.now();
      const report = await requestLoop(lb.url, (rollout = deployWeb('web', { oms_release: 'test-2' })));
      const result = await rollout;
      expect(result.code, explain(result)).toBe(0);
      const seconds = (Date.now() - started) / 1000;

      expect(report.errors).toEqual([]);
      expect(fiveHundreds(report), JSON.stringify(report.statuses)).toBe(0);
      expect(report.requests).toBeGreaterThan(50);

      // Out and back in, one node at a time, in inventory order; never fewer than two servers listed.
      // web-2, stopped by the previous test, is out of rotation already (health check): it is started
      // without rewriting the configuration.
      const changes = lb.changes.slice(changesBefore).map((c) => c.servers);
      const missing = changes.map((servers) =>
        NODES.filter((n) => !servers.includes(`http://127.0.0.1:${ports[n]}`)),
      );
      expect(missing, JSON.stringify(changes)).toEqual([['web-1'], [], ['web-3'], []]);

      // Every node was replaced and now serves the new release's build.
      for (const node of NODES) {
        expect(result.recap[node]!.changed, node).toBeGreaterThan(0);
        if (before[node]) expect(pidOf(node), node).not.toBe(before[node]);
      }
      await lb.waitForHealthy((healthy) => healthy.length === 3, 10_000);
      const served = new Map<string, string>();
      for (let i = 0; i < 9; i++) {
        const res = await fetch(`${lb.url}/`);
        served.set(
          res.headers.get('x-oms-node') ?? '',
          `${res.headers.get('x-oms-release')} ${(await res.text()) === releaseTwoHtml}`,
        );
      }
      expect(Object.fromEntries(served)).toEqual(Object.fromEntries(NODES.map((n) => [n, 'test-2 true'])));
      console.info(
        `rolling update of 3 nodes: ${seconds.toFixed(1)} s, ${report.requests} requests, statuses ${JSON.stringify(report.statuses)}`,
      );
    },
    ANSIBLE_TIMEOUT,
  );

  it(
    'a second rollout of the same release changes nothing and takes no node out',
    async () => {
      const changesBefore = lb.changes.length;
      const again = await deployWeb('web', { oms_release: 'test-2' });
      expect(again.code, explain(again)).toBe(0);
      for (const node of NODES) expect(again.recap[node]!.changed, node).toBe(0);
      expect(lb.changes.length).toBe(changesBefore);
    },
    ANSIBLE_TIMEOUT,
  );
});
