import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETURN_POLICY,
  decideReturn,
  refundCents,
  returnPolicyWithWindow,
} from '../../services/shared/domain/return-policy.ts';

const DAY = 86_400_000;
const delivered = new Date('2026-11-01T12:00:00Z');
const facts = (daysAfter: number, reason: Parameters<typeof decideReturn>[0]['reason'] = 'changed_mind') => ({
  reason,
  deliveredAt: delivered,
  requestedAt: new Date(delivered.getTime() + daysAfter * DAY),
  subtotalCents: 10_000,
  taxCents: 1_900,
});

describe('the returns policy', () => {
  it('approves a return inside the window and refunds the goods with their VAT, not shipping', () => {
    expect(decideReturn(facts(30))).toEqual({ approved: true, refundCents: 11_900, restock: true });
    expect(refundCents(10_000, 1_900)).toBe(11_900);
  });

  it('rejects a return one moment past the window, and one for an undelivered order', () => {
    expect(decideReturn({ ...facts(30), requestedAt: new Date(delivered.getTime() + 30 * DAY + 1) })).toEqual(
      {
        approved: false,
        rejection: 'outside_return_window',
      },
    );
    expect(decideReturn({ ...facts(1), deliveredAt: null })).toEqual({
      approved: false,
      rejection: 'not_delivered',
    });
  });

  it('restocks only goods returned for a resellable reason', () => {
    for (const reason of DEFAULT_RETURN_POLICY.resellableReasons) {
      expect(decideReturn(facts(2, reason))).toMatchObject({ approved: true, restock: true });
    }
    expect(decideReturn(facts(2, 'damaged'))).toMatchObject({ approved: true, restock: false });
    expect(decideReturn(facts(2, 'other'))).toMatchObject({ approved: true, restock: false });
  });

  it('takes the window a deployment configures (RETURN_WINDOW_DAYS)', () => {
    expect(decideReturn(facts(10), returnPolicyWithWindow(7))).toMatchObject({ approved: false });
    expect(decideReturn(facts(10), returnPolicyWithWindow(14))).toMatchObject({ approved: true });
  });
});
