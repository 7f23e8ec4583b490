import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDispatcher,
  type DispatcherSettings,
  verifyWebhookSignature,
  webhookSignature,
} from '../../services/notifier/index.ts';
import { applyBatch } from '../../services/oms-consumer/index.ts';
import { writeOutbox } from '../../services/oms-consumer/outbox.ts';
import { connect, type Db } from '../../services/shared/db/connection.ts';
import { migrateLatest } from '../../services/shared/db/migrate.ts';
import { seedDatabase } from '../../services/shared/db/seed/index.ts';
import { toDbTime } from '../../services/shared/db/time.ts';
import { policyWithFraudThresholds } from '../../services/shared/domain/order-decision/index.ts';
import { returnPolicyWithWindow } from '../../services/shared/domain/return-policy.ts';
import { EVENT_TYPES } from '../../services/shared/domain/event-types.ts';
import { createOrderEvent } from '../../services/shared/events/cloud-event.ts';
import * as migration0004 from '../../services/shared/db/migrations/0004_notification_dispatch.ts';
import { freshMysqlDatabase } from '../helpers/mariadb.ts';
import { asMessages, placedEvent } from '../helpers/order-events.ts';
import { waitFor } from '../helpers/pipeline-env.ts';
import { freePort } from '../helpers/ports.ts';
import { freshSqliteDatabase } from '../helpers/sqlite.ts';

const SECRET = 'test-webhook-secret-0123456789abcdef0123';

interface Mail {
  to: string;
  subject: string;
  text: string;
  id: string;
}

/** A real SMTP server (smtp-server) on a fixed port that can be taken down and brought back. */
class MailServer {
  readonly mails: Mail[] = [];
  private server: SMTPServer | undefined;
  constructor(readonly port: number) {}
  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const header = (name: string) =>
            new RegExp(`^${name}: (.*(?:\\r\\n[ \\t].*)*)`, 'im')
              .exec(raw)?.[1]
              ?.replace(/\r\n[ \t]/g, ' ') ?? '';
          this.mails.push({
            to: session.envelope.rcptTo.map((r) => r.address).join(','),
            subject: decodeMime(header('Subject')),
            text: quotedPrintable(
              raw
                .split(/\r\n\r\n/)
                .slice(1)
                .join('\n'),
            ),
            id: header('OMS-Notification-Id'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }
}

/** A quoted-printable body back to text (soft line breaks joined, =XX bytes decoded as UTF-8). */
function quotedPrintable(body: string): string {
  return Buffer.from(
    body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
    'latin1',
  ).toString('utf8');
}

/** `=?UTF-8?Q?…?=` / `=?UTF-8?B?…?=` encoded words back to text. */
function decodeMime(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([qb])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
      enc.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
    );
}

interface Hook {
  target: string;
  id: number;
  type: string;
  orderId: string | null;
  data: Record<string, unknown>;
}

/** A real webhook receiver: verifies every signature; answers 500 while `failing`. */
class HookReceiver {
  readonly deliveries: Hook[] = [];
  badSignatures = 0;
  failing = false;
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (this.failing) {
        res.writeHead(500).end();
        return;
      }
      const body = Buffer.concat(chunks).toString('utf8');
      const check = verifyWebhookSignature(SECRET, body, req.headers['oms-signature'] as string | undefined);
      if (!check.ok) {
        this.badSignatures++;
        res.writeHead(400).end();
        return;
      }
      this.deliveries.push({ target: req.url!.slice(1), ...(JSON.parse(body) as Omit<Hook, 'target'>) });
      res.writeHead(204).end();
    });
  });
  url = '';
  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

describe('webhook signatures', () => {
  it('accept the signed body and refuse a changed body, another secret, an old timestamp', () => {
    const body = JSON.stringify({ id: 1, type: 'order.shipped' });
    const now = 1_800_000_000;
    const header = webhookSignature(SECRET, body, now);
    expect(verifyWebhookSignature(SECRET, body, header, { nowSeconds: now + 10 })).toEqual({
      ok: true,
      timestamp: now,
    });
    expect(verifyWebhookSignature(SECRET, body.replace('1', '2'), header, { nowSeconds: now }).ok).toBe(
      false,
    );
    expect(verifyWebhookSignature(`${SECRET}x`, body, header, { nowSeconds: now }).ok).toBe(false);
    expect(verifyWebhookSignature(SECRET, body, header, { nowSeconds: now + 301 })).toEqual({
      ok: false,
      reason: 'timestamp outside tolerance',
    });
    expect(verifyWebhookSignature(SECRET, body, undefined).ok).toBe(false);
    // During a secret rotation a delivery may carry two signatures.
    const rotated = `${header},v1=${webhookSignature('old-secret', body, now).split('v1=')[1]}`;
    expect(verifyWebhookSignature(SECRET, body, rotated, { nowSeconds: now }).ok).toBe(true);
  });
});

describe.each([
  { name: 'sqlite', setup: async () => freshSqliteDatabase() },
  { name: 'mariadb', setup: () => freshMysqlDatabase() },
])('the notification outbox and dispatcher on $name', ({ name, setup }) => {
  let db: Db;
  let url: string;
  let cleanup: () => unknown;
  let mail: MailServer;
  const hooks = new HookReceiver();
  let sku: { sku: string; unitPrice: number };
  let soldOut: { sku: string; unitPrice: number };
  let seq = 0;
  const logLines: string[] = [];
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        logLines.push(chunk.toString('utf8'));
        cb();
      },
    }),
  );

  const settings = (more: Partial<DispatcherSettings> = {}): DispatcherSettings => ({
    smtpUrl: `smtp://127.0.0.1:${mail.port}?ignoreTLS=true`,
    mailFrom: 'OMS <oms@example.com>',
    webhooks: [
      { name: 'ops', url: `${hooks.url}/ops`, kinds: [] },
      { name: 'shipping', url: `${hooks.url}/shipping`, kinds: ['order.shipped', 'order.delivered'] },
    ],
    webhookSecret: SECRET,
    maxAttempts: 5,
    baseDelayMs: 20,
    timeoutMs: 2_000,
    concurrency: 4,
    pollMs: 20,
    ...more,
  });
  const apply = (events: unknown[], placement: Parameters<typeof applyBatch>[3] = {}) => {
    const messages = asMessages(events, '0', seq);
    seq += events.length;
    return applyBatch(db, messages, new Date(), { outbox: { webhooks: settings().webhooks }, ...placement });
  };
  const rows = () =>
    db('notifications')
      .orderBy('id')
      .select(
        'id',
        'order_id',
        'channel',
        'recipient',
        'template',
        'status',
        'attempts',
        'last_error',
        'language',
      );

  beforeAll(async () => {
    const fresh = await setup();
    cleanup = fresh.cleanup;
    url = fresh.url;
    db = await connect(url);
    await migrateLatest(db);
    await seedDatabase(db, { orders: 20, seed: 5, days: 10, now: new Date('2026-11-20T00:00:00Z') });
    // Seeded rows are history; these tests count only what they cause.
    await db('notifications').del();
    const stock = (await db('inventory as i')
      .join('products as p', 'p.id', 'i.product_id')
      .where('p.active', true)
      .select('p.sku', 'p.unit_price', 'i.on_hand', 'i.reserved')) as {
      sku: string;
      unit_price: string | number;
      on_hand: number;
      reserved: number;
    }[];
    const ok = stock.find((s) => s.on_hand - s.reserved >= 100)!;
    const out = stock.find((s) => s.on_hand - s.reserved <= 0)!;
    sku = { sku: ok.sku, unitPrice: Number(ok.unit_price) };
    soldOut = { sku: out.sku, unitPrice: Number(out.unit_price) };
    mail = new MailServer(await freePort());
    await mail.start();
    await hooks.start();
  });
  afterAll(async () => {
    await mail?.stop();
    await hooks.stop();
    await db?.destroy();
    await cleanup?.();
  });

  it('writes one row per recipient in the batch transaction and sends each notice kind once', async () => {
    const line = { ...sku, quantity: 1 };
    const de = placedEvent([line], { country: 'DE' }); // confirmed → shipped → delivered → return approved+refunded
    const fr = placedEvent([line], { country: 'FR' }); // held → released (confirmed)
    const gb = placedEvent([{ ...soldOut, quantity: 1 }], { country: 'GB' }); // cancelled: out of stock
    const old = placedEvent([line], { country: 'DE' }); // delivered long ago → return rejected
    await apply([de, gb, old]);
    await apply([fr], { policy: policyWithFraudThresholds({ holdAt: 0, cancelAt: 101 }) });
    await apply([
      createOrderEvent(EVENT_TYPES.orderReviewed, '/ops', {
        orderId: fr.data.orderId,
        decision: 'release',
        reviewer: 'ops@example.com',
      }),
      createOrderEvent(EVENT_TYPES.orderShipped, '/warehouse', {
        orderId: de.data.orderId,
        carrier: 'DHL',
        trackingNumber: 'JVGL0001',
      }),
      createOrderEvent(EVENT_TYPES.orderShipped, '/warehouse', {
        orderId: old.data.orderId,
        carrier: 'UPS',
        trackingNumber: '1Z0002',
      }),
    ]);
    // Delivered after it was shipped (the consumer refuses the reverse).
    const deliveredAt = new Date().toISOString();
    await apply([
      createOrderEvent(EVENT_TYPES.orderDelivered, '/carriers/dhl', {
        orderId: de.data.orderId,
        deliveredAt,
      }),
      createOrderEvent(EVENT_TYPES.orderDelivered, '/carriers/ups', {
        orderId: old.data.orderId,
        deliveredAt,
      }),
    ]);
    await apply([
      createOrderEvent(EVENT_TYPES.returnRequested, '/channels/web', {
        orderId: de.data.orderId,
        reason: 'damaged',
        comment: 'Arrived broken.',
      }),
    ]);
    await new Promise((r) => setTimeout(r, 20));
    // A zero-day window: this return comes too late.
    await apply(
      [
        createOrderEvent(EVENT_TYPES.returnRequested, '/channels/web', {
          orderId: old.data.orderId,
          reason: 'changed_mind',
          comment: 'No longer needed.',
        }),
      ],
      { returns: returnPolicyWithWindow(0) },
    );
    const written = await rows();
    const kinds = (orderId: string) =>
      written.filter((r) => r.order_id === orderId && r.channel === 'email').map((r) => r.template);
    expect(kinds(de.data.orderId)).toEqual([
      'order.confirmed',
      'order.shipped',
      'order.delivered',
      'return.approved',
      'return.refunded',
    ]);
    // A hold is not mailed (no tip-off to a suspected fraudster); the release confirms.
    expect(kinds(fr.data.orderId)).toEqual(['order.confirmed']);
    expect(kinds(gb.data.orderId)).toEqual(['order.cancelled']);
    expect(kinds(old.data.orderId)).toContain('return.rejected');
    expect(written.find((r) => r.order_id === fr.data.orderId && r.template === 'order.held')?.channel).toBe(
      'webhook',
    );
    // Language from the customer's country, English otherwise.
    expect(written.find((r) => r.order_id === fr.data.orderId && r.channel === 'email')?.language).toBe('fr');
    expect(written.find((r) => r.order_id === gb.data.orderId && r.channel === 'email')?.language).toBe('en');
    // Every notice goes to `ops`; only shipped and delivered to `shipping`.
    const notices = written.filter((r) => r.recipient === 'ops').length;
    expect(
      written
        .filter((r) => r.recipient === 'shipping')
        .map((r) => r.template)
        .sort(),
    ).toEqual(['order.delivered', 'order.delivered', 'order.shipped', 'order.shipped']);
    // Redelivering a batch writes nothing more (the event ids are known).
    seq -= 2;
    await apply([de, gb]);
    expect(await db('notifications').count({ n: '*' })).toEqual([{ n: written.length }]);

    const dispatcher = createDispatcher({ ...settings(), db, logger });
    expect(await dispatcher.drain()).toBe(written.length);
    await dispatcher.close();

    const after = await rows();
    expect(after.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    const emails = written.filter((r) => r.channel === 'email');
    expect(mail.mails).toHaveLength(emails.length);
    expect(new Set(mail.mails.map((m) => m.id)).size).toBe(emails.length);
    const mailOf = (orderId: string, template: string) =>
      mail.mails.find(
        (m) => m.id === String(emails.find((r) => r.order_id === orderId && r.template === template)?.id),
      );
    expect(mailOf(de.data.orderId, 'order.shipped')).toMatchObject({
      to: de.data.customer.email,
      subject: `Ihre Bestellung ${de.data.orderId} ist unterwegs`,
    });
    expect(mailOf(de.data.orderId, 'order.shipped')?.text).toContain('JVGL0001');
    expect(mailOf(fr.data.orderId, 'order.confirmed')?.subject).toBe(
      `Votre commande ${fr.data.orderId} est confirmée`,
    );
    expect(mailOf(gb.data.orderId, 'order.cancelled')?.subject).toBe(
      `Your order ${gb.data.orderId} was cancelled`,
    );
    expect(mailOf(gb.data.orderId, 'order.cancelled')?.text).toContain('an item is out of stock');
    expect(mailOf(old.data.orderId, 'return.rejected')?.subject).toContain('konnte nicht angenommen werden');

    expect(hooks.badSignatures).toBe(0);
    expect(hooks.deliveries.filter((h) => h.target === 'ops')).toHaveLength(notices);
    expect(hooks.deliveries.filter((h) => h.target === 'shipping')).toHaveLength(4);
    expect(new Set(hooks.deliveries.map((h) => h.id)).size).toBe(hooks.deliveries.length);
    expect(
      hooks.deliveries.find((h) => h.type === 'order.shipped' && h.orderId === de.data.orderId)?.data,
    ).toMatchObject({ carrier: 'DHL', trackingNumber: 'JVGL0001' });
    // The log names ids, templates and channels; never an address.
    const log = logLines.join('');
    for (const e of [de, fr, gb, old]) expect(log).not.toContain(e.data.customer.email);
    console.log(
      `[${name}] ${written.length} notifications: ${emails.length} emails, ${hooks.deliveries.length} webhooks`,
    );
  });

  it('retries an SMTP outage and a webhook 500 with backoff until the receivers are back', async () => {
    mail.mails.length = 0;
    hooks.deliveries.length = 0;
    await mail.stop();
    hooks.failing = true;
    const order = placedEvent([{ ...sku, quantity: 1 }], { country: 'GB' });
    await apply([order]);
    const mine = () => db('notifications').where({ order_id: order.data.orderId });
    const dispatcher = createDispatcher({ ...settings({ maxAttempts: 50 }), db, logger });
    dispatcher.start();
    try {
      await waitFor(
        async () => (await mine()).every((r: { attempts: number }) => r.attempts >= 2),
        20_000,
        'two failed attempts each',
      );
      expect((await mine()).every((r: { status: string }) => r.status === 'pending')).toBe(true);
      const errors = (await mine()).map((r: { last_error: string }) => r.last_error);
      expect(errors.some((e: string) => /HTTP 500/.test(e))).toBe(true);
      await mail.start();
      hooks.failing = false;
      await waitFor(
        async () => (await mine()).every((r: { status: string }) => r.status === 'sent'),
        20_000,
        'all sent once the receivers are back',
      );
    } finally {
      await dispatcher.close();
    }
    expect(mail.mails.filter((m) => m.to === order.data.customer.email)).toHaveLength(1);
    expect(hooks.deliveries.filter((h) => h.orderId === order.data.orderId)).toHaveLength(1);
    const attempts = (await mine()).map((r: { attempts: number }) => r.attempts);
    console.log(`[${name}] attempts before the receivers came back: ${attempts.join(', ')}`);
  });

  it('marks a row failed with its last error after the configured attempts', async () => {
    hooks.failing = true;
    const order = placedEvent([{ ...sku, quantity: 1 }], { country: 'GB' });
    await apply([order]);
    const dispatcher = createDispatcher({ ...settings({ maxAttempts: 3 }), db, logger });
    dispatcher.start();
    const hook = () =>
      db('notifications').where({ order_id: order.data.orderId, channel: 'webhook' }).first();
    try {
      await waitFor(async () => (await hook()).status === 'failed', 20_000, 'the webhook row failed');
    } finally {
      await dispatcher.close();
      hooks.failing = false;
    }
    expect(await hook()).toMatchObject({
      status: 'failed',
      attempts: 3,
      last_error: 'webhook answered HTTP 500',
    });
    expect(
      (await db('notifications').where({ order_id: order.data.orderId, channel: 'email' }).first()).status,
    ).toBe('sent');
  });

  it('sends a negative return comment to support, not to the customer', async () => {
    mail.mails.length = 0;
    const order = placedEvent([{ ...sku, quantity: 1 }], { country: 'DE' });
    await apply([order]);
    await db('notifications').where({ order_id: order.data.orderId }).del();
    await db.transaction((trx) =>
      writeOutbox(
        trx,
        [{ orderId: order.data.orderId, kind: 'return.negative', data: { reason: 'damaged' } }],
        new Date(),
        {
          webhooks: [],
          supportEmail: 'support@example.com',
        },
      ),
    );
    const dispatcher = createDispatcher({ ...settings(), db, logger });
    await dispatcher.drain();
    await dispatcher.close();
    expect(mail.mails).toEqual([
      expect.objectContaining({
        to: 'support@example.com',
        subject: `Return for order ${order.data.orderId} needs follow-up`,
      }),
    ]);
  });

  it('sends an operator alert row (no order) through the same channels', async () => {
    mail.mails.length = 0;
    hooks.deliveries.length = 0;
    const base = {
      order_id: null,
      template: 'alert.dead_letters',
      status: 'pending',
      attempts: 0,
      created_at: toDbTime(new Date()),
      payload: JSON.stringify({ subject: '[OMS] 3 dead letters', text: 'Dead letters appeared.', count: 3 }),
    };
    await db('notifications').insert([
      { ...base, channel: 'email', recipient: 'oncall@example.com' },
      { ...base, channel: 'webhook', recipient: 'ops' },
    ]);
    const dispatcher = createDispatcher({ ...settings(), db, logger });
    await dispatcher.drain();
    await dispatcher.close();
    expect(mail.mails).toEqual([
      expect.objectContaining({ to: 'oncall@example.com', subject: '[OMS] 3 dead letters' }),
    ]);
    expect(hooks.deliveries).toEqual([
      expect.objectContaining({
        target: 'ops',
        type: 'alert.dead_letters',
        orderId: null,
        data: expect.objectContaining({ count: 3 }),
      }),
    ]);
  });

  it('never sends a notification twice with two dispatchers on one database', async () => {
    mail.mails.length = 0;
    hooks.deliveries.length = 0;
    const now = toDbTime(new Date());
    const many = Array.from({ length: 120 }, (_, i) => ({
      order_id: null,
      channel: i % 2 ? 'email' : 'webhook',
      recipient: i % 2 ? `bulk${i}@example.com` : 'ops',
      template: 'alert.bulk',
      status: 'pending',
      attempts: 0,
      created_at: now,
      payload: JSON.stringify({ subject: `bulk ${i}`, text: 'x' }),
    }));
    await db('notifications').insert(many);
    const a = createDispatcher({
      ...settings({ concurrency: 8, timeoutMs: 20_000 }),
      db,
      logger,
      instance: 'a',
    });
    // A second instance has its own connections, as a second process would.
    // SQLite has one writer: its second dispatcher shares the process's connection (a single claimer).
    const other = name === 'sqlite' ? db : await connect(url);
    const b = createDispatcher({
      ...settings({ concurrency: 8, timeoutMs: 20_000 }),
      db: other,
      logger,
      instance: 'b',
    });
    const [na, nb] = await Promise.all([a.drain(), b.drain()]);
    await Promise.all([a.close(), b.close()]);
    if (other !== db) await other.destroy();
    // Each claim is one attempt; a retry (a slow machine's timeout) is a second claim, never a shared one.
    const [{ attempts }] = (await db('notifications')
      .where({ template: 'alert.bulk' })
      .sum({ attempts: 'attempts' })) as [{ attempts: number | string }];
    expect(na + nb).toBe(Number(attempts));
    expect(mail.mails).toHaveLength(60);
    expect(new Set(mail.mails.map((m) => m.id)).size).toBe(60);
    expect(hooks.deliveries).toHaveLength(60);
    expect(new Set(hooks.deliveries.map((h) => h.id)).size).toBe(60);
    expect(
      await db('notifications').where({ template: 'alert.bulk', status: 'sent' }).count({ n: '*' }),
    ).toEqual([{ n: 120 }]);
    console.log(`[${name}] two dispatchers: a sent ${na}, b sent ${nb}, 0 duplicates`);
  });

  it('migration 0004 upgrades a notifications table of the first contract', async () => {
    const fresh = await setup();
    const old = await connect(fresh.url);
    try {
      await old.schema.createTable('notifications', (t) => {
        t.increments('id');
        t.string('order_id', 32).notNullable();
        t.enu('channel', ['email', 'webhook', 'sms']).notNullable();
        t.string('recipient', 254).notNullable();
        t.string('template', 64).notNullable();
        t.enu('status', ['pending', 'sent', 'failed']).notNullable().defaultTo('pending');
        t.integer('attempts').notNullable().defaultTo(0);
        t.text('last_error').nullable();
        t.datetime('created_at', { precision: 3 }).notNullable();
        t.datetime('sent_at', { precision: 3 }).nullable();
        t.index(['order_id']);
        t.index(['status']);
      });
      await old('notifications').insert({
        order_id: 'ORD-OLD0000001',
        channel: 'email',
        recipient: 'old@example.com',
        template: 'order_confirmation',
        created_at: toDbTime(new Date()),
      });
      await migration0004.up(old);
      await migration0004.up(old); // a second run changes nothing
      const info = await old('notifications').columnInfo();
      expect(info.order_id?.nullable).toBe(true);
      for (const c of ['payload', 'language', 'next_attempt_at', 'claimed_by', 'claimed_until'])
        expect(info[c]?.nullable, c).toBe(true);
      expect(await old('notifications').select('order_id', 'status')).toEqual([
        { order_id: 'ORD-OLD0000001', status: 'pending' },
      ]);
    } finally {
      await old.destroy();
      await fresh.cleanup();
    }
  });
});
