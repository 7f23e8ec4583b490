import { useEffect, useState } from 'preact/hooks';
import { readJson, writeJson } from './storage.ts';

/** One cart line; name and price are shown while the API's quote loads, never charged from here. */
export interface CartLine {
  sku: string;
  name: string;
  category: string;
  unitPrice: number;
  quantity: number;
}

const KEY = 'mgc.cart.v1';
/** The API's per-line limit (quantitySchema). */
export const MAX_QUANTITY = 1000;

type Listener = (lines: readonly CartLine[]) => void;
const listeners = new Set<Listener>();

function isLine(v: unknown): v is CartLine {
  const l = v as CartLine;
  return (
    typeof l?.sku === 'string' &&
    typeof l.name === 'string' &&
    typeof l.category === 'string' &&
    typeof l.unitPrice === 'number' &&
    Number.isInteger(l.quantity) &&
    l.quantity >= 1
  );
}

/** What the browser kept; anything unreadable is dropped rather than trusted. */
function load(): CartLine[] {
  const stored = readJson<unknown>('local', KEY);
  return Array.isArray(stored) ? stored.filter(isLine) : [];
}

let lines: readonly CartLine[] = load();

function save(next: readonly CartLine[]): void {
  lines = next;
  writeJson('local', KEY, next.length ? next : undefined);
  for (const l of listeners) l(lines);
}

// Another tab changed the cart: follow it.
window.addEventListener('storage', (e) => {
  if (e.key !== KEY && e.key !== null) return;
  lines = load();
  for (const l of listeners) l(lines);
});

export const cart = {
  lines: () => lines,
  count: () => lines.reduce((n, l) => n + l.quantity, 0),
  /** Adds `quantity`, capped at `max` units of that product in the cart. Returns the units added. */
  add(product: Omit<CartLine, 'quantity'>, quantity: number, max = MAX_QUANTITY): number {
    const existing = lines.find((l) => l.sku === product.sku);
    const before = existing?.quantity ?? 0;
    const after = Math.min(before + quantity, max, MAX_QUANTITY);
    if (after <= before) return 0;
    save(
      existing
        ? lines.map((l) => (l.sku === product.sku ? { ...l, ...product, quantity: after } : l))
        : [...lines, { ...product, quantity: after }],
    );
    return after - before;
  },
  setQuantity(sku: string, quantity: number): void {
    if (!Number.isInteger(quantity) || quantity < 1) return;
    save(lines.map((l) => (l.sku === sku ? { ...l, quantity: Math.min(quantity, MAX_QUANTITY) } : l)));
  },
  remove(sku: string): void {
    save(lines.filter((l) => l.sku !== sku));
  },
  clear(): void {
    save([]);
  },
};

/** The cart lines, re-rendering the caller whenever they change (in this tab or another). */
export function useCart(): readonly CartLine[] {
  const [state, setState] = useState(lines);
  useEffect(() => {
    listeners.add(setState);
    setState(lines);
    return () => void listeners.delete(setState);
  }, []);
  return state;
}
