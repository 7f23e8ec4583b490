import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../shared/config.ts';

/**
 * Where the local dev hub and Azurite listen while `npm start` runs. Written to the data directory so
 * that `oms` commands in another terminal find them without configuration. It holds only the
 * well-known local development keys, never production secrets.
 */
export interface LocalEndpoints {
  eventHubConnectionString: string;
  storageConnectionString: string;
  namespace: string;
}

const FILE = 'local-endpoints.json';

export function writeLocalEndpoints(dataDir: string, endpoints: LocalEndpoints): void {
  fs.writeFileSync(path.join(dataDir, FILE), `${JSON.stringify(endpoints, null, 2)}\n`, { mode: 0o600 });
}

export function removeLocalEndpoints(dataDir: string): void {
  fs.rmSync(path.join(dataDir, FILE), { force: true });
}

export function readLocalEndpoints(dataDir: string): LocalEndpoints | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir, FILE), 'utf8')) as LocalEndpoints;
  } catch {
    return undefined;
  }
}

/** The configured storage, else the local Azurite of a running `npm start`. */
export function storageSettings(config: Config): {
  connectionString?: string | undefined;
  accountUrl?: string | undefined;
} {
  if (config.storage.connectionString || config.storage.accountUrl) return config.storage;
  const local = readLocalEndpoints(config.dataDir);
  if (local) return { connectionString: local.storageConnectionString };
  throw new Error(
    'No blob storage configured: set STORAGE_CONNECTION_STRING or STORAGE_ACCOUNT_URL, or run `npm start` (local Azurite).',
  );
}

/** The Capture namespace segment: the first label of the Event Hubs host, or the local dev hub's name. */
export function captureNamespace(config: Config): string | undefined {
  const host =
    config.eventHub.fullyQualifiedNamespace ??
    /Endpoint=sb:\/\/([^/;:]+)/i.exec(config.eventHub.connectionString ?? '')?.[1];
  if (host && !/^(localhost|127\.|\[?::1)/.test(host)) return host.split('.')[0];
  return readLocalEndpoints(config.dataDir)?.namespace;
}

/** The configured Event Hubs namespace, else the local dev hub of a running `npm start`. */
export function eventHubSettings(config: Config): {
  connectionString?: string | undefined;
  fullyQualifiedNamespace?: string | undefined;
  eventHubName: string;
} {
  const { connectionString, fullyQualifiedNamespace, name } = config.eventHub;
  if (connectionString || fullyQualifiedNamespace)
    return { connectionString, fullyQualifiedNamespace, eventHubName: name };
  const local = readLocalEndpoints(config.dataDir);
  if (local) return { connectionString: local.eventHubConnectionString, eventHubName: name };
  throw new Error(
    'No event hub configured: set EVENTHUB_CONNECTION_STRING or EVENTHUB_FQDN, or run `npm start` (local dev hub).',
  );
}
