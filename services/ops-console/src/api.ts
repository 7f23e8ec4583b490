/**
 * The console's calls to order-api, same origin: the browser sends the HttpOnly session cookie itself
 * (SameSite=Strict), so no credential is ever visible to this code. Writes are JSON (the API's CSRF rule).
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The session ended (expired, signed out elsewhere, token revoked): back to the sign-in page. */
function signedOut(): never {
  window.location.assign('/ops');
  throw new ApiError(401, 'Signed out');
}

async function failure(res: Response): Promise<ApiError> {
  let detail = `${res.status} ${res.statusText}`;
  try {
    const body = (await res.json()) as { title?: string; detail?: string };
    detail = [body.title, body.detail].filter(Boolean).join(': ') || detail;
  } catch {
    // Not problem+json: the status line says enough.
  }
  return new ApiError(res.status, detail);
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, { headers: { Accept: 'application/json' }, signal: signal ?? null });
  if (res.status === 401) signedOut();
  if (!res.ok) throw await failure(res);
  return (await res.json()) as T;
}

export async function postJson<T>(path: string, body: unknown = {}): Promise<T> {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status === 401) signedOut();
  if (!res.ok) throw await failure(res);
  return (await res.json()) as T;
}

export async function signOut(): Promise<void> {
  await fetch('/ops/session', {
    method: 'DELETE',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  });
  window.location.assign('/ops');
}

export const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));
