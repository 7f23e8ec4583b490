import { useEffect, useState } from 'preact/hooks';
import { api, type Quote } from './api.ts';
import type { CartLine } from './cart.ts';
import { readJson, writeJson } from './storage.ts';

const COUNTRY_KEY = 'mgc.ship-to.v1';

/** The country the shopper last chose to ship to (VAT depends on it); Germany until they choose. */
export function savedCountry(): string {
  const c = readJson<string>('local', COUNTRY_KEY);
  return typeof c === 'string' && /^[A-Z]{2}$/.test(c) ? c : 'DE';
}

export function saveCountry(country: string): void {
  if (/^[A-Z]{2}$/.test(country)) writeJson('local', COUNTRY_KEY, country);
}

export interface QuoteState {
  quote: Quote | undefined;
  error: unknown;
  loading: boolean;
  retry(): void;
}

/**
 * The API's quote for the cart: subtotal, shipping, VAT and total exactly as the order will be charged.
 * Asked again (after a short pause, so typing a quantity sends one request) whenever the lines or the
 * country change.
 */
export function useQuote(lines: readonly CartLine[], country: string): QuoteState {
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<Omit<QuoteState, 'retry'>>({
    quote: undefined,
    error: undefined,
    loading: lines.length > 0,
  });
  const key = JSON.stringify([country, lines.map((l) => [l.sku, l.quantity])]);
  useEffect(() => {
    if (lines.length === 0 || !/^[A-Z]{2}$/.test(country)) {
      setState({ quote: undefined, error: undefined, loading: false });
      return;
    }
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true, error: undefined }));
    const timer = window.setTimeout(() => {
      api
        .quote(
          { country, items: lines.map((l) => ({ sku: l.sku, quantity: l.quantity })) },
          controller.signal,
        )
        .then(
          (quote) => !controller.signal.aborted && setState({ quote, error: undefined, loading: false }),
          (error: unknown) =>
            !controller.signal.aborted && setState({ quote: undefined, error, loading: false }),
        );
    }, 150);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
    // `key` captures lines and country by value.
  }, [key, attempt]);
  return { ...state, retry: () => setAttempt((n) => n + 1) };
}
