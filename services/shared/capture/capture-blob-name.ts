/**
 * Capture blob names, Azure's default format:
 * `{Namespace}/{EventHub}/{PartitionId}/{Year}/{Month}/{Day}/{Hour}/{Minute}/{Second}.avro`, with the time
 * of the window start in UTC, month to second zero-padded to two digits.
 */
export interface CaptureBlobId {
  namespace: string;
  eventHub: string;
  partitionId: string;
  /** Window start, epoch milliseconds (the name keeps whole seconds). */
  windowStartMs: number;
}

export function captureBlobName(id: CaptureBlobId): string {
  const d = new Date(id.windowStartMs);
  const two = (n: number): string => String(n).padStart(2, '0');
  return [
    id.namespace,
    id.eventHub,
    id.partitionId,
    String(d.getUTCFullYear()),
    two(d.getUTCMonth() + 1),
    two(d.getUTCDate()),
    two(d.getUTCHours()),
    two(d.getUTCMinutes()),
    `${two(d.getUTCSeconds())}.avro`,
  ].join('/');
}

const namePattern = /^([^/]+)\/([^/]+)\/([^/]+)\/(\d{4})\/(\d{2})\/(\d{2})\/(\d{2})\/(\d{2})\/(\d{2})\.avro$/;

/** Parses a Capture blob name; undefined for any other blob. */
export function parseCaptureBlobName(name: string): CaptureBlobId | undefined {
  const match = namePattern.exec(name);
  if (!match) return undefined;
  const [, namespace = '', eventHub = '', partitionId = '', year, month, day, hour, minute, second] = match;
  return {
    namespace,
    eventHub,
    partitionId,
    windowStartMs: Date.UTC(
      Number(year),
      Number(month) - 1,
      Number(day),
      Number(hour),
      Number(minute),
      Number(second),
    ),
  };
}
