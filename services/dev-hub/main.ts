/**
 * Standalone dev hub: `npx tsx services/dev-hub/main.ts [options]` (options: `usage` below, or `--help`).
 *
 * When ready it prints one JSON line to stdout: `{"event":"ready","port":…,"connectionStrings":{hub: cs}}`,
 * so scripts and tests can pick up the port. SIGINT/SIGTERM close it cleanly (Capture is flushed); a
 * start-up error exits with code 1.
 */
import { parseArgs } from 'node:util';
import { createLogger } from '../shared/logger.ts';
import { DevHubError, startDevHub, type DevHubOptions } from './index.ts';

const usage = `Usage: npx tsx services/dev-hub/main.ts [options]

  --host <ip>                       listen address (default 127.0.0.1)
  --port <n>                        AMQP port (default 5672; 0 = any free port)
  --namespace <name>                namespace name used in Capture blob names (default devhub)
  --hub <name[:partitions[:retentionHours]]>   repeatable (default orders:4:24)
  --consumer-group <name>           repeatable; added to every hub ($Default always exists)
  --data-dir <dir>                  persist partition logs and Capture progress
  --fsync <always|interval|never>   flush policy for the partition logs (default always)
  --capture-connection-string <cs>  enable Capture to this Blob account
  --capture-container <name>        Capture container (default capture)
  --capture-window-seconds <n>      (default 300)
  --capture-size-limit-bytes <n>    (default 314572800)
  --help                            show this text
`;

function parseHub(spec: string): NonNullable<DevHubOptions['hubs']>[number] {
  const [name = '', partitions, retention] = spec.split(':');
  return {
    name,
    ...(partitions ? { partitionCount: Number(partitions) } : {}),
    ...(retention ? { retentionHours: Number(retention) } : {}),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: 'string' },
      port: { type: 'string', default: '5672' },
      namespace: { type: 'string' },
      hub: { type: 'string', multiple: true },
      'consumer-group': { type: 'string', multiple: true },
      'data-dir': { type: 'string' },
      fsync: { type: 'string' },
      'capture-connection-string': { type: 'string' },
      'capture-container': { type: 'string', default: 'capture' },
      'capture-window-seconds': { type: 'string' },
      'capture-size-limit-bytes': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(usage);
    return;
  }
  const consumerGroups = values['consumer-group'] ?? [];
  const hubs = (values.hub ?? ['orders']).map(parseHub).map((h) => ({ ...h, consumerGroups }));
  const captureCs = values['capture-connection-string'];
  const logger = createLogger({ name: 'dev-hub' });
  const options: DevHubOptions = {
    port: Number(values.port),
    hubs,
    logger,
    ...(values.host ? { host: values.host } : {}),
    ...(values.namespace ? { namespace: values.namespace } : {}),
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
    ...(values.fsync ? { fsync: values.fsync as 'always' | 'interval' | 'never' } : {}),
    ...(captureCs
      ? {
          capture: {
            blobConnectionString: captureCs,
            container: values['capture-container'],
            ...(values['capture-window-seconds']
              ? { windowSeconds: Number(values['capture-window-seconds']) }
              : {}),
            ...(values['capture-size-limit-bytes']
              ? { sizeLimitBytes: Number(values['capture-size-limit-bytes']) }
              : {}),
          },
        }
      : {}),
  };

  const hub = await startDevHub(options);
  const connectionStrings = Object.fromEntries(
    hub.eventHubNames.map((name) => [name, hub.connectionString(name)]),
  );
  process.stdout.write(`${JSON.stringify({ event: 'ready', port: hub.port, connectionStrings })}\n`);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'dev hub stopping');
    hub.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'dev hub closed with an error');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  const message =
    err instanceof DevHubError
      ? err.message
      : err instanceof TypeError
        ? `${err.message} (see --help)`
        : String(err);
  process.stderr.write(`dev-hub: ${message}\n`);
  process.exit(1);
});
