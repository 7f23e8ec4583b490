/**
 * The AMQP 1.0 listener: SASL, connections, and routing each link attach to the concept that serves it
 * (`$cbs`, `$management`, publishing, reading).
 *
 * SASL: ANONYMOUS (what the JS SDK uses with connection strings), PLAIN (username = key name,
 * password = key) and MSSBCBS (what the .NET/Java SDKs announce when they will authenticate over CBS).
 * Authorisation happens per link through CBS claims, as on Event Hubs.
 *
 * A link the hub cannot serve is refused the AMQP way: the attach is answered with a null terminus and
 * immediately detached with the error condition. The conditions and descriptions are the service's (see
 * `amqp-errors.ts`): an unknown hub or consumer group is not-found, an unknown partition of a known hub
 * is argument-out-of-range.
 */
import type { AddressInfo, Server, Socket } from 'node:net';
import rhea, {
  type Connection,
  type Container,
  type EventContext,
  type Message,
  type Receiver,
  type Sender,
} from 'rhea';
import type { Logger } from 'pino';
import {
  claimRequired,
  entityNotFound,
  invalidPartition,
  shuttingDown,
  systemTracker,
  withTracking,
  type AmqpErrorCondition,
} from './amqp-errors.ts';
import type { CbsAuthority, ConnectionClaims } from './cbs.ts';
import { entityPath, parseEntityAddress } from './entity-address.ts';
import { DevHubError } from './errors.ts';
import {
  EventPositionError,
  SELECTOR_FILTER_DESCRIPTOR,
  SELECTOR_FILTER_NAME,
  parseSelectorFilter,
  resolveStartSequence,
} from './event-position.ts';
import type { EventHub } from './event-hub.ts';
import { handleManagementRequest } from './management.ts';
import { PartitionReader, RUNTIME_METRIC_CAPABILITY } from './receiver-link.ts';
import { ReceiverOwnership } from './receiver-ownership.ts';
import { sendResponse, type ManagementResponse } from './request-response.ts';
import { acceptPublishes } from './sender-link.ts';

export const EPOCH_PROPERTY = 'com.microsoft:epoch';
/** The consumer identifier the SDKs send on receiver links; Event Hubs quotes it in owner-level errors. */
export const RECEIVER_NAME_PROPERTY = 'com.microsoft:receiver-name';

export interface AmqpServerContext {
  /** Hubs by lower-cased name. */
  hubs: ReadonlyMap<string, EventHub>;
  cbs: CbsAuthority;
  maxMessageSizeBytes: number;
  /** Namespace name, for the SystemTracker of error descriptions. */
  namespace: string;
  /** Entity links that move no event for this long are force-detached. */
  linkIdleTimeoutMs: number;
  logger: Logger;
}

interface ConnectionState {
  claims: ConnectionClaims;
  /** Run when the connection goes away, for links that did not detach themselves. */
  cleanups: Set<() => void>;
}

/** rhea link internals written before the attach reply goes out (not in rhea's typings). */
interface LinkInternals {
  local: {
    attach: {
      snd_settle_mode?: number;
      max_message_size?: number;
      offered_capabilities?: string[];
    };
  };
}

/** The AMQP listener. Create with `AmqpServer.listen`. */
export class AmqpServer {
  private readonly connections = new Map<Connection, ConnectionState>();
  private readonly sockets = new Set<Socket>();
  private readonly ownership = new ReceiverOwnership();
  private readonly container: Container;
  private server: Server | undefined;
  private advertisedHost = '';
  private endpointValue = '';

  private constructor(private readonly context: AmqpServerContext) {
    this.container = rhea.create_container({ id: `dev-hub-${process.pid}-${Date.now().toString(36)}` });
    const mechanisms = this.container.sasl_server_mechanisms as {
      enable_anonymous(): void;
      enable_plain(verify: (user: string, password: string) => boolean): void;
      [name: string]: unknown;
    };
    mechanisms.enable_anonymous();
    mechanisms.enable_plain((user, password) => context.cbs.acceptsKey(user, password));
    // MSSBCBS means "I will authenticate over CBS": nothing to check at the SASL layer.
    mechanisms.MSSBCBS = () => ({
      outcome: undefined as boolean | undefined,
      username: 'cbs',
      start(this: { outcome?: boolean }) {
        this.outcome = true;
      },
    });
    this.wireEvents();
  }

  /** Starts listening; port 0 picks a free port. Throws `DEV_HUB_LISTEN_FAILED`. */
  static async listen(context: AmqpServerContext, host: string, port: number): Promise<AmqpServer> {
    const amqp = new AmqpServer(context);
    const server = amqp.container.listen({
      host,
      port,
      tcp_no_delay: true,
      // Clients must show life every minute (rhea sends heartbeats for them), so a vanished client's
      // receivers — and the partitions they own — are released within minutes, as on Event Hubs.
      idle_time_out: 120_000,
      // Publishes are settled by hand, once stored.
      autoaccept: false,
    } as unknown as Parameters<Container['listen']>[0]) as Server;
    server.on('connection', (socket: Socket) => {
      amqp.sockets.add(socket);
      socket.once('close', () => amqp.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', (err) =>
        reject(
          new DevHubError(
            'DEV_HUB_LISTEN_FAILED',
            `The dev hub cannot listen on ${host}:${port}: ${err.message}`,
            { cause: err },
          ),
        ),
      );
    });
    amqp.server = server;
    const address = server.address() as AddressInfo;
    const advertised = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
    amqp.advertisedHost = advertised;
    amqp.endpointValue = `sb://${advertised.includes(':') ? `[${advertised}]` : advertised}:${address.port}`;
    return amqp;
  }

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  /** The host clients should connect to (127.0.0.1 when listening on all interfaces). */
  get host(): string {
    return this.advertisedHost;
  }

  /** `sb://<host>:<port>` as clients should address this hub. */
  get endpoint(): string {
    return this.endpointValue;
  }

  /** Closes every connection (clients see `amqp:connection:forced`) and stops listening. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const [connection, state] of this.connections) {
      this.runCleanups(state);
      try {
        connection.close(withTracking(shuttingDown(), systemTracker(this.context.namespace)));
      } catch {
        // Already gone.
      }
    }
    // Give clients a moment to read the close frame, then cut what is left.
    await new Promise((r) => setTimeout(r, 50));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private wireEvents(): void {
    const c = this.container;
    c.on('connection_open', (ctx: EventContext) => {
      this.connections.set(ctx.connection, { claims: new Map(), cleanups: new Set() });
    });
    const dropConnection = (ctx: EventContext): void => {
      const state = this.connections.get(ctx.connection);
      if (!state) return;
      this.connections.delete(ctx.connection);
      this.runCleanups(state);
    };
    c.on('disconnected', dropConnection);
    c.on('connection_close', dropConnection);
    c.on('connection_error', (ctx: EventContext) => {
      this.context.logger.debug({ error: ctx.connection.error }, 'dev hub: connection closed with error');
      dropConnection(ctx);
    });
    c.on('protocol_error', (err: unknown) =>
      this.context.logger.warn({ err }, 'dev hub: AMQP protocol error'),
    );
    // rhea raises unhandled link/session errors here; without a listener they would crash the process.
    c.on('error', (err: unknown) => this.context.logger.debug({ err }, 'dev hub: AMQP error'));
    c.on('sender_open', (ctx: EventContext) => this.onSenderOpen(ctx));
    c.on('receiver_open', (ctx: EventContext) => this.onReceiverOpen(ctx));
  }

  private state(connection: Connection): ConnectionState {
    let state = this.connections.get(connection);
    if (!state) {
      state = { claims: new Map(), cleanups: new Set() };
      this.connections.set(connection, state);
    }
    return state;
  }

  private runCleanups(state: ConnectionState): void {
    for (const cleanup of [...state.cleanups]) cleanup();
    state.cleanups.clear();
  }

  /** Registers `cleanup` to run when the link closes or its connection drops, whichever comes first. */
  private onLinkGone(link: Sender | Receiver, connection: Connection, cleanup: () => void): void {
    const state = this.state(connection);
    let done = false;
    const run = (): void => {
      if (done) return;
      done = true;
      state.cleanups.delete(run);
      cleanup();
    };
    state.cleanups.add(run);
    const event = link.is_sender() ? 'sender_close' : 'receiver_close';
    link.on(event, run);
    link.on(link.is_sender() ? 'sender_error' : 'receiver_error', () => undefined);
    link.session.on('session_close', run);
  }

  /** The client attached a receiving link: the hub sends on it. */
  private onSenderOpen(ctx: EventContext): void {
    const sender = ctx.sender as Sender;
    const source = sender.source as { address?: string; filter?: Record<string, unknown> } | undefined;
    const address = parseEntityAddress(source?.address);
    switch (address.kind) {
      case 'cbs':
      case 'management':
        sender.set_source({ address: source?.address ?? '' });
        sender.set_target(sender.target);
        return;
      case 'consumer':
        this.attachReader(
          ctx.connection,
          sender,
          address.hub,
          address.consumerGroup,
          address.partitionId,
          source,
        );
        return;
      default:
        this.refuseUnknownAddress(sender, source?.address);
    }
  }

  /** The client attached a sending link: the hub receives on it. */
  private onReceiverOpen(ctx: EventContext): void {
    const receiver = ctx.receiver as Receiver;
    const target = receiver.target as { address?: string } | undefined;
    const address = parseEntityAddress(target?.address);
    const state = this.state(ctx.connection);
    switch (address.kind) {
      case 'cbs':
        this.acceptRequests(receiver, ctx.connection, (props, body) =>
          trackFailure(
            this.context.cbs.putToken(props, body, state.claims),
            systemTracker(this.context.namespace),
          ),
        );
        return;
      case 'management':
        this.acceptRequests(receiver, ctx.connection, (props) =>
          handleManagementRequest(props, state.claims, {
            hubs: this.context.hubs,
            cbs: this.context.cbs,
            endpoint: this.endpoint,
            namespace: this.context.namespace,
          }),
        );
        return;
      case 'hub':
      case 'partition': {
        const hub = this.context.hubs.get(address.hub.toLowerCase());
        if (!hub) {
          this.refuseUnknownHub(receiver, address.hub);
          return;
        }
        const tracker = systemTracker(this.context.namespace, hub.name);
        const partitionId = address.kind === 'partition' ? address.partitionId : undefined;
        if (partitionId !== undefined && !hub.partition(partitionId)) {
          refuse(receiver, invalidPartition(), tracker);
          return;
        }
        const path = partitionId === undefined ? hub.name : `${hub.name}/Partitions/${partitionId}`;
        if (!this.context.cbs.isAuthorized(state.claims, path)) {
          refuse(receiver, claimRequired('Send', `${this.endpoint}/${path}`), tracker);
          return;
        }
        receiver.set_target({ address: target?.address ?? '' });
        receiver.set_source(receiver.source);
        (receiver as unknown as LinkInternals).local.attach.max_message_size =
          this.context.maxMessageSizeBytes;
        const stop = acceptPublishes(receiver, {
          hub,
          partitionId,
          maxMessageSizeBytes: this.context.maxMessageSizeBytes,
          tracker,
          idleTimeoutMs: this.context.linkIdleTimeoutMs,
          logger: this.context.logger,
        });
        this.onLinkGone(receiver, ctx.connection, stop);
        return;
      }
      default:
        this.refuseUnknownAddress(receiver, target?.address);
    }
  }

  /** An event hub this dev hub does not have: not-found naming `sb://host:port/<hub>`, as the service does. */
  private refuseUnknownHub(link: Sender | Receiver, hubName: string): void {
    refuse(
      link,
      entityNotFound(`${this.endpoint}/${hubName}`),
      systemTracker(this.context.namespace, hubName),
    );
  }

  /** An address that is no entity at all (wrong shape): not-found for the whole address. */
  private refuseUnknownAddress(link: Sender | Receiver, address: string | undefined): void {
    refuse(
      link,
      entityNotFound(`${this.endpoint}/${entityPath(address ?? '')}`),
      systemTracker(this.context.namespace),
    );
  }

  private acceptRequests(
    receiver: Receiver,
    connection: Connection,
    handle: (
      applicationProperties: Record<string, unknown>,
      body: unknown,
    ) => Parameters<typeof sendResponse>[2],
  ): void {
    receiver.set_target({ address: (receiver.target as { address?: string } | undefined)?.address ?? '' });
    receiver.set_source(receiver.source);
    receiver.on('message', (ctx: EventContext) => {
      const request = ctx.message as Message;
      ctx.delivery?.accept();
      const props = (request.application_properties ?? {}) as Record<string, unknown>;
      if (!sendResponse(connection, request, handle(props, request.body))) {
        this.context.logger.debug(
          { replyTo: request.reply_to },
          'dev hub: request without a reply link dropped',
        );
      }
    });
  }

  private attachReader(
    connection: Connection,
    sender: Sender,
    hubName: string,
    consumerGroupName: string,
    partitionId: string,
    source: { address?: string; filter?: Record<string, unknown> } | undefined,
  ): void {
    const hub = this.context.hubs.get(hubName.toLowerCase());
    if (!hub) {
      this.refuseUnknownHub(sender, hubName);
      return;
    }
    const consumerGroup = hub.consumerGroup(consumerGroupName);
    if (!consumerGroup) {
      // The service names a missing consumer group by its internal entity name, not by URI.
      const entity = systemTracker(this.context.namespace, hub.name, consumerGroupName);
      refuse(sender, entityNotFound(entity), entity);
      return;
    }
    const tracker = systemTracker(this.context.namespace, hub.name, consumerGroup);
    const log = hub.partition(partitionId);
    if (!log) {
      refuse(sender, invalidPartition(), tracker);
      return;
    }
    const path = `${hub.name}/ConsumerGroups/${consumerGroup}/Partitions/${partitionId}`;
    if (!this.context.cbs.isAuthorized(this.state(connection).claims, path)) {
      refuse(sender, claimRequired('Listen', `${this.endpoint}/${path}`), tracker);
      return;
    }

    const expression = selectorExpression(source?.filter);
    let start: number;
    try {
      start = resolveStartSequence(parseSelectorFilter(expression), log);
    } catch (err) {
      if (err instanceof EventPositionError) {
        refuse(sender, err.amqpError, tracker);
        return;
      }
      throw err;
    }

    const desired = ([] as string[]).concat(sender.desired_capabilities ?? []);
    const runtimeMetrics = desired.includes(RUNTIME_METRIC_CAPABILITY);
    const ownershipKey = `${hub.name.toLowerCase()}/${consumerGroup.toLowerCase()}/${partitionId}`;
    const reader: PartitionReader = new PartitionReader(sender, log, start, {
      name: receiverNameOf(sender.properties),
      tracker,
      idleTimeoutMs: this.context.linkIdleTimeoutMs,
      logger: this.context.logger,
      ownerLevel: ownerLevelOf(sender.properties),
      runtimeMetrics,
      onStop: () => this.ownership.release(ownershipKey, reader),
    });
    const admission = this.ownership.admit(ownershipKey, reader);
    if (!admission.admitted) {
      reader.stop();
      refuse(sender, admission.error, tracker);
      return;
    }

    sender.set_source({
      address: source?.address ?? '',
      ...(expression === undefined
        ? {}
        : {
            filter: {
              [SELECTOR_FILTER_NAME]: rhea.types.wrap_described(expression, SELECTOR_FILTER_DESCRIPTOR),
            },
          }),
    });
    sender.set_target(sender.target);
    const attach = (sender as unknown as LinkInternals).local.attach;
    attach.snd_settle_mode = 1;
    if (runtimeMetrics) attach.offered_capabilities = [RUNTIME_METRIC_CAPABILITY];
    this.onLinkGone(sender, connection, () => reader.stop());
  }
}

function refuse(link: Sender | Receiver, error: AmqpErrorCondition, tracker: string): void {
  link.close(withTracking(error, tracker));
}

/** A failed `$cbs` answer carries the tracking suffix in its status description, like the service's. */
function trackFailure(response: ManagementResponse, tracker: string): ManagementResponse {
  if (response.statusCode < 300 || !response.errorCondition) return response;
  const tracked = withTracking(
    { condition: response.errorCondition, description: response.statusDescription },
    tracker,
  );
  return { ...response, statusDescription: tracked.description };
}

/** The SDK's consumer identifier, or `nil` (what Event Hubs prints when a client sends none). */
function receiverNameOf(properties: Record<string, unknown> | undefined): string {
  const raw = properties?.[RECEIVER_NAME_PROPERTY];
  const value = typeof raw === 'object' && raw !== null && 'value' in raw ? raw.value : raw;
  return typeof value === 'string' && value.length > 0 ? value : 'nil';
}

/** The selector expression from an attach's filter set (a described string), if any. */
function selectorExpression(filter: Record<string, unknown> | undefined): string | undefined {
  if (!filter) return undefined;
  const entry = Object.entries(filter).find(([name]) => name === SELECTOR_FILTER_NAME)?.[1];
  if (typeof entry === 'string') return entry;
  const value = (entry as { value?: unknown } | undefined)?.value;
  return typeof value === 'string' ? value : undefined;
}

function ownerLevelOf(properties: Record<string, unknown> | undefined): number | undefined {
  const raw = properties?.[EPOCH_PROPERTY];
  if (raw === undefined || raw === null) return undefined;
  // rhea hands over a plain number for a decoded long, or the typed wrapper if left described.
  const value = typeof raw === 'object' && 'value' in raw ? (raw as { value: unknown }).value : raw;
  const level = Number(value);
  return Number.isFinite(level) ? level : undefined;
}
