import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALERT_KINDS,
  alertTemplate,
  parseAlertTemplate,
} from '../../services/oms-consumer/alerts/alert-kinds.ts';
import { startAlertMonitor } from '../../services/oms-consumer/alerts/alert-monitor.ts';
import { scrub } from '../../services/oms-consumer/alerts/dead-letter-signal.ts';
import { alertRecipients } from '../../services/oms-consumer/alerts/alert-recipients.ts';
import { IncidentTracker } from '../../services/oms-consumer/alerts/incident-tracker.ts';
import { connect, type Db } from '../../services/shared/db/connection.ts';
import { migrateLatest } from '../../services/shared/db/migrate.ts';
import { toDbTime } from '../../services/shared/db/time.ts';
import { createLogger } from '../../services/shared/logger.ts';
import { freshSqliteDatabase } from '../helpers/sqlite.ts';

const at = new Date('2026-12-02T08:00:00Z');

describe('the incident state machine', () => {
  it('alerts on the edge into an incident and on the edge out, never while it holds', () => {
    const t = new IncidentTracker();
    const lag = (key: string, firing: boolean) => ({
      kind: 'partition_lag' as const,
      key,
      firing,
      details: { lag: firing ? 20_000 : 0 },
    });
    expect(t.observe([lag('0', false), lag('1', false)], at)).toEqual([]);
    expect(t.observe([lag('0', true), lag('1', false)], at).map((x) => [x.key, x.state])).toEqual([
      ['0', 'opened'],
    ]);
    for (let i = 0; i < 5; i++) expect(t.observe([lag('0', true)], at)).toEqual([]);
    // A partition the hub did not answer for is not observed: its incident stays open.
    expect(t.observe([], at)).toEqual([]);
    expect(t.observe([lag('0', false)], at).map((x) => [x.key, x.state])).toEqual([['0', 'resolved']]);
    expect(t.observe([lag('0', false)], at)).toEqual([]);
  });

  it('templates fit the column and read back', () => {
    for (const kind of ALERT_KINDS)
      for (const state of ['opened', 'resolved'] as const) {
        const template = alertTemplate(kind, state);
        expect(template.length).toBeLessThanOrEqual(64);
        expect(parseAlertTemplate(template)).toEqual({ kind, state });
      }
    expect(parseAlertTemplate('order.shipped')).toBeUndefined();
    expect(parseAlertTemplate('alert.unknown')).toBeUndefined();
  });

  it('recipients: ALERT_EMAIL and the webhook targets that take the template, by name', () => {
    const recipients = alertRecipients('ops@example.com', [
      { name: 'ops', url: 'https://ops.example/hook', kinds: ['alert.*'] },
      { name: 'packaging', url: 'https://pack.example/hook', kinds: ['order.confirmed'] },
    ]);
    expect(recipients('alert.dead_letters.resolved')).toEqual([
      { channel: 'email', recipient: 'ops@example.com' },
      { channel: 'webhook', recipient: 'ops' },
    ]);
    expect(alertRecipients(undefined, [])('alert.dead_letters')).toEqual([]);
  });
});

describe('dead-letter alerts on SQLite', () => {
  const file = freshSqliteDatabase();
  let db: Db;
  const deadLetter = (reason: string) =>
    db('dead_letters').insert({
      event_id: null,
      partition_id: '0',
      sequence_number: Math.floor(Math.random() * 1e9),
      reason,
      payload: '{"email":"ada@example.com"}',
      created_at: toDbTime(new Date()),
    });
  const rows = async (template: string) =>
    (await db('notifications').where({ template }).select('channel', 'payload', 'order_id')) as {
      channel: string;
      payload: string;
      order_id: string | null;
    }[];

  beforeAll(async () => {
    db = await connect(file.url);
    await migrateLatest(db);
  });
  afterAll(async () => {
    await db.destroy();
    file.cleanup();
  });
  /** A monitor that checks only when told (an hour's interval) and resolves at once (quiet period 0). */
  const startMonitor = () =>
    startAlertMonitor({
      db,
      logger: createLogger({ level: 'silent' }),
      settings: {
        intervalMs: 3_600_000,
        dbOutageMs: 30_000,
        lagEvents: 10_000,
        captureLagMs: 900_000,
        deadLetterQuietMs: 0,
      },
      recipients: alertRecipients('ops@example.com', []),
    });

  it('ignores dead letters from before the start, alerts once for new ones, resolves after the quiet period', async () => {
    await deadLetter('old news');
    const monitor = await startMonitor();
    try {
      expect(await monitor.check()).toEqual([]);
      await deadLetter('unknown order ORD-1');
      await deadLetter('unknown order ORD-2');
      const opened = await monitor.check();
      expect(opened.map((t) => [t.kind, t.state, t.details.count])).toEqual([['dead_letters', 'opened', 2]]);
      // Quiet period 0: the next round without new dead letters resolves.
      expect((await monitor.check()).map((t) => t.state)).toEqual(['resolved']);
      expect(await monitor.check()).toEqual([]);

      const [alert] = await rows('alert.dead_letters');
      expect(alert).toMatchObject({ channel: 'email', order_id: null });
      expect(JSON.parse(alert!.payload)).toMatchObject({ kind: 'dead_letters', key: 'all', count: 2 });
      expect(alert!.payload).toContain('unknown order ORD-2');
      expect(alert!.payload).not.toContain('ada@example.com');
      expect(await rows('alert.dead_letters.resolved')).toHaveLength(1);
    } finally {
      await monitor.close();
    }
  });

  it('a restarted monitor resumes after the last alerted dead letter: nothing old fires again', async () => {
    const monitor = await startMonitor();
    try {
      expect(await monitor.check()).toEqual([]);
      expect(await rows('alert.dead_letters')).toHaveLength(1);
    } finally {
      await monitor.close();
    }
  });
});

describe('dead-letter reasons in alerts', () => {
  it('blank quoted values and email addresses a database error may carry', () => {
    expect(scrub("could not apply: Duplicate entry 'ada@example.com' for key 'customers_email_unique'")).toBe(
      "could not apply: Duplicate entry '…' for key 'customers_email_unique'",
    );
    expect(scrub('invalid customer ada.l@example.co.uk in order')).toBe('invalid customer [email] in order');
    expect(scrub('unknown order ORD-20261202-ABC')).toBe('unknown order ORD-20261202-ABC');
  });
});
