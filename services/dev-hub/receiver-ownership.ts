/**
 * Owner level (AMQP link property `com.microsoft:epoch`): who may read a partition in a consumer group.
 *
 * Event Hubs' rules, per consumer group and partition:
 * - a receiver with an owner level is admitted when no receiver has a higher one; every receiver it
 *   supersedes (lower or equal owner level, or none) is disconnected with `amqp:link:stolen`;
 * - a receiver with a lower owner level than the current owner is refused with `amqp:link:stolen`;
 * - a receiver without owner level is refused (`amqp:link:stolen`) while an owner exists, and at most five
 *   of them may read at once (`amqp:resource-limit-exceeded`).
 * The SDKs surface `amqp:link:stolen` as `ReceiverDisconnectedError`, and the event processor treats it as
 * "ownership lost", which is how load balancing hands partitions over.
 *
 * The descriptions are the service's. Receivers are named by the `com.microsoft:receiver-name` link
 * property the SDKs send (the consumer's identifier), `nil` when a client sends none, as on Event Hubs.
 */
import { quotaExceeded, receiverStolen, type AmqpErrorCondition } from './amqp-errors.ts';

export const MAX_RECEIVERS_WITHOUT_OWNER_LEVEL = 5;

export interface OwnedReceiver {
  /** The receiver's `com.microsoft:receiver-name` (or `nil`), quoted in error descriptions. */
  readonly name: string;
  readonly ownerLevel: number | undefined;
  /** Detaches the receiver with `error` (the receiver adds the tracking suffix). */
  evict(error: AmqpErrorCondition): void;
}

export type Admission = { admitted: true } | { admitted: false; error: AmqpErrorCondition };

export class ReceiverOwnership {
  private readonly byPartition = new Map<string, Set<OwnedReceiver>>();

  /**
   * Applies the rules above for a receiver attaching to `key` (hub/consumer group/partition). On
   * admission the receiver is registered and the receivers it supersedes are evicted.
   */
  admit(key: string, receiver: OwnedReceiver): Admission {
    const current = this.byPartition.get(key) ?? new Set<OwnedReceiver>();
    const owner = [...current].find((r) => r.ownerLevel !== undefined);
    const level = receiver.ownerLevel;

    if (level === undefined) {
      if (owner) {
        return refuse(
          receiverStolen(
            `At least one receiver for the endpoint is created with epoch of '${owner.ownerLevel}', ` +
              'and so non-epoch receiver is not allowed. Either reconnect with a higher epoch, or make sure ' +
              'all epoch receivers are closed or disconnected.',
          ),
        );
      }
      if (current.size >= MAX_RECEIVERS_WITHOUT_OWNER_LEVEL) {
        const names = [...current].map((r) => r.name).join(', ');
        return refuse(
          quotaExceeded(
            'Exceeded the maximum number of allowed receivers per partition in a consumer group which is ' +
              `${MAX_RECEIVERS_WITHOUT_OWNER_LEVEL}. List of connected receivers - ${names}.`,
          ),
        );
      }
    } else if (owner && (owner.ownerLevel as number) > level) {
      return refuse(
        receiverStolen(
          `Receiver '${owner.name}' with a higher epoch '${owner.ownerLevel}' already exists. ` +
            `Receiver '${receiver.name}' with epoch ${level} cannot be created. ` +
            'Make sure you are creating receiver with increasing epoch value to ensure connectivity, ' +
            'or ensure all old epoch receivers are closed or disconnected.',
        ),
      );
    } else {
      for (const superseded of [...current]) {
        current.delete(superseded);
        // A superseded receiver without owner level shows an empty epoch, as the service prints a null one.
        superseded.evict(
          receiverStolen(
            `New receiver '${receiver.name}' with higher epoch of '${level}' is created hence current receiver ` +
              `'${superseded.name}' with epoch '${superseded.ownerLevel ?? ''}' is getting disconnected. ` +
              'If you are recreating the receiver, make sure a higher epoch is used.',
          ),
        );
      }
    }
    current.add(receiver);
    this.byPartition.set(key, current);
    return { admitted: true };
  }

  /** Forgets a receiver that detached or whose connection dropped. */
  release(key: string, receiver: OwnedReceiver): void {
    const current = this.byPartition.get(key);
    if (!current) return;
    current.delete(receiver);
    if (current.size === 0) this.byPartition.delete(key);
  }
}

function refuse(error: AmqpErrorCondition): Admission {
  return { admitted: false, error };
}
