import type { OrderProof } from './api.ts';
import { readJson, writeJson } from './storage.ts';

/**
 * What this browser knows about the shopper's orders: the `orderToken` the API returned at checkout
 * (or the email they tracked the order with), so the order page can follow it after a reload.
 */
export interface SavedOrder extends OrderProof {
  orderId: string;
  /** When this browser placed it: a just-placed order is "pending" until the consumer records it. */
  placedAt?: number;
  returnRequested?: boolean;
}

const KEY = 'mgc.orders.v1';
const KEEP = 20;

function all(): SavedOrder[] {
  const stored = readJson<unknown>('local', KEY);
  return Array.isArray(stored)
    ? stored.filter((o): o is SavedOrder => typeof (o as SavedOrder)?.orderId === 'string')
    : [];
}

export function savedOrder(orderId: string): SavedOrder | undefined {
  return all().find((o) => o.orderId === orderId);
}

export function saveOrder(update: SavedOrder): void {
  const rest = all().filter((o) => o.orderId !== update.orderId);
  const merged = { ...savedOrder(update.orderId), ...update };
  writeJson('local', KEY, [merged, ...rest].slice(0, KEEP));
}
