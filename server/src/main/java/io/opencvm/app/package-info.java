/**
 * Apps (one app id, one KMS identity) and their revisions: the exact app-compose.json bytes each
 * compose hash stands for, built with the canonical RFC 8785 writer.
 */
package io.opencvm.app;
