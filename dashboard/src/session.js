// Sign-in, the current session and sign-out (routes outside /api/v1; see docs/security.md).
import { ApiError, request, setCsrfToken } from './api.js';

/** The current session, or null when the browser has none (or it expired). */
export async function currentSession() {
  try {
    return remember(await request('GET', '/dashboard/session'));
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw err;
  }
}

export async function signIn(apiKey) {
  return remember(await request('POST', '/dashboard/session', { body: { api_key: apiKey } }));
}

export async function signOut() {
  try {
    await request('DELETE', '/dashboard/session');
  } catch (err) {
    // An expired session is signed out already.
    if (!(err instanceof ApiError && err.status === 401)) {
      throw err;
    }
  } finally {
    setCsrfToken(null);
  }
}

function remember(session) {
  setCsrfToken(session.csrf_token);
  return session;
}
