// Small text helpers shared by the scenarios.

export function escapeRegExp(text) {
  return String(text).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The human message the clients derive from an error body. */
export function messageOf(body) {
  const detail = body?.detail ?? body;
  return typeof detail === 'string' ? detail : detail?.message;
}
