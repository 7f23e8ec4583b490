import { describe, expect, it } from 'vitest';
import { canTransition, ORDER_STATUSES } from '../../services/shared/domain/order-status.ts';

describe('order state machine', () => {
  it('allows exactly the moves of design §5', () => {
    const allowed = ORDER_STATUSES.flatMap((from) =>
      ORDER_STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}->${to}`),
    );
    expect(allowed.sort()).toEqual(
      [
        'pending->confirmed',
        'pending->on_hold',
        'pending->cancelled',
        'on_hold->confirmed',
        'on_hold->cancelled',
        'confirmed->shipped',
        'confirmed->cancelled',
        'shipped->delivered',
        'delivered->returned',
      ].sort(),
    );
  });
});
