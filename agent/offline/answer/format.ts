import type { ValueUnit } from '../plan/build-query.ts';

/** How numbers read in answers: counts with separators, EUR with two decimals, rates as percentages. */
const integer = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 0, maximumFractionDigits: 2 });
const money = new Intl.NumberFormat('en-GB', {
  style: 'currency',
  currency: 'EUR',
  minimumFractionDigits: 2,
});

export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  return undefined;
}

export function formatValue(value: unknown, unit: ValueUnit | undefined): string {
  const n = toNumber(value);
  if (n === undefined) return value === null || value === undefined ? 'nothing' : String(value);
  switch (unit) {
    case 'count':
    case 'units':
      return integer.format(n);
    case 'money':
      return money.format(n);
    case 'rate':
      return `${decimal.format(n * 100)} %`;
    case 'days':
      return `${decimal.format(n)} days`;
    case 'hours':
      return `${decimal.format(n)} hours`;
    default:
      return decimal.format(n);
  }
}

export function formatCount(n: number): string {
  return integer.format(n);
}

/** "on_hold" → "on hold", "fraud_suspected" → "fraud suspected". */
export function humanise(code: string): string {
  return code.replace(/_/g, ' ');
}

export function capitalise(s: string): string {
  return s.length === 0 ? s : `${s[0]?.toUpperCase()}${s.slice(1)}`;
}

/** "a, b and c". */
export function joinList(items: string[], conjunction = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`;
}
