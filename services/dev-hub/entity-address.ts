/**
 * The link addresses Event Hubs clients attach to, and the token audiences that authorise them.
 *
 *   $cbs                                              claims-based security (put-token)
 *   $management  (or <hub>/$management)               hub and partition properties
 *   <hub>                                             publish, the hub picks the partition
 *   <hub>/Partitions/<id>                             publish to one partition
 *   <hub>/ConsumerGroups/<group>/Partitions/<id>      read one partition in a consumer group
 *
 * Clients may prefix any of these with `amqps://host/` or `sb://host/`; names compare case-insensitively
 * like the service does.
 */
export type EntityAddress =
  | { kind: 'cbs' }
  | { kind: 'management' }
  | { kind: 'hub'; hub: string }
  | { kind: 'partition'; hub: string; partitionId: string }
  | { kind: 'consumer'; hub: string; consumerGroup: string; partitionId: string }
  | { kind: 'unknown'; address: string };

/** Strips a scheme and host, if any, and surrounding slashes. */
export function entityPath(addressOrUri: string): string {
  const withoutScheme = addressOrUri.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  return withoutScheme.replace(/^\/+|\/+$/g, '');
}

export function parseEntityAddress(address: string | undefined): EntityAddress {
  if (!address) return { kind: 'unknown', address: '' };
  const segments = entityPath(address).split('/').map(decodeSegment);
  const lower = segments.map((s) => s.toLowerCase());
  const hub = segments[0] ?? '';

  if (segments.length === 1 && lower[0] === '$cbs') return { kind: 'cbs' };
  if (segments.length <= 2 && lower.at(-1) === '$management') return { kind: 'management' };
  if (segments.length === 1 && hub) return { kind: 'hub', hub };
  if (segments.length === 3 && hub && lower[1] === 'partitions' && segments[2]) {
    return { kind: 'partition', hub, partitionId: segments[2] };
  }
  if (segments.length === 5 && hub && lower[1] === 'consumergroups' && lower[3] === 'partitions') {
    const [, , consumerGroup, , partitionId] = segments;
    if (consumerGroup && partitionId) return { kind: 'consumer', hub, consumerGroup, partitionId };
  }
  return { kind: 'unknown', address };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Whether a token for `audience` (a URI or path) grants access to `entity` (a path): same path or a
 * parent of it, compared without scheme, host and case. A namespace-wide audience covers everything.
 */
export function audienceCovers(audience: string, entity: string): boolean {
  const granted = entityPath(audience).toLowerCase();
  const wanted = entityPath(entity).toLowerCase();
  return granted === '' || wanted === granted || wanted.startsWith(`${granted}/`);
}
