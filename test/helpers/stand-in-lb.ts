import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * A stand-in for Traefik in the Ansible topology test (there is no Traefik binary on this machine): an
 * HTTP load balancer that takes its servers, health check and retries from the *rendered* Traefik dynamic
 * configuration file, and re-reads that file whenever it changes, the way Traefik's file provider does.
 * So when Ansible's rolling update rewrites dynamic.yml without a node, the node leaves the rotation.
 *
 * What it mirrors of Traefik: round robin over the servers of one service; active health checks
 * (GET `healthCheck.path` every `interval`, healthy on 2xx/3xx within `timeout`); the `retry`
 * middleware of the routers using the service (a request whose server did not answer is tried on the
 * next server it has not tried, up to `attempts` tries: Traefik's retry asks the round robin again,
 * which moves on to the next server); 503 when no server is available; X-Forwarded-* headers.
 * What it does not: routing rules, TLS, the other middlewares.
 */

export interface StandInLbOptions {
  /** The rendered Traefik dynamic configuration (file provider). */
  dynamicConfigFile: string;
  /** The service whose servers to balance. */
  service?: string;
}

interface BackendConfig {
  servers: string[];
  healthPath: string;
  healthIntervalMs: number;
  healthTimeoutMs: number;
  attempts: number;
}

export interface ConfigChange {
  at: number;
  servers: string[];
}

export interface StandInLb {
  url: string;
  /** Servers currently in the configuration. */
  servers(): string[];
  /** Servers in the configuration that pass their health check. */
  healthyServers(): string[];
  /** Every server list read from the file, in order. */
  changes: ConfigChange[];
  /** Requests answered by each server, and requests that failed at the balancer. */
  stats(): { perServer: Record<string, number>; failures: number; retries: number };
  /** Resolves once `predicate` holds for the healthy servers (polled), or rejects after `timeoutMs`. */
  waitForHealthy(predicate: (healthy: string[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

function durationMs(value: unknown, fallback: number): number {
  if (typeof value === 'number') return value * 1000;
  if (typeof value !== 'string') return fallback;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(value.trim());
  if (!m) return fallback;
  const n = Number(m[1]);
  return m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : n * 60_000;
}

type Dict = Record<string, unknown>;
const dict = (v: unknown): Dict => (v && typeof v === 'object' ? (v as Dict) : {});

/** Reads the service's servers and the settings that shape balancing from a Traefik dynamic config. */
export function readBackendConfig(file: string, service: string): BackendConfig {
  const http = dict(dict(parse(fs.readFileSync(file, 'utf8'))).http);
  const lb = dict(dict(dict(http.services)[service]).loadBalancer);
  const servers = (Array.isArray(lb.servers) ? lb.servers : []).map((s) => String(dict(s).url));
  const health = dict(lb.healthCheck);
  const routerMiddlewares = Object.values(dict(http.routers))
    .map(dict)
    .filter((r) => r.service === service)
    .flatMap((r) => (Array.isArray(r.middlewares) ? r.middlewares.map(String) : []));
  const middlewares = dict(http.middlewares);
  const attempts = Math.max(
    1,
    ...routerMiddlewares.map((name) => Number(dict(dict(middlewares[name]).retry).attempts ?? 1)),
  );
  return {
    servers,
    healthPath: typeof health.path === 'string' ? health.path : '/',
    healthIntervalMs: durationMs(health.interval, 30_000),
    healthTimeoutMs: durationMs(health.timeout, 5_000),
    attempts,
  };
}

export async function startStandInLb(options: StandInLbOptions): Promise<StandInLb> {
  const service = options.service ?? 'web';
  const file = path.resolve(options.dynamicConfigFile);
  let config = readBackendConfig(file, service);
  const changes: ConfigChange[] = [{ at: Date.now(), servers: config.servers }];
  const healthy = new Map<string, boolean>(config.servers.map((s) => [s, true]));
  const perServer: Record<string, number> = {};
  let failures = 0;
  let retries = 0;
  let next = 0;
  let closed = false;

  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

  function reload(): void {
    let fresh: BackendConfig;
    try {
      fresh = readBackendConfig(file, service);
    } catch {
      return; // Traefik keeps the last good configuration when a file does not parse.
    }
    if (fresh.servers.join('\n') !== config.servers.join('\n')) {
      changes.push({ at: Date.now(), servers: fresh.servers });
    }
    for (const s of fresh.servers) if (!healthy.has(s)) healthy.set(s, true);
    for (const s of [...healthy.keys()]) if (!fresh.servers.includes(s)) healthy.delete(s);
    config = fresh;
  }

  // inotify on the directory sees Ansible's write-to-temp-then-rename; the poll is a safety net.
  const watcher = fs.watch(path.dirname(file), (_event, name) => {
    if (name === null || name === path.basename(file)) reload();
  });
  const poll = setInterval(reload, 250);

  async function probe(server: string): Promise<boolean> {
    try {
      const res = await fetch(new URL(config.healthPath, server), {
        signal: AbortSignal.timeout(config.healthTimeoutMs),
      });
      await res.arrayBuffer();
      return res.status >= 200 && res.status < 400;
    } catch {
      return false;
    }
  }
  async function healthLoop(): Promise<void> {
    while (!closed) {
      const servers = [...config.servers];
      const results = await Promise.all(servers.map(probe));
      servers.forEach((s, i) => {
        if (healthy.has(s)) healthy.set(s, results[i]!);
      });
      await new Promise((r) => setTimeout(r, config.healthIntervalMs));
    }
  }
  const healthRun = healthLoop();

  const available = () => config.servers.filter((s) => healthy.get(s));

  function forward(
    server: string,
    req: http.IncomingMessage,
    body: Buffer,
    res: http.ServerResponse,
  ): Promise<'done' | 'no-answer'> {
    return new Promise((resolve) => {
      const target = new URL(req.url ?? '/', server);
      const headers = { ...req.headers };
      const client = req.socket.remoteAddress ?? '';
      headers['x-forwarded-for'] = headers['x-forwarded-for']
        ? `${headers['x-forwarded-for']}, ${client}`
        : client;
      headers['x-forwarded-proto'] = 'https';
      headers['x-forwarded-host'] = req.headers.host ?? '';
      const upstream = http.request(target, { method: req.method, headers, agent }, (answer) => {
        perServer[server] = (perServer[server] ?? 0) + 1;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('end', () => resolve('done'));
        answer.on('error', () => {
          res.destroy();
          resolve('done');
        });
      });
      // Traefik's retry middleware retries only when the server did not answer at all.
      upstream.on('error', () => resolve('no-answer'));
      upstream.end(body);
    });
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const tried = new Set<string>();
      for (let attempt = 0; attempt < config.attempts; attempt++) {
        // Round robin; a retry moves on to a server this request has not tried yet.
        const candidates = available().filter((s) => !tried.has(s));
        if (candidates.length === 0) break;
        const target = candidates[next++ % candidates.length]!;
        tried.add(target);
        if ((await forward(target, req, body, res)) === 'done') return;
        retries += attempt + 1 < config.attempts ? 1 : 0;
      }
      failures += 1;
      res.writeHead(available().length === 0 ? 503 : 502, { 'content-type': 'text/plain' });
      res.end(available().length === 0 ? 'no available server\n' : 'bad gateway\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    servers: () => [...config.servers],
    healthyServers: available,
    changes,
    stats: () => ({ perServer: { ...perServer }, failures, retries }),
    async waitForHealthy(predicate, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(available())) {
        if (Date.now() > deadline)
          throw new Error(`stand-in LB: servers not healthy: ${available().join(', ')}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async close() {
      closed = true;
      clearInterval(poll);
      watcher.close();
      agent.destroy();
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await stopped;
      await healthRun.catch(() => undefined);
    },
  };
}
