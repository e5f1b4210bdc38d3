/**
 * Apps (one app id, one KMS identity) and their revisions, the exact app-compose.json bytes each compose
 * hash stands for; the id forms that name them ({@link io.opencvm.app.AppId}, {@link io.opencvm.app.ComposeHash});
 * and the {@code /apps} routes. The CVM feature depends on this one, so what those routes show of CVMs they
 * ask through {@link io.opencvm.app.AppInstances}, which the CVM feature answers.
 */
package io.opencvm.app;
