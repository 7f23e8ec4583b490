import fs from 'node:fs';
import path from 'node:path';
import {
  EventHubConsumerClient,
  EventHubProducerClient,
  earliestEventPosition,
  type ReceivedEventData,
} from '@azure/event-hubs';
import { afterEach, describe, expect, it } from 'vitest';
import { partitionIndexForKey } from '../../services/dev-hub/index.ts';
import {
  receiveFromPartition,
  startTestDevHub,
  tempDataDir,
  type DevHub,
  startDevHubProcess,
} from '../helpers/dev-hub.ts';

const dirs: string[] = [];
const hubs: DevHub[] = [];

afterEach(async () => {
  await Promise.allSettled(hubs.splice(0).map((h) => h.close()));
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function start(dataDir: string): Promise<DevHub> {
  const hub = await startTestDevHub({ dataDir });
  hubs.push(hub);
  return hub;
}

async function readAll(hub: DevHub, partitionId: string, count: number): Promise<ReceivedEventData[]> {
  const consumer = new EventHubConsumerClient('$Default', hub.connectionString('orders'));
  const { events } = await receiveFromPartition(consumer, partitionId, earliestEventPosition, {
    count,
    timeoutMs: 10_000,
  });
  await consumer.close();
  return events;
}

const summary = (events: ReceivedEventData[]) =>
  events.map((e) => ({
    body: e.body,
    seq: e.sequenceNumber,
    offset: e.offset,
    at: e.enqueuedTimeUtc.getTime(),
    key: e.partitionKey,
  }));

describe('persistence', () => {
  it('keeps events, sequence numbers, offsets and enqueued times across a restart, and continues numbering', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    let hub = await start(dataDir);
    let producer = new EventHubProducerClient(hub.connectionString('orders'));
    for (let i = 0; i < 5; i++) {
      await producer.sendBatch([{ body: { i }, properties: { i } }, { body: { i, second: true } }], {
        partitionId: '0',
      });
    }
    // This key hashes to partition 0, so the keyed event is part of what must survive.
    expect(partitionIndexForKey('customer-42', 4)).toBe(0);
    await producer.sendBatch([{ body: 'keyed' }], { partitionKey: 'customer-42' });
    const before = await readAll(hub, '0', 11);
    const propsBefore = await producer.getPartitionProperties('0');
    await producer.close();
    await hub.close();

    hub = await start(dataDir);
    producer = new EventHubProducerClient(hub.connectionString('orders'));
    expect(await producer.getPartitionProperties('0')).toEqual(propsBefore);
    const after = await readAll(hub, '0', 11);
    expect(summary(after)).toEqual(summary(before));
    expect(after.map((e) => e.properties?.i)).toEqual(before.map((e) => e.properties?.i));

    // Numbering continues, and a position taken before the restart still works.
    await producer.sendBatch([{ body: 'after-restart' }], { partitionId: '0' });
    const consumer = new EventHubConsumerClient('$Default', hub.connectionString('orders'));
    const fromOffset = await receiveFromPartition(
      consumer,
      '0',
      { offset: (before[10] as ReceivedEventData).offset },
      { count: 1 },
    );
    await consumer.close();
    expect(fromOffset.events.map((e) => [e.body, e.sequenceNumber])).toEqual([['after-restart', 11]]);
    expect(Number(fromOffset.events[0]?.offset)).toBeGreaterThan(Number(before[10]?.offset));
    await producer.close();
  });

  it('cuts a torn write off the end of the log and goes on from the last whole event', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    let hub = await start(dataDir);
    let producer = new EventHubProducerClient(hub.connectionString('orders'));
    await producer.sendBatch([{ body: 1 }, { body: 2 }, { body: 3 }], { partitionId: '1' });
    await producer.close();
    await hub.close();

    const partitionDir = path.join(dataDir, 'orders', '1');
    const segment = path.join(
      partitionDir,
      fs.readdirSync(partitionDir).find((n) => n.endsWith('.log')) as string,
    );
    const whole = fs.statSync(segment).size;
    // A crash in the middle of a frame: its first bytes made it to disk, the rest did not.
    fs.appendFileSync(segment, fs.readFileSync(segment).subarray(0, 40));

    hub = await start(dataDir);
    expect(fs.statSync(segment).size).toBe(whole);
    producer = new EventHubProducerClient(hub.connectionString('orders'));
    await producer.sendBatch([{ body: 4 }], { partitionId: '1' });
    await producer.close();
    const events = await readAll(hub, '1', 4);
    expect(events.map((e) => [e.body, e.sequenceNumber])).toEqual([
      [1, 0],
      [2, 1],
      [3, 2],
      [4, 3],
    ]);
    expect(Number(events[3]?.offset)).toBe(whole);
  });

  it('loses no acknowledged event when the dev hub process is killed (SIGKILL)', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const { child, connectionStrings, exited } = await startDevHubProcess([
      '--data-dir',
      dataDir,
      '--consumer-group',
      'oms',
    ]);
    try {
      const ready = { connectionStrings };
      const producer = new EventHubProducerClient(ready.connectionStrings.orders as string, {
        retryOptions: { maxRetries: 0, timeoutInMs: 2000 },
      });
      let acknowledged = 0;
      let killed = false;
      void (async () => {
        for (let i = 0; !killed; i++) {
          await producer.sendBatch([{ body: { i } }], { partitionId: '2' });
          if (!killed) acknowledged = i + 1;
        }
      })().catch(() => undefined);
      while (acknowledged < 200) await new Promise((r) => setTimeout(r, 10));
      killed = true;
      const acknowledgedBeforeKill = acknowledged;
      child.kill('SIGKILL');
      await exited;
      // The SDK may keep its in-flight send pending until its own time-out; do not wait for it.
      await Promise.race([producer.close().catch(() => undefined), new Promise((r) => setTimeout(r, 2000))]);

      const hub = await start(dataDir);
      const events = await readAll(hub, '2', acknowledgedBeforeKill);
      expect(events.length).toBeGreaterThanOrEqual(acknowledgedBeforeKill);
      expect(events.map((e) => (e.body as { i: number }).i)).toEqual(events.map((_, i) => i));
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('retention', () => {
  it('drops expired events, deletes their segment files, and keeps numbering', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const options = {
      dataDir,
      hubs: [{ name: 'orders', partitionCount: 2, retentionHours: 1 / 3600 }],
      retentionCheckIntervalMs: 100,
      segmentBytes: 64 * 1024,
    };
    let hub = await startTestDevHub(options);
    hubs.push(hub);
    let producer = new EventHubProducerClient(hub.connectionString('orders'));
    for (let i = 0; i < 10; i++) {
      await producer.sendBatch(
        Array.from({ length: 20 }, (_, j) => ({ body: { n: i * 20 + j, padding: 'x'.repeat(1000) } })),
        { partitionId: '0' },
      );
    }
    const partitionDir = path.join(dataDir, 'orders', '0');
    const segments = () => fs.readdirSync(partitionDir).filter((n) => n.endsWith('.log'));
    expect(segments().length).toBeGreaterThan(1);

    await new Promise((r) => setTimeout(r, 1500));
    const expired = await producer.getPartitionProperties('0');
    expect(expired).toMatchObject({
      isEmpty: true,
      beginningSequenceNumber: 200,
      lastEnqueuedSequenceNumber: 199,
    });
    expect(segments()).toHaveLength(1);
    await producer.close();
    await hub.close();

    hub = await startTestDevHub(options);
    hubs.push(hub);
    producer = new EventHubProducerClient(hub.connectionString('orders'));
    await producer.sendBatch([{ body: 'fresh' }], { partitionId: '0' });
    const events = await readAll(hub, '0', 1);
    expect(events.map((e) => [e.body, e.sequenceNumber])).toEqual([['fresh', 200]]);
    await producer.close();
  });
});
