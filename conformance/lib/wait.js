// Polling with a deadline: the suite never sleeps for a fixed time where a condition can be awaited.
import { setTimeout as delay } from 'node:timers/promises';

/** Thrown from a `waitFor` condition to give up at once (the thing waited for can no longer happen). */
export class StopWaiting extends Error {}

/**
 * Calls `fn` until it returns a truthy value and resolves with that value. An exception thrown by
 * `fn` counts as "not yet" (except `StopWaiting`); the last one is reported when the deadline passes.
 */
export async function waitFor(fn, { timeoutMs = 30_000, intervalMs = 100, description = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  let lastValue;
  for (;;) {
    try {
      lastValue = await fn();
      if (lastValue) {
        return lastValue;
      }
    } catch (err) {
      if (err instanceof StopWaiting) {
        throw err;
      }
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const why = lastError ? `last error: ${lastError.message}` : `last value: ${JSON.stringify(lastValue)}`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${description} (${why})`);
    }
    await delay(intervalMs);
  }
}
