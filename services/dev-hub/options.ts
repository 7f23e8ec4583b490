/**
 * `startDevHub` options: one zod schema, so defaults and limits live in one place and a bad value fails
 * fast with a message naming the field.
 */
import { z } from 'zod';
import type { Logger } from 'pino';
import { DevHubError } from './errors.ts';

/** The key the official Event Hubs emulator ships with; tools that know the emulator expect it. */
export const DEFAULT_SAS_KEY_NAME = 'RootManageSharedAccessKey';
export const DEFAULT_SAS_KEY = 'SAS_KEY_VALUE';
export const DEFAULT_CONSUMER_GROUP = '$Default';

const hubName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,255}$/, 'must be an Event Hub name (letters, digits, ".", "_", "-")');
const consumerGroupName = z
  .string()
  .regex(/^[A-Za-z0-9$][A-Za-z0-9._$-]{0,49}$/, 'must be a consumer group name (up to 50 characters)');
const containerName = z
  .string()
  .regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, 'must be a valid Blob container name');

const hubSchema = z.object({
  name: hubName,
  /** Partitions, named "0".."n-1". Event Hubs allows 1–32 on the Standard tier. */
  partitionCount: z.int().min(1).max(32).default(4),
  /** Events older than this are dropped (never before Capture archived them). */
  retentionHours: z
    .number()
    .positive()
    .max(24 * 90)
    .default(24),
  /**
   * …and the oldest events go once the hub holds more than this (split evenly over partitions). The dev
   * hub keeps retained events in memory, so this bounds its memory; Event Hubs itself has no such cap.
   */
  retentionMaxMegabytes: z.number().positive().default(1024),
  /** Consumer groups besides `$Default`, which always exists. */
  consumerGroups: z.array(consumerGroupName).default([]),
});

const captureSchema = z.object({
  /** Where Capture writes, e.g. Azurite's `UseDevelopmentStorage=true` style connection string. */
  blobConnectionString: z.string().min(1),
  container: containerName,
  /** A window closes this long after it opened (Azure: 60–900 s; the dev hub allows shorter for tests). */
  windowSeconds: z.number().positive().max(900).default(300),
  /** …or as soon as this many event bytes are pending (Azure: 10–500 MB). */
  sizeLimitBytes: z
    .int()
    .min(1)
    .max(500 * 1024 * 1024)
    .default(300 * 1024 * 1024),
  /** Hubs to capture; all hubs when omitted. */
  hubs: z.array(hubName).optional(),
});

const optionsSchema = z
  .object({
    /** Interface to listen on. */
    host: z.string().min(1).default('127.0.0.1'),
    /** AMQP port; 0 picks a free one (read it back from `DevHub.port`). */
    port: z.int().min(0).max(65535).default(0),
    /** The namespace name: first segment of Capture blob names and the `created_at` owner. */
    namespace: z
      .string()
      .regex(
        /^[A-Za-z][A-Za-z0-9-]{0,48}[A-Za-z0-9]$/,
        'must be an Event Hubs namespace name (6–50 letters, digits, "-")',
      )
      .default('devhub'),
    hubs: z
      .array(hubSchema)
      .min(1)
      .prefault([{ name: 'orders' }]),
    /** Persist partition logs and Capture progress here; in memory only when omitted. */
    dataDir: z.string().min(1).optional(),
    /** See `FsyncPolicy` in persistence.ts. */
    fsync: z.enum(['always', 'interval', 'never']).default('always'),
    fsyncIntervalMs: z.int().min(10).max(60_000).default(1000),
    /** Size at which a partition log segment file is closed and a new one started. */
    segmentBytes: z
      .int()
      .min(64 * 1024)
      .default(64 * 1024 * 1024),
    capture: captureSchema.optional(),
    /** Shared access key name → key accepted in SAS tokens. */
    sasKeys: z
      .record(z.string().min(1), z.string().min(1))
      .default({ [DEFAULT_SAS_KEY_NAME]: DEFAULT_SAS_KEY }),
    /** Verify SAS signatures against `sasKeys`; when false only the token's shape and expiry are checked. */
    verifySignatures: z.boolean().default(true),
    /** Largest publish (one AMQP message, a whole batch) accepted; Event Hubs Standard allows 1 MB. */
    maxMessageSizeBytes: z
      .int()
      .min(1024)
      .max(100 * 1024 * 1024)
      .default(1024 * 1024),
    /**
     * A sender or receiver link that moved no event for this long is force-detached, as Event Hubs does
     * after 30 minutes (clients attach again).
     */
    linkIdleTimeoutMs: z
      .int()
      .min(50)
      .default(30 * 60_000),
    /** How often retention runs. */
    retentionCheckIntervalMs: z.int().min(10).default(60_000),
    logger: z
      .custom<Logger>(
        (v) => typeof v === 'object' && v !== null && typeof (v as Logger).info === 'function',
        {
          message: 'must be a pino logger',
        },
      )
      .optional(),
  })
  .superRefine((options, ctx) => {
    const seen = new Set<string>();
    for (const [i, hub] of options.hubs.entries()) {
      const key = hub.name.toLowerCase();
      if (seen.has(key))
        ctx.addIssue({ code: 'custom', path: ['hubs', i, 'name'], message: `duplicate hub '${hub.name}'` });
      seen.add(key);
    }
    for (const [i, name] of (options.capture?.hubs ?? []).entries()) {
      if (!seen.has(name.toLowerCase())) {
        ctx.addIssue({
          code: 'custom',
          path: ['capture', 'hubs', i],
          message: `'${name}' is not one of the configured hubs`,
        });
      }
    }
  });

/** What `startDevHub` accepts: every field is optional and has a documented default. */
export type DevHubOptions = z.input<typeof optionsSchema>;
/** Options after defaults are applied. */
export type ResolvedDevHubOptions = z.output<typeof optionsSchema>;
export type HubOptions = ResolvedDevHubOptions['hubs'][number];
export type CaptureOptions = NonNullable<ResolvedDevHubOptions['capture']>;

/** Validates and defaults options; throws `DEV_HUB_INVALID_OPTIONS` naming each bad field. */
export function resolveOptions(input: DevHubOptions = {}): ResolvedDevHubOptions {
  const result = optionsSchema.safeParse(input);
  if (result.success) return result.data;
  const details = result.error.issues.map(
    (issue) => `${issue.path.join('.') || '(options)'}: ${issue.message}`,
  );
  throw new DevHubError('DEV_HUB_INVALID_OPTIONS', `Invalid dev hub options:\n  ${details.join('\n  ')}`, {
    details,
  });
}

/** The consumer groups of a hub, `$Default` first. */
export function consumerGroupsOf(hub: HubOptions): string[] {
  const groups = [DEFAULT_CONSUMER_GROUP];
  for (const group of hub.consumerGroups) {
    if (!groups.some((g) => g.toLowerCase() === group.toLowerCase())) groups.push(group);
  }
  return groups;
}
