/**
 * `$management` READ requests: hub properties (`com.microsoft:eventhub`) and partition properties
 * (`com.microsoft:partition`), answered with the map keys the SDKs read. Every request must carry a
 * valid `security_token` for the hub, or a CBS claim on the connection must cover it.
 */
import rhea from 'rhea';
import {
  argumentError,
  entityNotFound,
  invalidPartition,
  systemTracker,
  unauthorized,
  withTracking,
  type AmqpErrorCondition,
} from './amqp-errors.ts';
import type { CbsAuthority, ConnectionClaims } from './cbs.ts';
import type { EventHub } from './event-hub.ts';
import type { ManagementResponse } from './request-response.ts';

export const EVENT_HUB_TYPE = 'com.microsoft:eventhub';
export const PARTITION_TYPE = 'com.microsoft:partition';

export interface ManagementContext {
  /** Hub by lower-cased name. */
  hubs: ReadonlyMap<string, EventHub>;
  cbs: CbsAuthority;
  /** For not-found descriptions: `sb://<host>:<port>`. */
  endpoint: string;
  /** For the SystemTracker of error descriptions. */
  namespace: string;
}

/**
 * Answers one request. Failures carry the status code, `error-condition` and description Event Hubs
 * sends; the SDK turns the condition into its error class (an unknown partition is
 * `ArgumentOutOfRangeError`, an unknown hub `MessagingEntityNotFoundError`).
 */
export function handleManagementRequest(
  applicationProperties: Record<string, unknown>,
  claims: ConnectionClaims,
  context: ManagementContext,
): ManagementResponse {
  const { operation, name, type, partition, security_token: securityToken } = applicationProperties;
  const namespaceTracker = systemTracker(context.namespace);
  if (operation !== 'READ') {
    return failure(
      501,
      {
        condition: 'amqp:not-implemented',
        description: `The management operation '${String(operation)}' is not supported by the dev hub.`,
      },
      namespaceTracker,
    );
  }
  if (typeof name !== 'string' || name.length === 0) {
    return failure(
      400,
      { condition: 'amqp:invalid-field', description: 'The request has no entity name.' },
      namespaceTracker,
    );
  }

  const tokenCheck =
    securityToken === undefined ? undefined : context.cbs.checkToken(securityToken, undefined, name);
  const authorized =
    tokenCheck?.valid === true ||
    context.cbs.isAuthorized(claims, name) ||
    context.cbs.isAuthorized(claims, `${name}/$management`);
  if (!authorized) {
    const reason =
      tokenCheck && !tokenCheck.valid
        ? tokenCheck.reason
        : `Unauthorized access. No token on the connection covers '${context.endpoint}/${name}'.`;
    return failure(401, unauthorized(reason), namespaceTracker);
  }

  const hub = context.hubs.get(name.toLowerCase());
  if (!hub) return failure(404, entityNotFound(`${context.endpoint}/${name}`), namespaceTracker);
  const hubTracker = systemTracker(context.namespace, hub.name);

  if (type === EVENT_HUB_TYPE) {
    return {
      statusCode: 200,
      statusDescription: 'OK',
      body: {
        name: hub.name,
        type: EVENT_HUB_TYPE,
        created_at: hub.createdAt,
        partition_count: rhea.types.wrap_int(hub.partitionIds.length),
        partition_ids: rhea.types.wrap_array([...hub.partitionIds], 0xa1, undefined),
      },
    };
  }

  if (type === PARTITION_TYPE) {
    const partitionId =
      typeof partition === 'string' || typeof partition === 'number' ? String(partition) : '';
    const log = hub.partition(partitionId);
    if (!log) return failure(400, invalidPartition(), hubTracker);
    const last = log.lastCommitted();
    return {
      statusCode: 200,
      statusDescription: 'OK',
      body: {
        name: hub.name,
        type: PARTITION_TYPE,
        partition: partitionId,
        begin_sequence_number: rhea.types.wrap_long(
          log.isEmpty ? log.endSequenceNumber : log.beginSequenceNumber,
        ),
        last_enqueued_sequence_number: rhea.types.wrap_long(last ? last.sequenceNumber : -1),
        last_enqueued_offset: last ? String(last.offset) : '-1',
        last_enqueued_time_utc: new Date(last ? last.enqueuedTimeMs : 0),
        is_partition_empty: log.isEmpty,
      },
    };
  }

  return failure(400, argumentError(`Unknown management entity type '${String(type)}'.`), hubTracker);
}

function failure(statusCode: number, error: AmqpErrorCondition, tracker: string): ManagementResponse {
  const tracked = withTracking(error, tracker);
  return { statusCode, statusDescription: tracked.description, errorCondition: tracked.condition };
}
