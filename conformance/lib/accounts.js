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
  const suffix = randomBytes(3).toString('hex');
  const slug = `${prefix}-${suffix}`;
  const username = `${prefix}-user-${suffix}`;
  await adminPost(server, '/admin/workspaces', { name: `Workspace ${slug}`, slug });
  await adminPost(server, '/admin/users', {
    username, email: `${username}@example.com`, role: 'user', workspace_slug: slug, workspace_role: 'owner',
  });
  const issued = await adminPost(server, '/admin/api-keys', { username, workspace_slug: slug, name: 'conformance' });
  if (typeof issued.key !== 'string' || issued.key.length === 0) {
    throw new Error(`POST /admin/api-keys returned no key (fields: ${Object.keys(issued).join(', ')})`);
  }
  return { slug, username, apiKey: issued.key };
}
