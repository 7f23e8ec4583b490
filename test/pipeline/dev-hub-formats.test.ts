import { ConnectionConfig } from '@azure/core-amqp';
import { describe, expect, it } from 'vitest';
import {
  DevHubError,
  buildConnectionString,
  captureBlobName,
  createSasToken,
  formatCaptureEnqueuedTime,
  parseCaptureBlobName,
  parseCaptureEnqueuedTime,
  partitionIndexForKey,
  startDevHub,
} from '../../services/dev-hub/index.ts';
import { checkSasToken } from '../../services/dev-hub/sas-token.ts';
import { parseSelectorFilter, EventPositionError } from '../../services/dev-hub/event-position.ts';
import { mapPartitionKeyToId } from '../../node_modules/@azure/event-hubs/dist/esm/impl/partitionKeyToIdMapper.js';

/** The formats the dev hub shares with Azure and the SDK, checked without a running hub. */
describe('formats shared with Event Hubs', () => {
  it('hashes partition keys exactly like the SDK, for any key and partition count', () => {
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 5000; n++) {
      const length = Math.floor(random() * 40);
      const key = Array.from({ length }, () => String.fromCodePoint(32 + Math.floor(random() * 1200))).join(
        '',
      );
      for (const count of [1, 2, 4, 7, 32]) {
        expect(partitionIndexForKey(key, count)).toBe(mapPartitionKeyToId(key, count));
      }
    }
  });

  it('builds connection strings the SDK reads as a TCP emulator endpoint on our port', () => {
    const cs = buildConnectionString({
      endpoint: 'sb://127.0.0.1:45123',
      keyName: 'k',
      key: 'v',
      eventHubName: 'orders',
    });
    const config = ConnectionConfig.create(cs);
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 45123,
      useDevelopmentEmulator: true,
      entityPath: 'orders',
      sharedAccessKeyName: 'k',
      sharedAccessKey: 'v',
    });
  });

  it('names Capture blobs with zero-padded UTC parts and parses them back', () => {
    const windowStartMs = Date.UTC(2026, 0, 2, 3, 4, 5);
    const name = captureBlobName({ namespace: 'mgc', eventHub: 'orders', partitionId: '3', windowStartMs });
    expect(name).toBe('mgc/orders/3/2026/01/02/03/04/05.avro');
    expect(parseCaptureBlobName(name)).toEqual({
      namespace: 'mgc',
      eventHub: 'orders',
      partitionId: '3',
      windowStartMs,
    });
    expect(parseCaptureBlobName('mgc/orders/3/2026/01/02/03/04/05.json')).toBeUndefined();
  });

  it("writes EnqueuedTimeUtc the way Azure's Capture files do and reads it back", () => {
    expect(formatCaptureEnqueuedTime(Date.UTC(2026, 0, 9, 0, 5, 7, 999))).toBe('1/9/2026 12:05:07 AM');
    expect(formatCaptureEnqueuedTime(Date.UTC(2026, 10, 21, 18, 14, 38))).toBe('11/21/2026 6:14:38 PM');
    expect(parseCaptureEnqueuedTime('11/21/2026 6:14:38 PM')).toBe(Date.UTC(2026, 10, 21, 18, 14, 38));
    expect(parseCaptureEnqueuedTime('1/9/2026 12:05:07 AM')).toBe(Date.UTC(2026, 0, 9, 0, 5, 7));
    expect(parseCaptureEnqueuedTime('2026-11-21T18:14:38.123Z')).toBe(
      Date.UTC(2026, 10, 21, 18, 14, 38, 123),
    );
    expect(parseCaptureEnqueuedTime('yesterday')).toBeNaN();
  });

  it('accepts SAS tokens only when unexpired, signed with a configured key, and by key name', () => {
    const now = Date.now();
    const keys = { RootManageSharedAccessKey: 'secret' };
    const token = createSasToken(
      'sb://127.0.0.1:5672/orders',
      'RootManageSharedAccessKey',
      'secret',
      now + 60_000,
    );
    expect(checkSasToken(token, { keys, verifySignature: true, nowMs: now })).toMatchObject({
      valid: true,
      audience: 'sb://127.0.0.1:5672/orders',
    });
    const expired = createSasToken('sb://h/orders', 'RootManageSharedAccessKey', 'secret', now - 1000);
    expect(checkSasToken(expired, { keys, verifySignature: true, nowMs: now }).valid).toBe(false);
    const forged = createSasToken('sb://h/orders', 'RootManageSharedAccessKey', 'guess', now + 60_000);
    expect(checkSasToken(forged, { keys, verifySignature: true, nowMs: now }).valid).toBe(false);
    expect(checkSasToken(forged, { keys, verifySignature: false, nowMs: now }).valid).toBe(true);
    expect(checkSasToken('Bearer abc', { keys, verifySignature: false, nowMs: now }).valid).toBe(false);
  });

  it('parses the selector filters the SDK sends, and refuses others', () => {
    expect(parseSelectorFilter("amqp.annotation.x-opt-offset > '-1'")).toEqual({ kind: 'earliest' });
    expect(parseSelectorFilter("amqp.annotation.x-opt-offset > '@latest'")).toEqual({ kind: 'latest' });
    expect(parseSelectorFilter("amqp.annotation.x-opt-offset >= '4096'")).toEqual({
      kind: 'offset',
      offset: 4096,
      inclusive: true,
    });
    expect(parseSelectorFilter("amqp.annotation.x-opt-sequence-number > '41'")).toEqual({
      kind: 'sequenceNumber',
      sequenceNumber: 41,
      inclusive: false,
    });
    expect(parseSelectorFilter("amqp.annotation.x-opt-enqueued-time > '1700000000000'")).toEqual({
      kind: 'enqueuedTime',
      enqueuedTimeMs: 1_700_000_000_000,
      inclusive: false,
    });
    expect(() => parseSelectorFilter("amqp.annotation.x-opt-offset < '5'")).toThrow(EventPositionError);
    expect(() => parseSelectorFilter("amqp.annotation.x-opt-offset > 'abc'")).toThrow(EventPositionError);
  });

  it('rejects invalid options with a typed error naming each field', async () => {
    const error = await startDevHub({
      port: 70_000,
      hubs: [{ name: 'orders' }, { name: 'ORDERS', partitionCount: 0 }],
    }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DevHubError);
    expect((error as DevHubError).code).toBe('DEV_HUB_INVALID_OPTIONS');
    expect((error as DevHubError).details.join('\n')).toMatch(/port/);
    expect((error as DevHubError).details.join('\n')).toMatch(/hubs\.1\.partitionCount/);
    expect((error as DevHubError).details.join('\n')).toMatch(/duplicate hub 'ORDERS'/);
  });
});
