import type { ReturnReason } from './vocabulary.ts';

/**
 * The shop's returns policy, in one place: which requests are approved, what is refunded and which
 * goods go back on the shelf. Pure functions over plain data; the consumer applies the result.
 */
export interface ReturnPolicy {
  /** Days after delivery within which a return is accepted. */
  windowDays: number;
  /** Reasons whose goods come back unused and can be sold again; the others go to inspection. */
  resellableReasons: readonly ReturnReason[];
}

export const DEFAULT_RETURN_POLICY: ReturnPolicy = {
  windowDays: 30,
  resellableReasons: ['changed_mind', 'wrong_item', 'late_delivery', 'not_as_described'],
};

export const RETURN_REJECTIONS = ['outside_return_window', 'not_delivered'] as const;
export type ReturnRejection = (typeof RETURN_REJECTIONS)[number];

export type ReturnDecision =
  { approved: true; refundCents: number; restock: boolean } | { approved: false; rejection: ReturnRejection };

export interface ReturnRequestFacts {
  reason: ReturnReason;
  deliveredAt: Date | null;
  requestedAt: Date;
  /** The order's goods and their VAT, in cents. */
  subtotalCents: number;
  taxCents: number;
}

const DAY_MS = 86_400_000;

/** The refund of an accepted return: the goods with their VAT; shipping is not refunded. */
export function refundCents(subtotalCents: number, taxCents: number): number {
  return subtotalCents + taxCents;
}

export function decideReturn(
  facts: ReturnRequestFacts,
  policy: ReturnPolicy = DEFAULT_RETURN_POLICY,
): ReturnDecision {
  if (facts.deliveredAt === null) return { approved: false, rejection: 'not_delivered' };
  if (facts.requestedAt.getTime() - facts.deliveredAt.getTime() > policy.windowDays * DAY_MS) {
    return { approved: false, rejection: 'outside_return_window' };
  }
  return {
    approved: true,
    refundCents: refundCents(facts.subtotalCents, facts.taxCents),
    restock: policy.resellableReasons.includes(facts.reason),
  };
}

/** The default policy with a deployment's window (RETURN_WINDOW_DAYS). */
export function returnPolicyWithWindow(windowDays: number): ReturnPolicy {
  return { ...DEFAULT_RETURN_POLICY, windowDays };
}
