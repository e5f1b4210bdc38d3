/**
 * Workspace webhooks: endpoints, an outbox of events written in the transaction that changes a CVM, and
 * signed at-least-once delivery by lease-holding workers (see {@code docs/webhooks.md}).
 */
package io.opencvm.webhook;
