import type { CheckpointStore, EventHubConsumerClient } from '@azure/event-hubs';
import type { Db } from '../../shared/db/connection.ts';
import type { Logger } from '../../shared/logger.ts';
import { alertTemplate, describeAlert, type AlertTransition, type Observation } from './alert-kinds.ts';
import {
  alertMessage,
  restoreAlerts,
  writeAlertRows,
  type AlertMessage,
  type AlertRecipients,
} from './alert-outbox.ts';
import { observeCapture, type CaptureBacklogSource } from './capture-signal.ts';
import { DatabaseSignal } from './database-signal.ts';
import { DeadLetterSignal } from './dead-letter-signal.ts';
import { IncidentTracker } from './incident-tracker.ts';
import { PartitionLagSignal } from './partition-lag-signal.ts';

/** Thresholds and pace (ALERT_* variables, docs/alerts.md). */
export interface AlertSettings {
  /** How often the signals are read. */
  intervalMs: number;
  /** The database unreachable this long opens an incident. */
  dbOutageMs: number;
  /** More unprocessed events than this on one partition opens an incident. */
  lagEvents: number;
  /** The oldest event Capture has not archived older than this opens an incident. */
  captureLagMs: number;
  /** A dead-letter incident resolves after this long without a new dead letter. */
  deadLetterQuietMs: number;
}

export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  intervalMs: 15_000,
  dbOutageMs: 30_000,
  lagEvents: 10_000,
  captureLagMs: 900_000,
  deadLetterQuietMs: 300_000,
};

export interface AlertMonitorOptions {
  db: Db;
  logger: Logger;
  settings: AlertSettings;
  /** Who gets each template; none ⇒ the alert is only logged (the log is the fallback transport). */
  recipients: AlertRecipients;
  /** The hub and the consumer group's checkpoints, for the lag per partition. */
  hub?: { client: EventHubConsumerClient; checkpoints: CheckpointStore; consumerGroup: string };
  /** Capture progress, where the hub reports it (the dev hub). */
  captureBacklog?: CaptureBacklogSource;
  /**
   * Sends an alert at once without the outbox (the dispatcher's channel senders), used while the
   * database is away: without it a database-outage alert reaches the outbox only once the database
   * is back (and the log at once).
   */
  sendDirect?: (message: AlertMessage) => Promise<void>;
}

export interface RunningAlertMonitor {
  /** Runs one round now (tests); rounds never overlap. */
  check(): Promise<AlertTransition[]>;
  close(): Promise<void>;
}

interface Pending {
  transition: AlertTransition;
  sentDirectly: boolean;
}

/**
 * The operator-alert monitor, run inside the consumer process (docs/alerts.md): every `intervalMs` it
 * reads the four signals, feeds the incident state machine, and writes each opened or resolved incident
 * to the notifications outbox, which the dispatcher delivers like any other notification. Alerts that
 * cannot be written because the database is away wait in memory, in order, and are written as soon as
 * it answers again; with `sendDirect` they also go out at once.
 */
export async function startAlertMonitor(options: AlertMonitorOptions): Promise<RunningAlertMonitor> {
  const { db, logger, settings } = options;
  const log = logger.child({ component: 'alerts' });
  const tracker = new IncidentTracker();
  const database = new DatabaseSignal(db, settings.dbOutageMs);
  const deadLetters = new DeadLetterSignal(db, settings.deadLetterQuietMs);
  const lag = options.hub
    ? new PartitionLagSignal(
        options.hub.client,
        options.hub.checkpoints,
        options.hub.consumerGroup,
        settings.lagEvents,
      )
    : undefined;
  const queue: Pending[] = [];
  let restored = false;

  const restore = async () => {
    try {
      const state = await restoreAlerts(db);
      for (const i of state.open) tracker.restore(i.kind, i.key, 'opened');
      await deadLetters.start(state.deadLetterWatermark);
      restored = true;
      if (state.open.length > 0)
        log.info({ open: state.open.map((i) => `${i.kind}/${i.key}`) }, 'alerts: open incidents restored');
    } catch (err) {
      log.warn({ err: { message: (err as Error).message } }, 'alerts: cannot read the outbox yet');
    }
  };

  const announce = async (t: AlertTransition): Promise<boolean> => {
    const line = { alert: alertTemplate(t.kind, t.state), key: t.key, details: t.details };
    if (t.state === 'opened') log.error(line, `ALERT ${describeAlert(t)}`);
    else log.info(line, `alert resolved: ${describeAlert(t)}`);
    if (!database.down || !options.sendDirect) return false;
    try {
      await options.sendDirect(alertMessage(t));
      return true;
    } catch (err) {
      log.warn({ err: { message: (err as Error).message } }, 'alerts: direct send failed');
      return false;
    }
  };

  const flush = async () => {
    while (queue.length > 0 && !database.down) {
      const { transition, sentDirectly } = queue[0]!;
      const template = alertTemplate(transition.kind, transition.state);
      try {
        await writeAlertRows(db, transition, options.recipients(template), sentDirectly);
      } catch (err) {
        log.warn({ err: { message: (err as Error).message } }, 'alerts: outbox write failed; retrying');
        return;
      }
      queue.shift();
    }
  };

  const round = async (): Promise<AlertTransition[]> => {
    const now = Date.now();
    const observations: Observation[] = [await database.observe(now)];
    if (!database.down) {
      if (!restored) await restore();
      if (restored) {
        try {
          observations.push(await deadLetters.observe(now, tracker.isOpen('dead_letters', 'all')));
        } catch {
          // The database went away between the probe and this query: the next round sees it.
        }
      }
    }
    if (lag) observations.push(...(await lag.observe()));
    if (options.captureBacklog)
      observations.push(...(await observeCapture(options.captureBacklog, settings.captureLagMs, now)));
    // Until the outbox has been read, only the database signal may open or close an incident.
    const usable = restored ? observations : observations.filter((o) => o.kind === 'database_unreachable');
    const transitions = tracker.observe(usable, new Date(now));
    for (const t of transitions) queue.push({ transition: t, sentDirectly: await announce(t) });
    await flush();
    return transitions;
  };

  let running: Promise<AlertTransition[]> = Promise.resolve([]);
  const check = () => {
    running = running.catch(() => []).then(round);
    return running;
  };
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const schedule = () => {
    if (closed) return;
    timer = setTimeout(() => {
      check()
        .catch((err: unknown) =>
          log.warn({ err: { message: (err as Error).message } }, 'alerts: round failed'),
        )
        .finally(schedule);
    }, settings.intervalMs);
    timer.unref();
  };

  await restore();
  schedule();
  return {
    check,
    async close() {
      closed = true;
      clearTimeout(timer);
      await running.catch(() => undefined);
      // Last chance for alerts still waiting for the database.
      await flush().catch(() => undefined);
    },
  };
}
