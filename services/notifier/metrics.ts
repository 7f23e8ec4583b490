import { Counter, type Registry } from 'prom-client';

export interface NotifierMetrics {
  /** outcome: sent, retried (a failed attempt that will be tried again), failed (given up). */
  notifications: Counter<'channel' | 'outcome'>;
}

export function notifierMetrics(registry: Registry): NotifierMetrics {
  const name = 'oms_notifier_notifications_total';
  // An embedding process (npm start) may already hold it; one counter per registry.
  const existing = registry.getSingleMetric(name) as Counter<'channel' | 'outcome'> | undefined;
  return {
    notifications:
      existing ??
      new Counter({
        name,
        help: 'Notification delivery attempts by channel and outcome (sent, retried, failed)',
        labelNames: ['channel', 'outcome'] as const,
        registers: [registry],
      }),
  };
}
