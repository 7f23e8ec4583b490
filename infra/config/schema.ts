import { z } from 'zod';
import { isNonPublic, parseIpv4Range } from './ipv4.ts';
import { NAME_LIMITS, resourceNames } from './naming.ts';
import { AZURE_REGIONS } from './regions.ts';

/**
 * The shape of one environment's infrastructure configuration, validated before any construct is built.
 *
 * The schema checks what Azure and Docker would reject (name lengths, ranges per tier, references between
 * fields). Compliance rules — ten-year immutability, locks in prod, pinned images — are deliberately NOT
 * checked here but by the policy rule set over the synthesized Terraform (`infra/policy`), so a config that
 * breaks one fails synth with the rule id, exactly like a hand-edited resource would.
 */

export const ENVIRONMENTS = ['dev', 'prod'] as const;
export type EnvironmentName = (typeof ENVIRONMENTS)[number];

export const EVENT_HUBS_SKUS = ['Basic', 'Standard', 'Premium'] as const;
export const REPLICATION_TYPES = ['LRS', 'ZRS', 'GRS', 'RAGRS', 'GZRS', 'RAGZRS'] as const;
export const HOST_ROLES = ['database', 'edge', 'app'] as const;
export type HostRole = (typeof HOST_ROLES)[number];
/** Evaluation windows Azure Monitor metric alerts accept. */
export const ALERT_WINDOWS = ['PT5M', 'PT15M', 'PT30M', 'PT1H', 'PT6H', 'PT12H', 'PT1D'] as const;

const egressRange = z.string().superRefine((value, ctx) => {
  const range = parseIpv4Range(value);
  if (!range) {
    ctx.addIssue({ code: 'custom', message: 'must be an IPv4 address or CIDR range such as 203.0.113.0/24' });
  } else if (isNonPublic(range)) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be a public address: Azure firewalls see on-prem traffic by its public egress address',
    });
  } else if (range.prefixLength === 31) {
    ctx.addIssue({ code: 'custom', message: 'the Storage firewall rejects /31 ranges; list both addresses' });
  }
});

const imageReference = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._/-]*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/,
    'must be a Docker image reference such as mysql:8.4.6',
  );

const principal = z.object({
  /** Entra object id (not the application/client id). */
  objectId: z.guid('must be an Entra object id (a GUID)'),
  type: z.enum(['Group', 'ServicePrincipal', 'User']),
});

const host = z.object({
  name: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'must be a lower-case host alias such as oms-db-01'),
  /** Docker over SSH; the user needs to be in the host's docker group. */
  url: z
    .string()
    .regex(
      /^ssh:\/\/([\w.-]+@)?[\w.-]+(:\d{1,5})?$/,
      'must be an ssh:// URL such as ssh://deploy@oms-db-01.corp.internal:22',
    ),
  roles: z.array(z.enum(HOST_ROLES)).min(1, 'a host needs at least one role (database, edge, app)'),
});

const eventHubs = z.object({
  sku: z.enum(EVENT_HUBS_SKUS).default('Standard'),
  /** Throughput units (Basic/Standard) or processing units (Premium). */
  capacity: z.number().int().default(1),
  /** Auto-inflate ceiling in throughput units; omit to keep auto-inflate off. Standard tier only. */
  autoInflateMaxThroughputUnits: z.number().int().optional(),
  /** Fixed at creation on Basic/Standard: changing it later replaces the hub. Tier limits checked below. */
  partitions: z
    .number()
    .int()
    .min(1, 'partitions out of range: must be at least 1')
    .max(100, 'partitions out of range: at most 32 on Basic/Standard, 100 on Premium')
    .default(8),
  retentionDays: z.number().int().min(1).default(7),
  /** SAS keys on the namespace; false means Entra ID only (role assignments for the app identities). */
  localAuthEnabled: z.boolean(),
  network: z.object({
    /**
     * `allowed-ranges`: public endpoint, default deny, allow only `allowedIpRanges` (the on-prem egress).
     * `open`: public endpoint reachable from anywhere (keys or tokens still required).
     * `disabled`: no public endpoint at all (private endpoints only).
     */
    publicAccess: z.enum(['allowed-ranges', 'open', 'disabled']),
    allowedIpRanges: z.array(egressRange).default([]),
  }),
});

const capture = z.object({
  intervalSeconds: z.number().int().min(60).max(900).default(300),
  sizeLimitMiB: z.number().int().min(10).max(500).default(300),
});

const archive = z.object({
  replication: z.enum(REPLICATION_TYPES),
  /** Azure's own bound is 1–146000 days; the ten-year floor is policy rule OMS-ARC-001. */
  immutabilityDays: z.number().int().min(1).max(146_000).default(3653),
  /** Locking is irreversible: the period can then only be extended. */
  lockImmutabilityPolicy: z.boolean(),
  /** `CanNotDelete` management lock on the archive account. */
  deleteLock: z.boolean(),
  /** Soft delete for containers and blobs, in days. */
  softDeleteDays: z.number().int().min(1).max(365).default(30),
  lifecycle: z
    .object({
      coolAfterDays: z.number().int().min(0).default(30),
      coldAfterDays: z.number().int().min(0).default(90),
      /** null keeps blobs in Cold (the Archive tier is unavailable on zone-redundant accounts). */
      archiveAfterDays: z.number().int().min(0).nullable().default(180),
      deleteAfterDays: z.number().int().min(1).default(3653),
    })
    .prefault({}),
});

const checkpoints = z.object({
  replication: z.enum(REPLICATION_TYPES),
});

const monitoring = z.object({
  logRetentionDays: z.number().int().min(30).max(730).default(90),
  /** Daily ingestion cap for the workspace in GB; omit for no cap. */
  dailyQuotaGb: z.number().positive().optional(),
  alertEmails: z.array(z.email()).default([]),
  captureBacklogThreshold: z.number().int().min(1).default(1000),
  /** How long the orders hub may see no incoming message before an alert fires. */
  incomingSilenceWindow: z.enum(ALERT_WINDOWS).default('PT1H'),
});

const onprem = z.object({
  hosts: z.array(host).min(1, 'at least one on-prem host is required'),
  /** Extra `ssh` options for the Docker provider; batch mode fails fast instead of prompting. */
  sshOptions: z.array(z.string()).default(['-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes']),
  networkName: z
    .string()
    .regex(/^[a-z][a-z0-9_.-]*$/, 'must be a Docker network name')
    .default('oms'),
  /** `prevent_destroy` on the MySQL data volume. */
  protectData: z.boolean(),
  mysql: z
    .object({
      image: imageReference.default('mysql:8.4.6'),
      database: z
        .string()
        .regex(/^\w{1,64}$/, 'must be a MySQL database name')
        .default('oms'),
      user: z
        .string()
        .regex(/^\w{1,32}$/, 'must be a MySQL user name')
        .default('oms'),
      /**
       * Publish 3306 on this host address so app containers on other hosts can connect. Omit when every
       * MySQL client shares the database host (they then use the `oms` network).
       */
      publishOn: z.ipv4('must be an IPv4 address of the database host').optional(),
    })
    .prefault({}),
  traefik: z
    .object({
      image: imageReference.default('traefik:v3.5.3'),
      /** Host directory Ansible writes Traefik's file-provider configuration into. */
      dynamicConfigDir: z
        .string()
        .regex(/^\/[\w./-]+$/, 'must be an absolute path')
        .default('/etc/traefik/dynamic'),
    })
    .prefault({}),
});

const baseSchema = z.object({
  environment: z.enum(ENVIRONMENTS),
  /** Pins the environment to its subscription, so a stale `az account set` cannot deploy prod into dev. */
  subscriptionId: z.guid('must be an Azure subscription id (a GUID)'),
  location: z.enum(AZURE_REGIONS),
  /** Naming prefix (company + workload), lower-case letters and digits: `mgcoms`. */
  prefix: z.string().regex(/^[a-z][a-z0-9]{1,19}$/, 'must be 2–20 lower-case letters or digits'),
  tags: z.object({
    owner: z.string().min(1),
    costCenter: z.string().min(1),
    additional: z.record(z.string(), z.string()).default({}),
  }),
  eventHubs,
  capture: capture.prefault({}),
  archive,
  checkpoints,
  principals: z.object({
    /** Entra group whose members audit the archive in the portal. */
    auditorsGroupObjectId: z.guid('must be an Entra group object id (a GUID)'),
    /** The on-prem OMS consumer's identity; required when local (SAS) auth is off. */
    oms: principal.optional(),
    /** The storefront / order-api publisher identity; required when local (SAS) auth is off. */
    storefront: principal.optional(),
  }),
  monitoring: monitoring.prefault({}),
  onprem,
});

type Ctx = z.RefinementCtx;

function issue(ctx: Ctx, path: (string | number)[], message: string): void {
  ctx.addIssue({ code: 'custom', path, message });
}

function checkNames(config: z.output<typeof baseSchema>, ctx: Ctx): void {
  const names = resourceNames(config);
  const { storageAccount, eventHubsNamespace } = NAME_LIMITS;
  for (const name of [names.archiveStorageAccount, names.checkpointStorageAccount]) {
    if (name.length > storageAccount.max) {
      issue(
        ctx,
        ['prefix'],
        `storage account name "${name}" is ${name.length} characters, Azure allows at most ` +
          `${storageAccount.max}: shorten the prefix`,
      );
    }
  }
  if (names.eventHubsNamespace.length > eventHubsNamespace.max) {
    issue(
      ctx,
      ['prefix'],
      `Event Hubs namespace name "${names.eventHubsNamespace}" is longer than ${eventHubsNamespace.max} characters`,
    );
  }
}

function checkEventHubs(hubs: z.output<typeof eventHubs>, ctx: Ctx): void {
  const at = (field: string) => ['eventHubs', field];
  const maxPartitions = hubs.sku === 'Premium' ? 100 : 32;
  if (hubs.partitions < 1 || hubs.partitions > maxPartitions) {
    issue(
      ctx,
      at('partitions'),
      `partitions out of range: must be between 1 and ${maxPartitions} on the ${hubs.sku} tier, got ${hubs.partitions}`,
    );
  }
  if (hubs.sku === 'Premium') {
    if (![1, 2, 4, 8, 16].includes(hubs.capacity)) {
      issue(
        ctx,
        at('capacity'),
        `Premium capacity is 1, 2, 4, 8 or 16 processing units, got ${hubs.capacity}`,
      );
    }
  } else if (hubs.capacity < 1 || hubs.capacity > 40) {
    issue(ctx, at('capacity'), `throughput units must be between 1 and 40, got ${hubs.capacity}`);
  }
  if (hubs.autoInflateMaxThroughputUnits !== undefined) {
    if (hubs.sku !== 'Standard') {
      issue(ctx, at('autoInflateMaxThroughputUnits'), `auto-inflate exists on the Standard tier only`);
    } else if (
      hubs.autoInflateMaxThroughputUnits < hubs.capacity ||
      hubs.autoInflateMaxThroughputUnits > 40
    ) {
      issue(
        ctx,
        at('autoInflateMaxThroughputUnits'),
        `must be between capacity (${hubs.capacity}) and 40, got ${hubs.autoInflateMaxThroughputUnits}`,
      );
    }
  }
  const maxRetention = { Basic: 1, Standard: 7, Premium: 90 }[hubs.sku];
  if (hubs.retentionDays > maxRetention) {
    issue(ctx, at('retentionDays'), `at most ${maxRetention} days on the ${hubs.sku} tier`);
  }
  if (hubs.network.publicAccess === 'allowed-ranges' && hubs.network.allowedIpRanges.length === 0) {
    issue(
      ctx,
      ['eventHubs', 'network', 'allowedIpRanges'],
      'publicAccess "allowed-ranges" needs at least one on-prem egress range',
    );
  }
}

function checkPrincipals(config: z.output<typeof baseSchema>, ctx: Ctx): void {
  if (config.eventHubs.localAuthEnabled) return;
  for (const who of ['oms', 'storefront'] as const) {
    if (!config.principals[who]) {
      issue(
        ctx,
        ['principals', who],
        `required when eventHubs.localAuthEnabled is false: the ${who} identity needs data-plane roles`,
      );
    }
  }
}

function checkLifecycle(lifecycle: z.output<typeof archive>['lifecycle'], ctx: Ctx): void {
  const steps: [string, number | null][] = [
    ['coolAfterDays', lifecycle.coolAfterDays],
    ['coldAfterDays', lifecycle.coldAfterDays],
    ['archiveAfterDays', lifecycle.archiveAfterDays],
    ['deleteAfterDays', lifecycle.deleteAfterDays],
  ];
  let previous: [string, number] | undefined;
  for (const [field, days] of steps) {
    if (days === null) continue;
    if (previous && days <= previous[1]) {
      issue(ctx, ['archive', 'lifecycle', field], `must be later than ${previous[0]} (${previous[1]})`);
    }
    previous = [field, days];
  }
}

function checkHosts(onpremConfig: z.output<typeof onprem>, ctx: Ctx): void {
  const seen = new Set<string>();
  onpremConfig.hosts.forEach((h, index) => {
    if (seen.has(h.name)) issue(ctx, ['onprem', 'hosts', index, 'name'], `duplicate host name "${h.name}"`);
    seen.add(h.name);
  });
  if (onpremConfig.hosts.length === 0) return;
  const databaseHosts = onpremConfig.hosts.filter((h) => h.roles.includes('database'));
  if (databaseHosts.length !== 1) {
    issue(
      ctx,
      ['onprem', 'hosts'],
      `missing on-prem host: exactly one host needs the "database" role (MySQL), found ${databaseHosts.length}`,
    );
  }
  if (!onpremConfig.hosts.some((h) => h.roles.includes('edge'))) {
    issue(
      ctx,
      ['onprem', 'hosts'],
      'missing on-prem host: at least one host needs the "edge" role (Traefik)',
    );
  }
}

export const infraConfigSchema = baseSchema.superRefine((config, ctx) => {
  checkNames(config, ctx);
  checkEventHubs(config.eventHubs, ctx);
  checkPrincipals(config, ctx);
  checkLifecycle(config.archive.lifecycle, ctx);
  checkHosts(config.onprem, ctx);
});

/** A validated environment configuration. */
export type InfraConfig = z.output<typeof infraConfigSchema>;
/** What an environment file writes (defaults still to be applied). */
export type InfraConfigInput = z.input<typeof infraConfigSchema>;
export type OnPremHost = InfraConfig['onprem']['hosts'][number];
export type Principal = NonNullable<InfraConfig['principals']['oms']>;
