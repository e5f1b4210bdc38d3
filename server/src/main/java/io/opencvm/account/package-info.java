/** Users, workspaces (teams) and their API keys; who is calling. */
package io.opencvm.account;
