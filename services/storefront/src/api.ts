/**
 * The storefront's only door to order-api. Every call goes through `request`, which turns the ways a
 * call can fail into two error types the pages know how to explain: the API could not be reached
 * (network down, proxy 502/504) or it answered with a problem+json (RFC 9457), possibly naming fields.
 */

import type { OrderView } from '../../shared/events/order-view.ts';

export interface FieldProblem {
  field: string;
  message: string;
}

/** The API answered, but not with success. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly fieldErrors: readonly FieldProblem[],
    /** Seconds from Retry-After (429, 503), when given. */
    readonly retryAfterSeconds: number | undefined,
  ) {
    super(detail ? `${title}: ${detail}` : title);
    this.name = 'ApiError';
  }
}

/** No answer from the API at all (offline, DNS, connection refused, gateway error, time-out). */
export class ApiUnreachable extends Error {
  constructor(readonly retryAfterSeconds?: number) {
    super('The shop could not be reached.');
    this.name = 'ApiUnreachable';
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  headers?: Record<string, string>;
  query?: Record<string, string | undefined>;
  signal?: AbortSignal;
}

const TIMEOUT_MS = 15_000;

function retryAfter(res: Response): number | undefined {
  const value = res.headers.get('Retry-After');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const url = new URL(path, window.location.origin);
  for (const [name, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  // The API accepts state changes only as JSON (its CSRF defence), so every POST says so.
  if (options.method === 'POST') headers['Content-Type'] = 'application/json';
  const timeout = AbortSignal.timeout(TIMEOUT_MS);
  let res: Response;
  try {
    res = await fetch(url, {
      method: options.method ?? 'GET',
      headers,
      body: options.method === 'POST' ? JSON.stringify(options.body ?? {}) : undefined,
      signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
      credentials: 'same-origin',
    });
  } catch (err) {
    if (options.signal?.aborted) throw err;
    throw new ApiUnreachable();
  }
  if (res.status === 502 || res.status === 504) throw new ApiUnreachable(retryAfter(res));
  const type = res.headers.get('Content-Type') ?? '';
  const json: unknown = type.includes('json') ? await res.json().catch(() => undefined) : undefined;
  if (res.ok && json !== undefined) return json as T;
  if (res.ok) throw new ApiUnreachable();
  const problem = (json ?? {}) as { title?: unknown; detail?: unknown; errors?: unknown };
  const fieldErrors = Array.isArray(problem.errors)
    ? problem.errors.filter(
        (e): e is FieldProblem => typeof e?.field === 'string' && typeof e?.message === 'string',
      )
    : [];
  throw new ApiError(
    res.status,
    typeof problem.title === 'string' ? problem.title : res.statusText || `HTTP ${res.status}`,
    typeof problem.detail === 'string' ? problem.detail : undefined,
    fieldErrors,
    retryAfter(res),
  );
}

// ---- The API's shapes, as the storefront reads them ----

export interface Product {
  sku: string;
  name: string;
  category: string;
  unitPrice: number;
  currency: string;
  available: number;
}

export interface Quote {
  currency: string;
  country: string;
  vatRate: number;
  freeShippingFrom: number;
  lines: { sku: string; quantity: number; unitPrice: number; lineTotal: number }[];
  subtotal: number;
  shippingFee: number;
  tax: number;
  total: number;
}

export interface PlacedOrder {
  orderId: string;
  status: string;
  /** Proof of ownership for tracking, cancelling and returning (absent from older APIs). */
  orderToken?: string;
}

export type { OrderView };

export interface OrderProof {
  token?: string | undefined;
  email?: string | undefined;
}

const proofHeaders = (proof: OrderProof) =>
  proof.token ? { 'X-Order-Token': proof.token } : ({} as Record<string, string>);
const proofQuery = (proof: OrderProof) => (proof.token ? {} : { email: proof.email });

export const api = {
  products: (signal?: AbortSignal) =>
    request<{ products: Product[] }>('/api/products', { signal }).then((r) => r.products),
  quote: (body: { country: string; items: { sku: string; quantity: number }[] }, signal?: AbortSignal) =>
    request<Quote>('/api/quote', { method: 'POST', body, signal }),
  placeOrder: (body: unknown, idempotencyKey: string) =>
    request<PlacedOrder>('/api/orders', {
      method: 'POST',
      body,
      headers: { 'Idempotency-Key': idempotencyKey },
    }),
  order: (orderId: string, proof: OrderProof, signal?: AbortSignal) =>
    request<OrderView>(`/api/orders/${encodeURIComponent(orderId)}`, {
      headers: proofHeaders(proof),
      query: proofQuery(proof),
      signal,
    }),
  requestReturn: (orderId: string, proof: OrderProof, body: { reason: string; comment?: string }) =>
    request<{ orderId: string; status: string }>(`/api/orders/${encodeURIComponent(orderId)}/returns`, {
      method: 'POST',
      body,
      headers: proofHeaders(proof),
      query: proofQuery(proof),
    }),
  cancel: (orderId: string, proof: OrderProof) =>
    request<{ orderId: string; status: string }>(`/api/orders/${encodeURIComponent(orderId)}/cancel`, {
      method: 'POST',
      body: {},
      headers: proofHeaders(proof),
      query: proofQuery(proof),
    }),
};
