// Every call the page makes: same origin, the session cookie (http-only, never visible here) and, on
// state-changing requests, the session's CSRF token. The token lives in memory only: a reload asks the
// server for it again (GET /dashboard/session). Nothing is ever written to localStorage/sessionStorage.

const VERSION = '2026-01-21';
let csrfToken = null;
let onUnauthenticated = () => {};

/** A refusal from the API, with the envelope's code and message (or the 422 list) when there is one. */
export class ApiError extends Error {
  constructor(status, body) {
    super(messageOf(status, body));
    this.status = status;
    this.body = body;
    this.code = body?.detail?.error_code ?? null;
    this.details = Array.isArray(body?.detail?.details) ? body.detail.details : [];
  }

  /** `details[]` as a map, the way the CLI reads a 465 (items with `field`). */
  fields() {
    return Object.fromEntries(this.details.filter((d) => d.field).map((d) => [d.field, d.value]));
  }

  /** The route itself does not exist on this server (not: the thing asked for does not exist). */
  get routeMissing() {
    return this.status === 404 && this.code === 'ERR-00-003';
  }
}

function messageOf(status, body) {
  const detail = body?.detail;
  if (typeof detail?.message === 'string') {
    return detail.message;
  }
  if (Array.isArray(detail) && detail[0]?.msg) {
    return `${detail[0].loc?.join('.') ?? 'request'}: ${detail[0].msg}`;
  }
  if (typeof detail === 'string') {
    return detail;
  }
  return `The server answered ${status}`;
}

export function setCsrfToken(token) {
  csrfToken = token ?? null;
}

/** Called (once per failing request) when the API says the session is gone: expired, signed out, revoked. */
export function whenUnauthenticated(fn) {
  onUnauthenticated = fn;
}

export async function request(method, path, { body, headers = {} } = {}) {
  const h = { Accept: 'application/json', 'X-Phala-Version': VERSION, ...headers };
  if (body !== undefined) {
    h['Content-Type'] = 'application/json';
  }
  if (method !== 'GET' && csrfToken) {
    h['X-CSRF-Token'] = csrfToken;
  }
  const res = await fetch(path, {
    method,
    headers: h,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const err = new ApiError(res.status, json);
    if (res.status === 401 && !path.startsWith('/dashboard/session')) {
      onUnauthenticated(err);
    }
    throw err;
  }
  return json;
}

export const get = (path) => request('GET', path);
export const post = (path, body, headers) => request('POST', path, { body, headers });

/** A random Idempotency-Key (crypto.getRandomValues works on plain-HTTP origins too). */
export function idempotencyKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `dash-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
