// More accounts on one server, made through the operator's admin API (`/admin/…`, outside /api/v1).
import { randomBytes } from 'node:crypto';

async function adminPost(server, adminPath, body) {
  const res = await fetch(`${server.baseUrl}${adminPath}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-API-Key': server.adminKey },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (res.status !== 201 && res.status !== 200) {
    // The body of a failed admin call never holds a key, so it can be shown.
    throw new Error(`POST ${adminPath} answered ${res.status}: ${text}`);
  }
  return JSON.parse(text);
}

/** A new workspace with one member and an API key of that member in it: {slug, username, apiKey}. */
export async function createWorkspaceWithKey(server, prefix = 'other') {
  const slug = `${prefix}-${randomBytes(3).toString('hex')}`;
  await adminPost(server, '/admin/workspaces', { name: `Workspace ${slug}`, slug });
  return addUserWithKey(server, slug, 'owner', prefix);
}

/**
 * A new user in an existing workspace with `workspaceRole` (`owner`, `admin` or `member`) and an API key of
 * theirs in it: {slug, username, apiKey}.
 */
export async function addUserWithKey(server, slug, workspaceRole, prefix = 'other') {
  const username = `${prefix}-user-${randomBytes(3).toString('hex')}`;
  await adminPost(server, '/admin/users', {
    username, email: `${username}@example.com`, role: 'user', workspace_slug: slug, workspace_role: workspaceRole,
  });
  const issued = await adminPost(server, '/admin/api-keys', { username, workspace_slug: slug, name: 'conformance' });
  if (typeof issued.key !== 'string' || issued.key.length === 0) {
    throw new Error(`POST /admin/api-keys returned no key (fields: ${Object.keys(issued).join(', ')})`);
  }
  return { slug, username, apiKey: issued.key };
}
