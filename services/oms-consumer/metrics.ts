import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface ConsumerMetrics {
  events: Counter<'outcome'>;
  batchSize: Histogram;
  batchSeconds: Histogram;
  lag: Gauge<'partition'>;
  deadLetters: Counter;
  retries: Counter<'stage'>;
}

/** The consumer's Prometheus metrics (events/s is `rate(oms_consumer_events_total[1m])`). */
export function consumerMetrics(registry: Registry): ConsumerMetrics {
  return {
    events: new Counter({
      name: 'oms_consumer_events_total',
      help: 'Events processed, by outcome (applied, duplicate, dead_letter)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    batchSize: new Histogram({
      name: 'oms_consumer_batch_size',
      help: 'Events per applied batch',
      buckets: [1, 10, 50, 100, 250, 500, 1000],
      registers: [registry],
    }),
    batchSeconds: new Histogram({
      name: 'oms_consumer_batch_seconds',
      help: 'Time to apply and commit one batch',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
      registers: [registry],
    }),
    lag: new Gauge({
      name: 'oms_consumer_lag_events',
      help: 'Events enqueued on the partition but not yet processed',
      labelNames: ['partition'] as const,
      registers: [registry],
    }),
    deadLetters: new Counter({
      name: 'oms_consumer_dead_letters_total',
      help: 'Messages written to dead_letters',
      registers: [registry],
    }),
    retries: new Counter({
      name: 'oms_consumer_retries_total',
      help: 'Retries after a failure, by stage (database, gateway, checkpoint)',
      labelNames: ['stage'] as const,
      registers: [registry],
    }),
  };
}
