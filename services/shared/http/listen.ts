import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type express from 'express';

export interface RunningServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

/** A host name a local client can use for `host`: a wildcard address is reached on loopback. */
function reachableHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Listens on `host`:`port` (0 = any free port) and closes gracefully, letting in-flight requests
 * finish. Loopback by default: a container that must be reached from outside sets HOST=0.0.0.0.
 */
export async function listen(app: express.Express, port: number, host = '127.0.0.1'): Promise<RunningServer> {
  const server = http.createServer(app);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  let closing = false;
  // A keep-alive connection busy when close() is called would otherwise stay open for keepAliveTimeout
  // after its last answer, holding up shutdown: once closing, every answer closes its connection.
  server.on('request', (_req, res: http.ServerResponse) => {
    if (closing) res.shouldKeepAlive = false;
    res.once('finish', () => {
      if (closing) server.closeIdleConnections();
    });
  });
  return {
    port: actual,
    url: `http://${reachableHost(host)}:${actual}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        closing = true;
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
