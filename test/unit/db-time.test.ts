import { describe, expect, it } from 'vitest';
import { fromDbTime, toDbTime } from '../../services/shared/db/time.ts';
import { isOrderId, newOrderId } from '../../services/shared/domain/order-id.ts';

describe('database timestamps and order ids', () => {
  it('round-trips UTC timestamps with milliseconds', () => {
    const d = new Date('2026-11-20T08:05:03.042Z');
    expect(toDbTime(d)).toBe('2026-11-20 08:05:03.042');
    expect(fromDbTime('2026-11-20 08:05:03.042')).toBe('2026-11-20T08:05:03.042Z');
    expect(fromDbTime('2026-11-20 08:05:03')).toBe('2026-11-20T08:05:03.000Z');
    expect(fromDbTime(null)).toBeNull();
  });

  it('makes well-formed, distinct order ids', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newOrderId()));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(isOrderId(id)).toBe(true);
    expect(isOrderId('ORD-ILOU000000')).toBe(false);
  });
});
