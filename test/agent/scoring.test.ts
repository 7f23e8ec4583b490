import { describe, expect, it } from 'vitest';
import { percentile } from '../../agent/eval/evaluate-set.ts';
import { scoreResult } from '../../agent/eval/scoring.ts';

/** The scoring rules of ../shared/agent-eval/README.md. */
describe('execution-accuracy scoring', () => {
  const gold = {
    columns: ['ship_country', 'revenue'],
    rows: [
      ['DE', 100.004],
      ['FR', 50],
    ],
  };

  it('accepts extra columns, other names and column order; numbers to 0.01', () => {
    expect(
      scoreResult(gold, {
        columns: ['rev', 'country', 'n'],
        rows: [
          [100, 'DE', 3],
          [50.01, 'FR', 1],
        ],
      }).correct,
    ).toBe(true);
  });

  it('ignores row order unless the question is order-sensitive', () => {
    const swapped = {
      columns: ['c', 'r'],
      rows: [
        ['FR', 50],
        ['DE', 100],
      ],
    };
    expect(scoreResult(gold, swapped).correct).toBe(true);
    expect(scoreResult(gold, swapped, { orderSensitive: true }).correct).toBe(false);
  });

  it('keeps rows together when matching several columns', () => {
    expect(
      scoreResult(gold, {
        columns: ['c', 'r'],
        rows: [
          ['DE', 50],
          ['FR', 100],
        ],
      }).correct,
    ).toBe(false);
  });

  it('needs every gold column and the same number of rows', () => {
    expect(scoreResult(gold, { columns: ['c'], rows: [['DE'], ['FR']] }).correct).toBe(false);
    expect(scoreResult(gold, { columns: ['c', 'r'], rows: [['DE', 100]] }).correct).toBe(false);
    expect(scoreResult(gold, undefined).correct).toBe(false);
  });

  it('takes a rate as a fraction or a percentage, and honours a relative tolerance', () => {
    const rate = { columns: ['r'], rows: [[0.1167]] };
    expect(scoreResult(rate, { columns: ['x'], rows: [[11.67]] }, { rate: true }).correct).toBe(true);
    expect(scoreResult(rate, { columns: ['x'], rows: [[0.11666]] }, { rate: true }).correct).toBe(true);
    expect(scoreResult(rate, { columns: ['x'], rows: [[11.67]] }).correct).toBe(false);
    const days = { columns: ['d'], rows: [[4.2]] };
    expect(scoreResult(days, { columns: ['d'], rows: [[4.35]] }, { tolerance: 0.05 }).correct).toBe(true);
    expect(scoreResult(days, { columns: ['d'], rows: [[4.5]] }, { tolerance: 0.05 }).correct).toBe(false);
  });

  it('compares numbers with numeric strings and nulls with nulls', () => {
    expect(
      scoreResult({ columns: ['a'], rows: [['12.50']] }, { columns: ['b'], rows: [[12.5]] }).correct,
    ).toBe(true);
    expect(scoreResult({ columns: ['a'], rows: [[null]] }, { columns: ['b'], rows: [[null]] }).correct).toBe(
      true,
    );
    expect(scoreResult({ columns: ['a'], rows: [[null]] }, { columns: ['b'], rows: [[0]] }).correct).toBe(
      false,
    );
  });

  it('computes nearest-rank percentiles', () => {
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(
      percentile(
        Array.from({ length: 100 }, (_, i) => i + 1),
        95,
      ),
    ).toBe(95);
  });
});
