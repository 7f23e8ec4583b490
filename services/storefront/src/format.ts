/**
 * Prices are EUR, written the English way (€1,234.50). The Intl formatters are made on first use:
 * creating one loads locale data (a long task on a slow phone), so only pages that show prices or dates
 * pay for it, and the price formatter's cost falls in the first render (the footer), before the first
 * paint, rather than blocking input later.
 */
let money: Intl.NumberFormat | undefined;
let dateTime: Intl.DateTimeFormat | undefined;

export function formatPrice(amount: number): string {
  money ??= new Intl.NumberFormat('en', { style: 'currency', currency: 'EUR' });
  return money.format(amount);
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  dateTime ??= new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
  return dateTime.format(d);
}

export function pluralItems(n: number): string {
  return n === 1 ? '1 item' : `${n} items`;
}

/** Plain code-point order: names here are English, and a locale collator costs a long task to create. */
export function byText<T>(key: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };
}
