import fs from 'node:fs';
import avro from 'avsc';
import { EventHubConsumerClient, EventHubProducerClient, earliestEventPosition } from '@azure/event-hubs';
import { ContainerClient } from '@azure/storage-blob';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseCaptureEnqueuedTime } from '../../services/dev-hub/index.ts';
import { startTestAzurite, type AzuriteBlobService } from '../helpers/azurite.ts';
import {
  receiveFromPartition,
  startTestDevHub,
  tempDataDir,
  type DevHub,
  startDevHubProcess,
} from '../helpers/dev-hub.ts';

/** Microsoft's documented Capture schema, written out independently of the implementation. */
const documentedSchema = {
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
};
const blobNamePattern = /^devhub\/orders\/(\d+)\/(\d{4})\/(\d{2})\/(\d{2})\/(\d{2})\/(\d{2})\/(\d{2})\.avro$/;

interface DecodedFile {
  name: string;
  schema: unknown;
  codec: string;
  records: Array<{
    SequenceNumber: number;
    Offset: string;
    EnqueuedTimeUtc: string;
    SystemProperties: Record<string, Record<string, unknown>>;
    Properties: Record<string, Record<string, unknown>>;
    Body: Buffer | null;
  }>;
}

let azurite: AzuriteBlobService & { destroy(): Promise<void> };
const hubs: DevHub[] = [];
const dirs: string[] = [];
let containerNumber = 0;

beforeAll(async () => {
  azurite = await startTestAzurite();
});
afterEach(async () => {
  await Promise.allSettled(hubs.splice(0).map((h) => h.close()));
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
afterAll(async () => {
  await azurite?.destroy();
});

function newContainer(): { name: string; client: ContainerClient } {
  const name = `capture-${++containerNumber}-${Date.now().toString(36)}`;
  return { name, client: new ContainerClient(azurite.connectionString, name) };
}

async function startCapturingHub(
  container: string,
  capture: { windowSeconds?: number; sizeLimitBytes?: number } = {},
  dataDir?: string,
): Promise<DevHub> {
  const hub = await startTestDevHub({
    ...(dataDir ? { dataDir } : {}),
    capture: { blobConnectionString: azurite.connectionString, container, windowSeconds: 300, ...capture },
  });
  hubs.push(hub);
  return hub;
}

/** Every blob in the container, decoded with avsc directly (not through the dev hub's helpers). */
async function readCapture(container: ContainerClient): Promise<DecodedFile[]> {
  if (!(await container.exists())) return [];
  const files: DecodedFile[] = [];
  for await (const blob of container.listBlobsFlat()) {
    const bytes = await container.getBlobClient(blob.name).downloadToBuffer();
    const decoder = new avro.streams.BlockDecoder();
    const file: DecodedFile = { name: blob.name, schema: undefined, codec: '', records: [] };
    await new Promise<void>((resolve, reject) => {
      decoder.on('metadata', (_type: unknown, codec: string, header: { meta: Record<string, Buffer> }) => {
        file.codec = codec;
        file.schema = JSON.parse(String(header.meta['avro.schema']));
      });
      decoder.on('data', (record: DecodedFile['records'][number]) => file.records.push(record));
      decoder.on('end', resolve);
      decoder.on('error', reject);
      decoder.end(bytes);
    });
    files.push(file);
  }
  return files.sort((a, b) => a.name.localeCompare(b.name));
}

async function waitFor<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('Capture', () => {
  it('writes Avro files with the documented schema in the Capture blob layout, skipping empty partitions', async () => {
    const container = newContainer();
    const startedAt = Date.now();
    const hub = await startCapturingHub(container.name);
    const producer = new EventHubProducerClient(hub.connectionString('orders'));
    await producer.sendBatch(
      [
        {
          body: { orderId: 'ORD-1', total: 12.5 },
          properties: { kind: 'order.placed', attempt: 2, ratio: 0.5 },
          contentType: 'application/cloudevents+json',
          messageId: 'evt-1',
        },
        { body: Buffer.from([0, 1, 2, 255]) },
      ],
      { partitionId: '0' },
    );
    await producer.sendBatch([{ body: 'third' }], { partitionId: '2' });
    await producer.close();
    const consumer = new EventHubConsumerClient('$Default', hub.connectionString('orders'));
    const sent0 = (await receiveFromPartition(consumer, '0', earliestEventPosition, { count: 2 })).events;
    const sent2 = (await receiveFromPartition(consumer, '2', earliestEventPosition, { count: 1 })).events;
    await consumer.close();

    const written = await hub.flushCapture();
    expect(written.map((b) => [b.partitionId, b.eventCount]).sort()).toEqual([
      ['0', 2],
      ['2', 1],
    ]);

    const files = await readCapture(container.client);
    expect(files.map((f) => f.name.match(blobNamePattern)?.[1])).toEqual(['0', '2']);
    for (const file of files) {
      const [, , year, month, day, hour, minute, second] = file.name.match(
        blobNamePattern,
      ) as RegExpMatchArray;
      const windowStart = Date.UTC(+year!, +month! - 1, +day!, +hour!, +minute!, +second!);
      expect(windowStart).toBeGreaterThanOrEqual(Math.floor(startedAt / 1000) * 1000);
      expect(windowStart).toBeLessThanOrEqual(Date.now());
      expect(file.schema).toEqual(documentedSchema);
      expect(file.codec).toBe('deflate');
    }

    const [first, second] = (files[0] as DecodedFile).records;
    expect(first?.SequenceNumber).toBe(sent0[0]?.sequenceNumber);
    expect(first?.Offset).toBe(sent0[0]?.offset);
    expect(parseCaptureEnqueuedTime(first?.EnqueuedTimeUtc ?? '')).toBe(
      Math.floor((sent0[0]?.enqueuedTimeUtc.getTime() ?? 0) / 1000) * 1000,
    );
    expect(first?.EnqueuedTimeUtc).toMatch(/^\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2} (AM|PM)$/);
    expect(JSON.parse(String(first?.Body))).toEqual({ orderId: 'ORD-1', total: 12.5 });
    expect(first?.Properties).toEqual({
      kind: { string: 'order.placed' },
      attempt: { long: 2 },
      ratio: { double: 0.5 },
    });
    expect(first?.SystemProperties['content-type']).toEqual({ string: 'application/cloudevents+json' });
    expect(first?.SystemProperties['message-id']).toEqual({ string: 'evt-1' });
    expect(second?.Body).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(second?.SequenceNumber).toBe(1);
    expect(
      (files[1] as DecodedFile).records.map((r) => [r.SequenceNumber, r.Offset, String(r.Body)]),
    ).toEqual([[sent2[0]?.sequenceNumber, sent2[0]?.offset, '"third"']]);

    // Nothing new: a second flush writes nothing.
    expect(await hub.flushCapture()).toEqual([]);
  });

  it('closes windows on time by itself and writes nothing for empty windows', async () => {
    const container = newContainer();
    const hub = await startCapturingHub(container.name, { windowSeconds: 1 });
    const producer = new EventHubProducerClient(hub.connectionString('orders'));
    await producer.sendBatch([{ body: 1 }, { body: 2 }, { body: 3 }], { partitionId: '1' });

    const files = await waitFor(
      () => readCapture(container.client),
      (f) => f.length >= 1,
    );
    expect(files.map((f) => f.records.map((r) => r.SequenceNumber))).toEqual([[0, 1, 2]]);

    await new Promise((r) => setTimeout(r, 2500));
    expect((await readCapture(container.client)).length).toBe(1);

    await producer.sendBatch([{ body: 4 }], { partitionId: '1' });
    await producer.close();
    const later = await waitFor(
      () => readCapture(container.client),
      (f) => f.length >= 2,
    );
    expect(later.map((f) => f.records.map((r) => r.SequenceNumber))).toEqual([[0, 1, 2], [3]]);
    expect((later[1] as DecodedFile).name > (later[0] as DecodedFile).name).toBe(true);
  });

  it('closes a window early at the size limit, with unique names in event order', async () => {
    const container = newContainer();
    const hub = await startCapturingHub(container.name, { sizeLimitBytes: 1200 });
    const producer = new EventHubProducerClient(hub.connectionString('orders'));
    for (let i = 0; i < 12; i++) {
      await producer.sendBatch([{ body: { i, padding: 'x'.repeat(250) } }], { partitionId: '3' });
    }
    await producer.close();
    await hub.flushCapture();

    const files = await readCapture(container.client);
    expect(files.length).toBeGreaterThanOrEqual(3);
    expect(new Set(files.map((f) => f.name)).size).toBe(files.length);
    expect(files.flatMap((f) => f.records.map((r) => r.SequenceNumber))).toEqual(
      Array.from({ length: 12 }, (_, i) => i),
    );
    expect(
      files.flatMap((f) => f.records.map((r) => (JSON.parse(String(r.Body)) as { i: number }).i)),
    ).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });

  it('writes what is pending when the hub closes', async () => {
    const container = newContainer();
    const hub = await startCapturingHub(container.name);
    const producer = new EventHubProducerClient(hub.connectionString('orders'));
    await producer.sendBatch([{ body: 'a' }, { body: 'b' }], { partitionId: '1' });
    await producer.close();
    expect(await readCapture(container.client)).toEqual([]);
    await hub.close();
    const files = await readCapture(container.client);
    expect(files.map((f) => f.records.map((r) => String(r.Body)))).toEqual([['"a"', '"b"']]);
  });

  it('archives every event exactly once across a crash of the dev hub (with persistence)', async () => {
    const container = newContainer();
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const { child, connectionStrings, exited } = await startDevHubProcess([
      '--data-dir',
      dataDir,
      '--capture-connection-string',
      azurite.connectionString,
      '--capture-container',
      container.name,
      '--capture-window-seconds',
      '1',
    ]);
    try {
      const ready = { connectionStrings };
      const producer = new EventHubProducerClient(ready.connectionStrings.orders as string);
      await producer.sendBatch(
        Array.from({ length: 10 }, (_, i) => ({ body: i })),
        { partitionId: '0' },
      );
      // Let the 1-second window close and be archived, then publish more and crash before the next.
      await waitFor(
        () => readCapture(container.client),
        (f) => f.length >= 1,
      );
      await producer.sendBatch(
        Array.from({ length: 5 }, (_, i) => ({ body: 10 + i })),
        { partitionId: '0' },
      );
      child.kill('SIGKILL');
      await exited;
      await Promise.race([producer.close().catch(() => undefined), new Promise((r) => setTimeout(r, 2000))]);
    } finally {
      child.kill('SIGKILL');
    }

    const hub = await startCapturingHub(container.name, {}, dataDir);
    await hub.flushCapture();
    const files = await readCapture(container.client);
    const archived = files.flatMap((f) => f.records.map((r) => r.SequenceNumber));
    expect(archived).toEqual(Array.from({ length: 15 }, (_, i) => i));
    expect(files.flatMap((f) => f.records.map((r) => String(r.Body)))).toEqual(
      Array.from({ length: 15 }, (_, i) => String(i)),
    );
  });
});
