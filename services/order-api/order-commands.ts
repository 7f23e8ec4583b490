import type { Db } from '../shared/db/connection.ts';
import { fromDbTime } from '../shared/db/time.ts';
import { EVENT_TYPES } from '../shared/domain/event-types.ts';
import { canChangeAddress, canTransition, type OrderStatus } from '../shared/domain/order-status.ts';
import type { ReturnReason } from '../shared/domain/vocabulary.ts';
import {
  createOrderEvent,
  deterministicEventId,
  type OrderCloudEvent,
} from '../shared/events/cloud-event.ts';
import type { HubEventData, HubEventType } from '../shared/events/order-event-data.ts';
import type { EventPublisher } from './event-publisher.ts';

/** Why a command was not accepted; the HTTP routes map `kind` to 404 / 409, the CLI to a message. */
export interface CommandRefusal {
  ok: false;
  kind: 'not_found' | 'conflict';
  title: string;
  detail: string;
}
export type CommandResult = { ok: true; orderId: string; eventId: string } | CommandRefusal;

/** Where the requests come from, as the CloudEvents `source` of what they publish. */
const SOURCES = { shopper: '/channels/web', operator: '/ops', fulfilment: '/fulfilment' } as const;

/** How far ahead of this clock a carrier's delivery time may be (clock skew), in ms. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

interface OrderRow {
  status: OrderStatus;
  ship_country: string;
  shipped_at: string | null;
}

/**
 * Everything that moves an existing order once it is placed: each command checks the order's current
 * state (a fast, friendly answer; the consumer re-checks every move against the state machine, since
 * another request may win the race) and publishes one event to the hub. Used by the HTTP routes and by
 * `oms ship` / `oms deliver`, so both accept exactly the same requests.
 *
 * Commands an order can take only once (cancel, review, ship, deliver, return) publish a deterministic
 * event id, so a client's retry after a lost answer is the same event and the consumer applies it once.
 */
export function orderCommands(db: Db, publisher: EventPublisher) {
  const load = async (orderId: string): Promise<OrderRow | CommandRefusal> => {
    const row = (await db('orders').where({ id: orderId }).first('status', 'ship_country', 'shipped_at')) as
      OrderRow | undefined;
    return row ?? { ok: false, kind: 'not_found', title: 'Order not found', detail: `No order ${orderId}.` };
  };
  const conflict = (detail: string): CommandRefusal => ({
    ok: false,
    kind: 'conflict',
    title: 'Not allowed in this state',
    detail,
  });
  const publish = async <T extends HubEventType>(
    type: T,
    source: string,
    data: HubEventData<T>,
    once: boolean,
  ): Promise<CommandResult> => {
    const orderId = (data as { orderId: string }).orderId;
    const event: OrderCloudEvent<T> = createOrderEvent(
      type,
      source,
      data,
      once ? { id: deterministicEventId(type, orderId) } : {},
    );
    await publisher.publish(event);
    return { ok: true, orderId, eventId: event.id };
  };
  /** Loads the order and answers a refusal, or undefined when `allowed` holds. */
  const check = async (
    orderId: string,
    allowed: (row: OrderRow) => string | undefined,
  ): Promise<CommandRefusal | undefined> => {
    const row = await load(orderId);
    if ('ok' in row) return row;
    const why = allowed(row);
    return why === undefined ? undefined : conflict(`Order ${orderId} is ${row.status}; ${why}`);
  };
  const movesTo = (to: OrderStatus) => (row: OrderRow) =>
    canTransition(row.status, to) ? undefined : `it cannot become ${to}.`;

  return {
    async changeAddress(
      orderId: string,
      shippingAddress: HubEventData<typeof EVENT_TYPES.orderUpdated>['changes']['shippingAddress'],
    ): Promise<CommandResult> {
      const refusal = await check(orderId, (row) => {
        if (!canChangeAddress(row.status)) return 'the address can only change before shipment.';
        if (row.ship_country !== shippingAddress.country)
          return `the shipping country stays ${row.ship_country} (VAT depends on it); cancel and order again to ship elsewhere.`;
        return undefined;
      });
      return (
        refusal ??
        publish(EVENT_TYPES.orderUpdated, SOURCES.shopper, { orderId, changes: { shippingAddress } }, false)
      );
    },

    async cancel(orderId: string, reason: string): Promise<CommandResult> {
      const refusal = await check(orderId, movesTo('cancelled'));
      return refusal ?? publish(EVENT_TYPES.orderCancelled, SOURCES.shopper, { orderId, reason }, true);
    },

    async requestReturn(
      orderId: string,
      reason: ReturnReason,
      comment: string | null,
    ): Promise<CommandResult> {
      // One return per order (approved or not); the consumer refuses a second one that races past this.
      if (await db('returns').where({ order_id: orderId }).first('id')) {
        return {
          ok: false,
          kind: 'conflict',
          title: 'Return already requested',
          detail: `A return for order ${orderId} is already on file.`,
        };
      }
      const refusal = await check(orderId, movesTo('returned'));
      if (refusal) return refusal;
      return publish(EVENT_TYPES.returnRequested, SOURCES.shopper, { orderId, reason, comment }, true);
    },

    async review(
      orderId: string,
      decision: 'release' | 'reject',
      reviewer: string,
      note?: string,
    ): Promise<CommandResult> {
      const refusal = await check(orderId, (row) =>
        row.status === 'on_hold' ? undefined : 'only orders on hold are released or rejected.',
      );
      return (
        refusal ??
        publish(
          EVENT_TYPES.orderReviewed,
          SOURCES.operator,
          { orderId, decision, reviewer, ...(note ? { note } : {}) },
          true,
        )
      );
    },

    async ship(orderId: string, carrier: string, trackingNumber: string): Promise<CommandResult> {
      const refusal = await check(orderId, movesTo('shipped'));
      return (
        refusal ??
        publish(EVENT_TYPES.orderShipped, SOURCES.fulfilment, { orderId, carrier, trackingNumber }, true)
      );
    },

    async deliver(orderId: string, deliveredAt: Date = new Date()): Promise<CommandResult> {
      const refusal = await check(orderId, (row) => {
        const why = movesTo('delivered')(row);
        if (why) return why;
        const shipped = fromDbTime(row.shipped_at);
        if (shipped && deliveredAt.getTime() < Date.parse(shipped))
          return `it was shipped at ${shipped}, after the delivery time given.`;
        if (deliveredAt.getTime() > Date.now() + FUTURE_TOLERANCE_MS)
          return 'the delivery time given is in the future.';
        return undefined;
      });
      return (
        refusal ??
        publish(
          EVENT_TYPES.orderDelivered,
          SOURCES.fulfilment,
          { orderId, deliveredAt: deliveredAt.toISOString() },
          true,
        )
      );
    },
  };
}
export type OrderCommands = ReturnType<typeof orderCommands>;
