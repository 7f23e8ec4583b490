import type { Registry } from 'prom-client';
import type { Db } from '../../shared/db/connection.ts';
import type { Logger } from '../../shared/logger.ts';
import { parsePrometheusText, type Samples } from './prometheus-text.ts';

/** What the ops console's pipeline panel shows. */
export interface PipelineHealth {
  eventsPerSecond: number;
  eventsTotal: number;
  partitions: { partitionId: string; lagEvents: number }[];
  deadLetters: { total: number; open: number };
  retries: Record<string, number>;
  updatedAt: string;
  /** Where the consumer figures came from; `unavailable` when no consumer could be read. */
  consumerMetrics: 'in-process' | 'scraped' | 'unavailable';
}

export interface PipelineHealthOptions {
  db: Db;
  logger: Logger;
  /** The registry the embedded consumer registers on (`oms start`); read in-process. */
  registry: () => Registry | undefined;
  /** Standalone consumers' `/metrics` (CONSUMER_METRICS_URL); when set, these are read instead. */
  scrapeUrls?: readonly string[];
  /** Sent as `Authorization: Bearer …` to those URLs (their /metrics is operator-only). */
  scrapeToken?: string | undefined;
  /** How long one scrape may take. */
  scrapeTimeoutMs?: number;
}

const EVENTS = 'oms_consumer_events_total';
const LAG = 'oms_consumer_lag_events';
const RETRIES = 'oms_consumer_retries_total';
const WANTED = new Set([EVENTS, LAG, RETRIES]);

/** Reads closer together than this reuse the previous rate: a rate over a few ms is noise. */
const MIN_RATE_WINDOW_MS = 1000;

function fromRegistry(registry: Registry): Promise<Samples> {
  return Promise.all(
    [...WANTED].map(async (name) => {
      const metric = registry.getSingleMetric(name);
      if (!metric) return [name, []] as const;
      const { values } = await metric.get();
      return [
        name,
        values.map((v) => ({
          labels: Object.fromEntries(Object.entries(v.labels).map(([k, l]) => [k, String(l)])),
          value: v.value,
        })),
      ] as const;
    }),
  ).then((entries) => new Map(entries.map(([n, s]) => [n, [...s]])));
}

/**
 * The pipeline's health: consumer figures from its prom-client metrics (in this process under `oms
 * start`, scraped from standalone consumers when CONSUMER_METRICS_URL lists them; their counters are
 * summed, partitions merged), dead letters from the database. `eventsPerSecond` is the rate of the
 * events counter between this read and the previous one (kept here), not the counter itself.
 */
export function pipelineHealth(options: PipelineHealthOptions): () => Promise<PipelineHealth> {
  const { db, logger } = options;
  let last: { at: number; total: number; rate: number } | undefined;

  const scrape = async (): Promise<Samples[]> => {
    const results = await Promise.allSettled(
      (options.scrapeUrls ?? []).map(async (url) => {
        const res = await fetch(url, {
          headers: options.scrapeToken ? { authorization: `Bearer ${options.scrapeToken}` } : {},
          signal: AbortSignal.timeout(options.scrapeTimeoutMs ?? 2000),
        });
        if (!res.ok) throw new Error(`${url} answered ${res.status}`);
        return parsePrometheusText(await res.text(), WANTED);
      }),
    );
    const read: Samples[] = [];
    for (const r of results) {
      if (r.status === 'fulfilled') read.push(r.value);
      else logger.warn({ err: r.reason }, 'could not read a consumer’s metrics');
    }
    return read;
  };

  const consumerSamples = async (): Promise<{
    sources: Samples[];
    via: PipelineHealth['consumerMetrics'];
  }> => {
    if (options.scrapeUrls && options.scrapeUrls.length > 0) {
      const sources = await scrape();
      return { sources, via: sources.length > 0 ? 'scraped' : 'unavailable' };
    }
    const registry = options.registry();
    const samples = registry ? await fromRegistry(registry) : undefined;
    // A registry without the consumer's counters: this API runs without an embedded consumer.
    return samples && registry?.getSingleMetric(EVENTS)
      ? { sources: [samples], via: 'in-process' }
      : { sources: [], via: 'unavailable' };
  };

  return async () => {
    const [{ sources, via }, counts] = await Promise.all([
      consumerSamples(),
      db('dead_letters')
        .select(
          db.raw('count(*) as total'),
          db.raw('sum(case when retried_at is null then 1 else 0 end) as open'),
        )
        .first() as Promise<{ total: number | string; open: number | string | null }>,
    ]);
    let eventsTotal = 0;
    const lag = new Map<string, number>();
    const retries: Record<string, number> = {};
    for (const s of sources) {
      for (const e of s.get(EVENTS) ?? []) eventsTotal += e.value;
      // Each partition has one owner; during a hand-over both may report it, the larger lag is kept.
      for (const l of s.get(LAG) ?? []) {
        const p = l.labels.partition ?? '';
        lag.set(p, Math.max(lag.get(p) ?? 0, l.value));
      }
      for (const r of s.get(RETRIES) ?? []) {
        const stage = r.labels.stage ?? 'unknown';
        retries[stage] = (retries[stage] ?? 0) + r.value;
      }
    }

    const now = Date.now();
    let rate = 0;
    if (last && now - last.at < MIN_RATE_WINDOW_MS) {
      rate = last.rate;
    } else {
      // A smaller total than before means a consumer restarted: start over from this read.
      if (last && eventsTotal >= last.total) rate = ((eventsTotal - last.total) * 1000) / (now - last.at);
      last = { at: now, total: eventsTotal, rate };
    }

    return {
      eventsPerSecond: Math.round(rate * 100) / 100,
      eventsTotal,
      partitions: [...lag]
        .map(([partitionId, lagEvents]) => ({ partitionId, lagEvents }))
        .sort((a, b) => a.partitionId.localeCompare(b.partitionId, 'en', { numeric: true })),
      deadLetters: { total: Number(counts?.total ?? 0), open: Number(counts?.open ?? 0) },
      retries,
      updatedAt: new Date(now).toISOString(),
      consumerMetrics: via,
    };
  };
}
