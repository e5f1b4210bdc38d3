// Who am I: `phala status`, `phala login`, a wrong key.
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { PhalaCli } from '../lib/cli.js';
import { onEveryBackend } from '../lib/suite.js';
import { escapeRegExp, messageOf } from '../lib/text.js';

/** The server's own answer to `GET /auth/me`, checked against the fields the CLI requires. */
async function currentUser(server) {
  const res = await server.api('GET', '/auth/me');
  assert.equal(res.status, 200, res.text);
  const me = res.json;
  assert.equal(typeof me.user?.username, 'string', res.text);
  assert.ok(['admin', 'user'].includes(me.user.role), res.text);
  assert.equal(typeof me.workspace?.name, 'string', res.text);
  assert.equal(typeof me.workspace.slug, 'string', `nodes list needs a workspace slug: ${res.text}`);
  return me;
}


onEveryBackend('account', (ctx, scenario) => {
  scenario('phala status prints the API, the user and the workspace of the key', async () => {
    const me = await currentUser(ctx.server);
    const result = (await ctx.cli.run(['status'])).expectExit(0);
    const out = result.stdout;
    assert.match(out, new RegExp(`Integrated API: ${escapeRegExp(ctx.server.apiPrefix)}`), result.describe());
    assert.match(out, /API Version: 2026-01-21/, result.describe());
    assert.match(out, new RegExp(`Logged in as: ${escapeRegExp(me.user.username)}`), result.describe());
    assert.match(out, new RegExp(`Current Workspace: ${escapeRegExp(me.workspace.name)}`), result.describe());
  });

  scenario('phala status --json carries the same user and workspace', async () => {
    const me = await currentUser(ctx.server);
    const status = await ctx.cli.json(['status']);
    assert.equal(status.success, true, status.result.describe());
    assert.equal(status.apiUrl, ctx.server.apiPrefix);
    assert.equal(status.apiVersion, '2026-01-21');
    assert.equal(status.username, me.user.username);
    assert.equal(status.team_name, me.workspace.name);
  });

  scenario('phala login with --url and --profile stores a profile that phala status then uses without the key', async () => {
    const me = await currentUser(ctx.server);
    const user = await PhalaCli.create(ctx.server, { apiKey: null });
    try {
      const noEnv = { PHALA_CLOUD_API_KEY: null, PHALA_CLOUD_API_PREFIX: null };
      const login = await user.run(['login', ctx.server.apiKey, '--url', ctx.server.apiPrefix, '--profile', 'conformance'], { env: noEnv });
      login.expectExit(0);

      const stored = JSON.parse(await fsp.readFile(path.join(user.configDir, 'credentials.json'), 'utf8'));
      assert.equal(stored.current_profile, 'conformance', login.describe());
      assert.equal(stored.profiles.conformance.api_prefix, ctx.server.apiPrefix);
      assert.equal(stored.profiles.conformance.user.username, me.user.username);
      assert.equal(stored.profiles.conformance.workspace.slug, me.workspace.slug);

      const status = (await user.run(['status'], { env: noEnv })).expectExit(0);
      assert.match(status.stdout, new RegExp(`Integrated API: ${escapeRegExp(ctx.server.apiPrefix)}`), status.describe());
      assert.match(status.stdout, new RegExp(`Logged in as: ${escapeRegExp(me.user.username)}`), status.describe());
      assert.match(status.stdout, new RegExp(`Current Workspace: ${escapeRegExp(me.workspace.name)}`), status.describe());
      assert.match(status.stdout, /Current Profile: conformance/, status.describe());
    } finally {
      await user.dispose();
    }
  });

  scenario('a wrong key makes phala status fail with exit 1 and the server\'s auth error', async () => {
    const wrongKey = 'ocv_conf_wrong_key_0000000000000000';
    const raw = await ctx.server.api('GET', '/auth/me', { apiKey: wrongKey });
    assert.equal(raw.status, 401, raw.text);
    const message = messageOf(raw.json);
    assert.ok(message, `401 body has no message: ${raw.text}`);

    const result = await ctx.cli.run(['status'], { env: { PHALA_CLOUD_API_KEY: wrongKey } });
    result.expectExit(1);
    assert.match(result.output, /Failed to get user information/, result.describe());
    assert.ok(result.output.includes(message), `CLI output lacks the server message "${message}"\n${result.describe()}`);
  });
});
