import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import './styles.css';

/**
 * The sign-in page order-api answers /ops with (status 401) when the request carries no operator
 * credential. The pasted token goes to POST /ops/session as JSON (the API's CSRF rule: no form posts),
 * which sets the HttpOnly session cookie; this page never stores the token.
 */
function SignIn() {
  const [token, setToken] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  // SameSite=Strict withholds the cookie when a link on another site led here; a same-origin check
  // carries it, so an operator who is signed in goes straight on.
  useEffect(() => {
    void fetch('/ops/session', { headers: { Accept: 'application/json' } }).then((res) => {
      if (res.ok) window.location.replace('/ops' + window.location.search + window.location.hash);
    });
  }, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      const res = await fetch('/ops/session', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ token: token.trim() }),
      });
      // 303 to /ops, followed by fetch: the console page, now with the cookie.
      if (res.ok) return window.location.replace('/ops' + window.location.search + window.location.hash);
      setError(res.status === 401 ? 'That is not an operator token.' : `Sign-in failed (${res.status}).`);
    } catch {
      setError('The server could not be reached.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="wrap sign-in">
      <h1>Ops console</h1>
      <p>
        Operators only. Sign in with an operator token: one of <code>OPERATOR_TOKENS</code>, or the one{' '}
        <code>npm start</code> writes to <code>data/operator-token</code>.
      </p>
      <form onSubmit={submit}>
        <label for="token">Operator token</label>
        <input
          id="token"
          name="token"
          type="password"
          autocomplete="current-password"
          required
          value={token}
          onInput={(e) => setToken(e.currentTarget.value)}
          aria-describedby={error ? 'token-error' : undefined}
          aria-invalid={error ? true : undefined}
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p id="token-error" role="alert" class="error">
          {error}
        </p>
      </form>
      <p class="muted">
        Microsoft Entra ID users call the API with their access token instead (docs/ops-console.md).
      </p>
    </main>
  );
}

render(<SignIn />, document.getElementById('app')!);
