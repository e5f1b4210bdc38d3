/**
 * The dashboard: serves the single-page app built from {@code dashboard/} (at {@code /dashboard/}) and its
 * sign-in routes ({@code /dashboard/session}), which exchange an API key for an http-only session cookie.
 * The page itself calls the same {@code /api/v1} and {@code /admin} routes as the CLI.
 */
package io.opencvm.dashboard;
