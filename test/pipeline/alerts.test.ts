import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventHubConsumerClient, EventHubProducerClient, type CheckpointStore } from '@azure/event-hubs';
import { BlobCheckpointStore } from '@azure/eventhubs-checkpointstore-blob';
import { BlobServiceClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureBacklogOf } from '../../services/dev-hub/index.ts';
import { runNotifier, verifyWebhookSignature, type RunningNotifier } from '../../services/notifier/index.ts';
import {
  alertRecipients,
  runOmsConsumer,
  type RunningOmsConsumer,
} from '../../services/oms-consumer/index.ts';
import { startAlertMonitor } from '../../services/oms-consumer/alerts/alert-monitor.ts';
import { PartitionLagSignal } from '../../services/oms-consumer/alerts/partition-lag-signal.ts';
import { eventHubConnection } from '../../services/shared/azure/event-hub-connection.ts';
import { toDbTime } from '../../services/shared/db/time.ts';
import { createLogger } from '../../services/shared/logger.ts';
import type { WebhookTarget } from '../../services/shared/notifications/webhook-targets.ts';
import { startPipelineEnv, waitFor, type PipelineEnv } from '../helpers/pipeline-env.ts';

/**
 * Operator alerts (issue 12 part 3, docs/alerts.md) end to end: the real consumer with its alert
 * monitor, the real dispatcher (`oms notifier`) delivering to a local webhook receiver that verifies
 * signatures. An injected dead letter and a 10 s MariaDB outage each raise ONE alert per recipient and
 * one resolved message; a restarted monitor does not re-fire an incident the outbox says is open.
 */

const SECRET = 'alerts-test-webhook-secret-0123456789abcdef';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Delivery {
  type: string;
  subject: string;
  text: string;
  data: Record<string, unknown>;
}

describe('operator alerts', () => {
  let env: PipelineEnv;
  let consumer: RunningOmsConsumer;
  let notifier: RunningNotifier;
  let receiver: http.Server;
  const deliveries: Delivery[] = [];
  const badSignatures: string[] = [];
  const logger = createLogger({ name: 'alerts-test', level: process.env.LOG_LEVEL ?? 'warn', pretty: false });

  const alertRows = async (template: string) =>
    (await env
      .db('notifications')
      .whereNull('order_id')
      .where({ template })
      .orderBy('id')
      .select('channel', 'recipient', 'status', 'payload')) as {
      channel: string;
      recipient: string;
      status: string;
      payload: unknown;
    }[];
  const payloadOf = (p: unknown) =>
    (typeof p === 'string' ? JSON.parse(p) : p) as Record<string, string | number | null>;
  const delivered = (type: string) => deliveries.filter((d) => d.type === type);

  beforeAll(async () => {
    env = await startPipelineEnv({ captureWindowSeconds: 2 });
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const check = verifyWebhookSignature(
          SECRET,
          body,
          req.headers['oms-signature'] as string | undefined,
        );
        if (!check.ok) badSignatures.push(check.reason);
        else deliveries.push(JSON.parse(body) as Delivery);
        res.writeHead(check.ok ? 204 : 400).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const webhooks: WebhookTarget[] = [
      {
        name: 'ops',
        url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
        kinds: ['alert.*'],
      },
    ];
    consumer = await runOmsConsumer({
      db: env.db,
      logger,
      eventHub: eventHubConnection({
        connectionString: env.env.EVENTHUB_CONNECTION_STRING,
        eventHubName: 'orders',
      }),
      consumerGroup: 'oms',
      blobService: BlobServiceClient.fromConnectionString(env.env.STORAGE_CONNECTION_STRING),
      checkpointContainer: 'oms-checkpoints',
      alerts: {
        // Short thresholds so the test is quick; production defaults are in docs/alerts.md.
        settings: {
          intervalMs: 500,
          dbOutageMs: 3_000,
          lagEvents: 100_000,
          captureLagMs: 120_000,
          deadLetterQuietMs: 4_000,
        },
        recipients: alertRecipients('ops@example.com', webhooks),
        captureBacklog: () => captureBacklogOf(env.hub, 'orders'),
      },
    });
    notifier = await runNotifier({
      db: env.db,
      logger,
      settings: {
        mailFrom: 'OMS <oms@example.com>',
        webhooks,
        webhookSecret: SECRET,
        maxAttempts: 10,
        baseDelayMs: 200,
        maxDelayMs: 1_000,
        timeoutMs: 2_000,
        concurrency: 2,
        pollMs: 200,
      },
    });
  }, 180_000);

  afterAll(async () => {
    await notifier?.close();
    await consumer?.close();
    await new Promise((resolve) => receiver?.close(resolve));
    await env?.stop();
  });

  it('a malformed event raises one dead-letter alert per recipient, however many follow, and one resolved message', async () => {
    const producer = new EventHubProducerClient(env.env.EVENTHUB_CONNECTION_STRING);
    // Personal data in the broken body must not reach the alert (dead-letter payloads stay in the table).
    await producer.sendBatch([
      { body: Buffer.from('{"specversion":"1.0", "email": "ada@example.com", oops') },
    ]);
    await waitFor(
      async () => (await alertRows('alert.dead_letters')).length > 0,
      60_000,
      'dead-letter alert',
    );
    // A second dead letter while the incident is open: no second alert.
    await producer.sendBatch([{ body: Buffer.from('still not json') }]);
    await producer.close();
    await waitFor(
      async () => (await alertRows('alert.dead_letters.resolved')).length > 0,
      60_000,
      'dead-letter alert resolved',
    );
    await waitFor(
      async () => delivered('alert.dead_letters.resolved').length > 0,
      30_000,
      'resolved message delivered to the webhook',
    );

    const opened = await alertRows('alert.dead_letters');
    const resolved = await alertRows('alert.dead_letters.resolved');
    expect(opened.map((r) => [r.channel, r.recipient]).sort()).toEqual([
      ['email', 'ops@example.com'],
      ['webhook', 'ops'],
    ]);
    expect(resolved.map((r) => [r.channel, r.recipient]).sort()).toEqual([
      ['email', 'ops@example.com'],
      ['webhook', 'ops'],
    ]);
    const facts = payloadOf(opened[0]!.payload);
    expect(facts).toMatchObject({ kind: 'dead_letters', key: 'all', state: 'opened' });
    expect(Number(facts.count)).toBeGreaterThanOrEqual(1);
    expect(String(facts.reasons)).not.toBe('');
    expect(Number(payloadOf(resolved[0]!.payload).total)).toBe(2);
    for (const row of [...opened, ...resolved])
      expect(JSON.stringify(row.payload)).not.toContain('ada@example.com');

    expect(delivered('alert.dead_letters')).toHaveLength(1);
    expect(delivered('alert.dead_letters.resolved')).toHaveLength(1);
    expect(delivered('alert.dead_letters')[0]!.subject).toMatch(/ALERT.*dead letters/);
    expect(badSignatures).toEqual([]);
    console.log(`dead-letter alert text: ${delivered('alert.dead_letters')[0]!.text.split('\n')[0]}`);
  });

  it('MariaDB away for 10 s raises one database alert per recipient, written once it is back, then resolved', async () => {
    await env.mariadb.stop();
    await sleep(10_000);
    await env.mariadb.start();
    await waitFor(
      async () => (await alertRows('alert.database_unreachable.resolved').catch(() => [])).length > 0,
      90_000,
      'database alert and its resolution in the outbox',
    );
    await waitFor(
      async () => delivered('alert.database_unreachable.resolved').length > 0,
      60_000,
      'database alerts delivered to the webhook',
    );
    const opened = await alertRows('alert.database_unreachable');
    const resolved = await alertRows('alert.database_unreachable.resolved');
    expect(opened).toHaveLength(2);
    expect(resolved).toHaveLength(2);
    const facts = payloadOf(opened[0]!.payload);
    expect(facts).toMatchObject({ kind: 'database_unreachable', key: 'database', thresholdSeconds: 3 });
    expect(Number(payloadOf(resolved[0]!.payload).downSeconds)).toBeGreaterThanOrEqual(3);
    expect(delivered('alert.database_unreachable')).toHaveLength(1);
    expect(delivered('alert.database_unreachable.resolved')).toHaveLength(1);
    expect(badSignatures).toEqual([]);
    console.log(`database alert text: ${delivered('alert.database_unreachable')[0]!.text.split('\n')[0]}`);
  });

  it('a restarted monitor restores open incidents from the outbox: no second alert, only the resolution', async () => {
    // The outbox says: Capture of partition 3 fell behind, and nobody resolved it before a restart.
    await env.db('notifications').insert({
      order_id: null,
      channel: 'email',
      recipient: 'ops@example.com',
      template: 'alert.capture_behind',
      payload: JSON.stringify({ kind: 'capture_behind', key: '3', state: 'opened' }),
      status: 'sent',
      attempts: 1,
      created_at: toDbTime(new Date()),
    });
    let behind = true;
    const monitor = await startAlertMonitor({
      db: env.db,
      logger,
      settings: {
        intervalMs: 3_600_000,
        dbOutageMs: 3_000,
        lagEvents: 100_000,
        captureLagMs: 60_000,
        deadLetterQuietMs: 4_000,
      },
      recipients: alertRecipients('ops@example.com', []),
      captureBacklog: () => [
        { partitionId: '3', oldestUncapturedEnqueuedMs: behind ? Date.now() - 3_600_000 : undefined },
      ],
    });
    try {
      expect(await monitor.check()).toEqual([]);
      behind = false;
      const round = await monitor.check();
      expect(round.map((t) => [t.kind, t.key, t.state])).toEqual([['capture_behind', '3', 'resolved']]);
      expect(await alertRows('alert.capture_behind')).toHaveLength(1);
      expect(await alertRows('alert.capture_behind.resolved')).toHaveLength(1);
    } finally {
      await monitor.close();
    }
  });

  it('measures lag per partition against the consumer group checkpoints, and Capture progress from the dev hub', async () => {
    const client = new EventHubConsumerClient('$Default', env.env.EVENTHUB_CONNECTION_STRING, 'orders');
    const container = BlobServiceClient.fromConnectionString(
      env.env.STORAGE_CONNECTION_STRING,
    ).getContainerClient('oms-checkpoints');
    const store = new BlobCheckpointStore(container) as unknown as CheckpointStore;
    try {
      // `oms` has processed everything: no lag.
      await waitFor(
        async () => (await new PartitionLagSignal(client, store, 'oms', 0).observe()).every((o) => !o.firing),
        60_000,
        'oms caught up',
      );
      // `analytics` never read anything: every event of the partitions in use is lag.
      const analytics = await new PartitionLagSignal(client, store, 'analytics', 0).observe();
      expect(analytics).toHaveLength(4);
      expect(analytics.filter((o) => o.firing).length).toBeGreaterThan(0);
      expect(analytics.reduce((n, o) => n + Number(o.details.lag), 0)).toBeGreaterThanOrEqual(2);
    } finally {
      await client.close();
    }
    const backlog = captureBacklogOf(env.hub, 'orders');
    expect(backlog.map((b) => b.partitionId).sort()).toEqual(['0', '1', '2', '3']);
  });
});
