/**
 * The Event Hubs Capture file format: Avro Object Container Files whose records follow Microsoft's
 * documented `EventData` schema. This module is the one place that knows the format; the archive tools
 * read files with it and Capture writes them with it.
 *
 * Value mapping (how the dev hub fills the schema from an AMQP message):
 * - `SequenceNumber`, `Offset` (decimal string) and `EnqueuedTimeUtc` come from the event's system
 *   annotations. `EnqueuedTimeUtc` uses the format Azure Capture writes, e.g. `1/10/2024 2:05:09 PM`
 *   (UTC, whole seconds); use `parseCaptureEnqueuedTime` to read it.
 * - `SystemProperties`: the message annotations other than the three above (e.g. `x-opt-partition-key`)
 *   plus the AMQP properties that are set, under their AMQP names (`message-id`, `content-type`,
 *   `correlation-id`, …).
 * - `Properties`: the application properties.
 * - Map values are Avro unions, written wrapped as avsc does: `{ long }`, `{ double }`, `{ string }` or
 *   `{ bytes }`. Integers → long, other numbers → double, booleans → "true"/"false", timestamps → ISO-8601
 *   string, binary and UUIDs → bytes, anything else → its JSON text. Null values are left out: the
 *   documented schema has no null branch.
 * - `Body`: the data section bytes (several data sections are concatenated); an AMQP value body is
 *   written as its UTF-8 text if it is a string, else as JSON.
 */
import avro from 'avsc';

/** Microsoft's documented Capture schema, verbatim (it is written into every file header). */
export const CAPTURE_AVRO_SCHEMA = {
  type: 'record',
  name: 'EventData',
  namespace: 'Microsoft.ServiceBus.Messaging',
  fields: [
    { name: 'SequenceNumber', type: 'long' },
    { name: 'Offset', type: 'string' },
    { name: 'EnqueuedTimeUtc', type: 'string' },
    { name: 'SystemProperties', type: { type: 'map', values: ['long', 'double', 'string', 'bytes'] } },
    { name: 'Properties', type: { type: 'map', values: ['long', 'double', 'string', 'bytes'] } },
    { name: 'Body', type: ['null', 'bytes'] },
  ],
} as const;

export type CapturePropertyValue =
  { long: number } | { double: number } | { string: string } | { bytes: Buffer };

/** One record of a Capture file as avsc reads and writes it. */
export interface CaptureEventData {
  SequenceNumber: number;
  Offset: string;
  EnqueuedTimeUtc: string;
  SystemProperties: Record<string, CapturePropertyValue>;
  Properties: Record<string, CapturePropertyValue>;
  Body: Buffer | null;
}

/** The avsc type for `CAPTURE_AVRO_SCHEMA` (default options: the map unions are wrapped). */
export const captureAvroType = avro.Type.forSchema(CAPTURE_AVRO_SCHEMA as unknown as avro.Schema);

/** Formats a time the way Azure Capture writes `EnqueuedTimeUtc`: `M/d/yyyy h:mm:ss AM|PM`, UTC. */
export function formatCaptureEnqueuedTime(epochMs: number): string {
  const d = new Date(epochMs);
  const hours = d.getUTCHours();
  const hour12 = hours % 12 === 0 ? 12 : hours % 12;
  const two = (n: number): string => String(n).padStart(2, '0');
  return (
    `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ` +
    `${hour12}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${hours < 12 ? 'AM' : 'PM'}`
  );
}

const captureTimePattern =
  /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))? ?(AM|PM)?$/i;

/**
 * Parses `EnqueuedTimeUtc` from a Capture file (Azure's `M/d/yyyy h:mm:ss AM` form or ISO-8601) to epoch
 * milliseconds; NaN if it is neither.
 */
export function parseCaptureEnqueuedTime(value: string): number {
  const match = captureTimePattern.exec(value.trim());
  if (!match) return /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : Number.NaN;
  const [, month, day, year, hour, minute, second, fraction = '', meridiem] = match;
  let h = Number(hour);
  if (meridiem) h = (h % 12) + (meridiem.toUpperCase() === 'PM' ? 12 : 0);
  const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
  return Date.UTC(Number(year), Number(month) - 1, Number(day), h, Number(minute), Number(second), ms);
}

/** Maps one AMQP value to the schema's map-value union (see the module comment); undefined = omit. */
export function toCapturePropertyValue(value: unknown): CapturePropertyValue | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return Number.isInteger(value) ? { long: value } : { double: value };
  if (typeof value === 'bigint') {
    return Number.isSafeInteger(Number(value)) ? { long: Number(value) } : { string: value.toString() };
  }
  if (typeof value === 'string') return { string: value };
  if (typeof value === 'boolean') return { string: String(value) };
  if (value instanceof Date) return { string: value.toISOString() };
  if (Buffer.isBuffer(value)) return { bytes: value };
  if (value instanceof Uint8Array) return { bytes: Buffer.from(value) };
  return { string: JSON.stringify(value) };
}

/**
 * Encodes records as one Avro Object Container File (deflate codec, the schema above in the header).
 * Rejects if a record does not match the schema.
 */
export async function encodeCaptureFile(records: readonly CaptureEventData[]): Promise<Buffer> {
  const encoder = new avro.streams.BlockEncoder(CAPTURE_AVRO_SCHEMA as unknown as avro.Schema, {
    codec: 'deflate',
  });
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    encoder.on('data', (chunk: Buffer) => chunks.push(chunk));
    encoder.on('end', () => resolve());
    encoder.on('error', reject);
    // avsc reports invalid records with this event instead of failing the stream.
    encoder.on('typeError', (err: Error) => reject(err));
  });
  for (const record of records) encoder.write(record);
  encoder.end();
  await done;
  return Buffer.concat(chunks);
}

/** Decodes a Capture file: the writer schema from its header and every record. */
export async function decodeCaptureFile(
  file: Buffer,
): Promise<{ schema: unknown; codec: string; records: CaptureEventData[] }> {
  const decoder = new avro.streams.BlockDecoder();
  const records: CaptureEventData[] = [];
  let schema: unknown;
  let codec = 'null';
  const done = new Promise<void>((resolve, reject) => {
    decoder.on('metadata', (_type: unknown, codecName: string, header: { meta: Record<string, Buffer> }) => {
      codec = codecName;
      const raw = header.meta['avro.schema'];
      schema = raw ? JSON.parse(raw.toString('utf8')) : undefined;
    });
    decoder.on('data', (record: CaptureEventData) => records.push(record));
    decoder.on('end', () => resolve());
    decoder.on('error', reject);
  });
  decoder.end(file);
  await done;
  return { schema, codec, records };
}
