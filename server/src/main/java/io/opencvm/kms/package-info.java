/** Key management services: which KMS governs an app, and the env-encryption keys it derives. */
package io.opencvm.kms;
