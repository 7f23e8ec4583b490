/**
 * Connection strings for the dev hub, in the form the Azure SDKs accept for local emulators:
 *
 *   Endpoint=sb://127.0.0.1:5672;SharedAccessKeyName=…;SharedAccessKey=…;UseDevelopmentEmulator=true;EntityPath=orders
 *
 * With `UseDevelopmentEmulator=true` the SDK (core-amqp) connects over plain TCP instead of TLS, takes the
 * port from the endpoint (default 5672) and otherwise behaves exactly as against Azure: SASL ANONYMOUS,
 * then a CBS put-token for each entity with a SAS token signed with the key.
 */
export interface ConnectionStringParts {
  /** `sb://host:port` */
  endpoint: string;
  keyName: string;
  key: string;
  /** Event hub name; omitted for a namespace-level string. */
  eventHubName?: string | undefined;
}

export function buildConnectionString(parts: ConnectionStringParts): string {
  const fields = [
    `Endpoint=${parts.endpoint}`,
    `SharedAccessKeyName=${parts.keyName}`,
    `SharedAccessKey=${parts.key}`,
    'UseDevelopmentEmulator=true',
  ];
  if (parts.eventHubName) fields.push(`EntityPath=${parts.eventHubName}`);
  return fields.join(';');
}
