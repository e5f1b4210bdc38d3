// Trust and access, as the CLI shows them: `phala ssh-keys` (add, list, remove, a GitHub import that cannot reach
// GitHub), `phala cvms attestation` (and a source's and its replica's attestation through the SDK), and `phala cvms device-allowlist` of an app
// under a KMS without a chain.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awaitCvmRunning, awaitNodeVmBooted, deployCvm, uniqueName } from '../lib/cvms.js';
import { onEveryBackend } from '../lib/suite.js';
import { waitFor } from '../lib/wait.js';

const SLOW = { timeout: 300_000 };
const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH0wXJKU3s3QMRHFpwjwpZQ9b5W5q0BujX3wz4Nz4QDs alice@laptop';
const ED25519_FINGERPRINT = 'SHA256:DNZ2OQ7usZWwFPeaE1M+fSQ17jqPgerhB+6CAeK/wGg';

onEveryBackend('trust and access', (ctx, scenario) => {
  let pair;
  const sourceAndReplica = () => {
    pair ??= (async () => {
      const deployed = await deployCvm(ctx.sdk, { name: uniqueName('conf-trust') });
      const source = await awaitCvmRunning(ctx.sdk, deployed.ref);
      await awaitNodeVmBooted(ctx.server, source.vm_uuid);
      const replicated = await ctx.cli.json(['cvms', 'replicate', source.vm_uuid]);
      const replica = await awaitCvmRunning(ctx.sdk, { id: replicated.vm_uuid });
      await awaitNodeVmBooted(ctx.server, replica.vm_uuid);
      return [['source', source], ['replica', replica]];
    })();
    return pair;
  };

  scenario('phala ssh-keys add, list and remove a key; a second add of it is refused', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conf-ssh-'));
    try {
      const file = join(dir, 'id_ed25519.pub');
      await writeFile(file, `${ED25519}\n`);
      const added = (await ctx.cli.run(['ssh-keys', 'add', '--name', 'laptop', '--key-file', file])).expectExit(0);
      assert.match(added.output, /Added SSH key "laptop" \(ed25519, SHA256:DNZ2OQ7usZWwFPeaE1M\+fSQ17jqPgerhB\+6CAeK\/wGg\)/,
        added.describe());
      const again = await ctx.cli.run(['ssh-keys', 'add', '--name', 'twice', '--key-file', file]);
      assert.notEqual(again.code, 0, again.describe());
      assert.match(again.output, /already added/, again.describe());

      const listed = await ctx.cli.json(['ssh-keys', 'list']);
      const key = listed.find((k) => k.fingerprint === ED25519_FINGERPRINT);
      assert.ok(key, JSON.stringify(listed));
      assert.equal(key.name, 'laptop');
      assert.equal(key.source, 'manual');
      const table = (await ctx.cli.run(['ssh-keys', 'list'])).expectExit(0);
      assert.match(table.stdout, /laptop/, table.describe());

      const removed = (await ctx.cli.run(['ssh-keys', 'remove', key.id])).expectExit(0);
      assert.match(removed.output, new RegExp(`SSH key ${key.id} removed`), removed.describe());
      assert.equal((await ctx.cli.json(['ssh-keys', 'list'])).some((k) => k.id === key.id), false);
      const gone = await ctx.cli.run(['ssh-keys', 'remove', key.id]);
      assert.notEqual(gone.code, 0, gone.describe());
      assert.match(gone.output, /not found/, gone.describe());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  scenario('phala ssh-keys import-github says GitHub cannot be reached, promptly', async () => {
    const started = Date.now();
    const imported = await ctx.cli.run(['ssh-keys', 'import-github', 'octocat']);
    assert.notEqual(imported.code, 0, imported.describe());
    assert.match(imported.output, /Could not import SSH keys from GitHub: GitHub (could not be reached|did not answer)/,
      imported.describe());
    assert.ok(Date.now() - started < 30_000, `took ${Date.now() - started} ms`);
  });

  scenario('phala cvms attestation shows a CVM\'s certificates and TCB info; a source\'s and its replica\'s read by vm_uuid', async () => {
    // The CLI asks for `cvms/app_<app_id>/attestation`, which names one CVM only while the app has no replica.
    const deployed = await deployCvm(ctx.sdk, { name: uniqueName('conf-att') });
    const single = await awaitCvmRunning(ctx.sdk, deployed.ref);
    await awaitNodeVmBooted(ctx.server, single.vm_uuid);
    const shown = await waitFor(async () => {
      const run = await ctx.cli.run(['cvms', 'attestation', single.vm_uuid]);
      return run.code === 0 && /Certificate #1/.test(run.output) ? run : false;
    }, { timeoutMs: 30_000, intervalMs: 500, description: 'phala cvms attestation to show a certificate' });
    assert.match(shown.output, /Online/, shown.describe());
    assert.match(shown.output, /Trusted Computing Base/, shown.describe());
    assert.match(shown.output, /Rtmr3/, shown.describe());

    for (const [role, cvm] of await sourceAndReplica()) {
      const attestation = await ctx.sdk.getCvmAttestation({ id: cvm.vm_uuid });
      assert.equal(attestation.is_online, true, `${role}: ${JSON.stringify(attestation).slice(0, 400)}`);
      assert.match(attestation.tcb_info?.rtmr3 ?? '', /^[0-9a-f]{96}$/, role);
      assert.ok(attestation.app_certificates?.length > 0, role);
    }
  }, SLOW);

  scenario('phala cvms device-allowlist says an app under a KMS without a chain has no on-chain allowlist', async () => {
    const [[, source]] = await sourceAndReplica();
    const shown = (await ctx.cli.run(['cvms', 'device-allowlist', source.vm_uuid])).expectExit(0);
    assert.match(shown.output, /does not use on-chain KMS/, shown.describe());
    const json = await ctx.cli.json(['cvms', 'device-allowlist', source.vm_uuid]);
    assert.equal(json.is_onchain_kms, false, JSON.stringify(json));
  }, SLOW);
}, {
  // Nothing listens on port 9 of loopback: the GitHub import fails fast and says so.
  setup: async () => ({ OPENCVM_GITHUB_API_URL: 'http://127.0.0.1:9', OPENCVM_GITHUB_TIMEOUT: 'PT3S' }),
});
