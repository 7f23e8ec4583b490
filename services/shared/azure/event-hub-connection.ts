import type { TokenCredential } from '@azure/core-auth';
import { LazyDefaultAzureCredential } from './lazy-credential.ts';

/**
 * How to reach Event Hubs: a SAS connection string (production keys are send-only or listen-only; the
 * local dev hub's string carries `UseDevelopmentEmulator=true`) or a namespace host with Entra ID.
 */
export type EventHubConnection =
  | { kind: 'connectionString'; connectionString: string; eventHubName: string }
  | { kind: 'entra'; fullyQualifiedNamespace: string; eventHubName: string; credential: TokenCredential };

export function eventHubConnection(options: {
  connectionString?: string | undefined;
  fullyQualifiedNamespace?: string | undefined;
  eventHubName: string;
}): EventHubConnection {
  if (options.connectionString) {
    return {
      kind: 'connectionString',
      connectionString: options.connectionString,
      eventHubName: options.eventHubName,
    };
  }
  if (options.fullyQualifiedNamespace) {
    return {
      kind: 'entra',
      fullyQualifiedNamespace: options.fullyQualifiedNamespace,
      eventHubName: options.eventHubName,
      credential: new LazyDefaultAzureCredential(),
    };
  }
  throw new Error(
    'Set EVENTHUB_CONNECTION_STRING or EVENTHUB_FQDN (or run `npm start`, which starts the dev hub).',
  );
}
