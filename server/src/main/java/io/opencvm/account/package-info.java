/**
 * Users, workspaces (teams) and their API keys; who is calling ({@link io.opencvm.account.Caller}).
 * Public face: {@link io.opencvm.account.AccountService}; {@code /api/v1/auth/me}, {@code /api/v1/workspaces},
 * the operator's {@code /admin/{workspaces,users,api-keys}} and the first-start bootstrap live here too.
 */
package io.opencvm.account;
