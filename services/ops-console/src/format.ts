import type { KpiUnit } from './types.ts';

const euro = new Intl.NumberFormat('en-IE', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });
const euroCents = new Intl.NumberFormat('en-IE', { style: 'currency', currency: 'EUR' });
const count = new Intl.NumberFormat('en-IE', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-IE', { maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat('en-IE', { style: 'percent', maximumFractionDigits: 1 });

/** A KPI value in its unit; `—` when there is none (a ratio over nothing). */
export function formatValue(value: number | null | undefined, unit: KpiUnit, precise = false): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  switch (unit) {
    case 'eur':
      return (precise || Math.abs(value) < 1000 ? euroCents : euro).format(value);
    case 'ratio':
      return percent.format(value);
    case 'days':
      return `${decimal.format(value)} d`;
    case 'turns':
      return decimal.format(value);
    default:
      return count.format(value);
  }
}

export const formatCount = (n: number) => count.format(n);
export const formatMoney = (n: number) => euroCents.format(n);

/** `2026-11-02T10:04:05.123Z` → `2026-11-02 10:04:05 UTC`: operators compare times across sites. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** `wrong_item` → `wrong item`. */
export const words = (code: string) => code.replace(/_/g, ' ');
