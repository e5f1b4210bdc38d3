import { useEffect, useRef, useState } from 'preact/hooks';
import { markOnce } from '../marks.js';
import { signIn } from '../session.js';

/** The API key is sent once, in the body of POST /dashboard/session; the page never keeps it. */
export function SignIn({ notice, onSignedIn }) {
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const input = useRef(null);
  useEffect(() => markOnce('opencvm:signin-shown'), []);

  const submit = async (event) => {
    event.preventDefault();
    const key = input.current.value;
    setBusy(true);
    setError(null);
    try {
      const session = await signIn(key);
      input.current.value = '';
      onSignedIn(session);
    } catch (err) {
      setError(err.status === 401 ? 'That API key is not valid.' : err.message);
      input.current.select();
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="signin">
      <h1>Sign in to opencvm</h1>
      {notice && <p class="notice" role="status">{notice}</p>}
      <form onSubmit={submit} aria-describedby="signin-help">
        <label for="api-key">API key</label>
        <input id="api-key" ref={input} type="password" name="api-key" autocomplete="off" spellcheck={false}
               required autofocus aria-invalid={error ? 'true' : undefined}
               aria-describedby={error ? 'signin-error' : undefined} />
        <p id="signin-help" class="help">
          The key is exchanged for a session cookie and not kept by this page. The embedded default prints an
          operator key at its first start and saves it in <code>data/api-key</code>.
        </p>
        {error && <p id="signin-error" class="error" role="alert">{error}</p>}
        <button type="submit" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </main>
  );
}
