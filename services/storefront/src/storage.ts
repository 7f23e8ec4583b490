/**
 * localStorage and sessionStorage that never throw: private browsing, a full quota or a disabled
 * store must not break shopping, only forgetting across reloads.
 */
function safe(kind: 'local' | 'session'): Storage | undefined {
  try {
    return kind === 'local' ? window.localStorage : window.sessionStorage;
  } catch {
    return undefined;
  }
}

export function readJson<T>(kind: 'local' | 'session', key: string): T | undefined {
  try {
    const text = safe(kind)?.getItem(key);
    return text ? (JSON.parse(text) as T) : undefined;
  } catch {
    return undefined;
  }
}

export function writeJson(kind: 'local' | 'session', key: string, value: unknown): void {
  try {
    if (value === undefined) safe(kind)?.removeItem(key);
    else safe(kind)?.setItem(key, JSON.stringify(value));
  } catch {
    // Quota or privacy mode: the value lives until the page closes.
  }
}
