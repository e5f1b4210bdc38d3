// Trust and access, as the CLI shows them: `phala ssh-keys` (add, list, remove, a GitHub import that cannot reach
// GitHub), and on a source CVM and on its replica `phala cvms attestation`, `phala cvms device-allowlist` (an app
// under a KMS without a chain) and `phala ssh --dry-run`; `phala os-images` and `phala kms ethereum` / `base`.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awaitCvmRunning, awaitNodeVmBooted, deployCvm, uniqueName } from '../lib/cvms.js';
import { runningSourceAndReplica } from '../lib/replicas.js';
import { onEveryBackend } from '../lib/suite.js';
import { waitFor } from '../lib/wait.js';

const SLOW = { timeout: 300_000 };
const ED25519 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH0wXJKU3s3QMRHFpwjwpZQ9b5W5q0BujX3wz4Nz4QDs alice@laptop';
const ED25519_FINGERPRINT = 'SHA256:DNZ2OQ7usZWwFPeaE1M+fSQ17jqPgerhB+6CAeK/wGg';

/** What `phala ssh --dry-run` prints: ssh through the gateway on 443 to port 22 of the app. */
const sshCommand = (appId, gatewayDomain) => new RegExp(
  `^ssh .*-p 443 .*root@${appId.replace(/^app_/, '')}-22\\.${gatewayDomain.replace(/\./g, '\\.')}`, 'm');

/** `--json` output of a list: the CLI spreads the array into `{success, 0: …, 1: …}`. */
const listed = (json) => Object.values(json).filter((v) => v && typeof v === 'object');

onEveryBackend('trust and access', (ctx, scenario) => {
  let pair;
  const sourceAndReplica = () => {
    pair ??= runningSourceAndReplica(ctx, 'conf-trust');
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

      const keys = listed(await ctx.cli.json(['ssh-keys', 'list']));
      const key = keys.find((k) => k.fingerprint === ED25519_FINGERPRINT);
      assert.ok(key, JSON.stringify(keys));
      assert.equal(key.name, 'laptop');
      assert.equal(key.source, 'manual');
      const table = (await ctx.cli.run(['ssh-keys', 'list'])).expectExit(0);
      assert.match(table.stdout, /laptop/, table.describe());

      const removed = (await ctx.cli.run(['ssh-keys', 'remove', key.id])).expectExit(0);
      assert.match(removed.output, new RegExp(`SSH key ${key.id} removed`), removed.describe());
      assert.equal(listed(await ctx.cli.json(['ssh-keys', 'list'])).some((k) => k.id === key.id), false);
      const gone = await ctx.cli.run(['ssh-keys', 'remove', key.id]);
      assert.notEqual(gone.code, 0, gone.describe());
      assert.match(gone.output, /not found/, gone.describe());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  scenario('a key added with phala ssh-keys reaches a CVM deployed afterwards; phala ssh --dry-run prints the command', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conf-ssh-'));
    try {
      const file = join(dir, 'id_ed25519.pub');
      await writeFile(file, `${ED25519}\n`);
      (await ctx.cli.run(['ssh-keys', 'add', '--name', 'deliver', '--key-file', file])).expectExit(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const deployed = await deployCvm(ctx.sdk, { name: uniqueName('conf-ssh') });
    const cvm = await awaitCvmRunning(ctx.sdk, deployed.ref);
    await awaitNodeVmBooted(ctx.server, cvm.vm_uuid);

    const config = await ctx.cli.json(['runtime-config', cvm.vm_uuid]);
    assert.deepEqual(config.ssh_authorized_keys, [ED25519.split(' ').slice(0, 2).join(' ')], config.result.describe());
    const table = (await ctx.cli.run(['runtime-config', cvm.vm_uuid])).expectExit(0);
    assert.match(table.stdout, /SSH Keys:\s+1 key\(s\)/, table.describe());

    const ssh = (await ctx.cli.run(['ssh', cvm.vm_uuid, '--dry-run'])).expectExit(0);
    assert.match(ssh.stdout, sshCommand(cvm.app_id, config.default_gateway_domain), ssh.describe());
  }, SLOW);

  scenario('phala ssh-keys import-github says GitHub cannot be reached, promptly', async () => {
    const started = Date.now();
    const imported = await ctx.cli.run(['ssh-keys', 'import-github', 'octocat']);
    assert.notEqual(imported.code, 0, imported.describe());
    assert.match(imported.output, /Could not import SSH keys from GitHub: GitHub (could not be reached|did not answer)/,
      imported.describe());
    assert.ok(Date.now() - started < 30_000, `took ${Date.now() - started} ms`);
  });

  scenario('phala cvms attestation shows the app\'s certificates and TCB info given a source or its replica', async () => {
    // Each instance's own evidence, by vm_uuid: its RTMR3 measures its own instance id.
    const own = {};
    for (const [role, cvm] of await sourceAndReplica()) {
      const attestation = await waitFor(async () => {
        const read = await ctx.sdk.getCvmAttestation({ id: cvm.vm_uuid });
        return read.is_online && read.app_certificates?.length > 0 ? read : false;
      }, { timeoutMs: 30_000, intervalMs: 500, description: `${role}: its attestation to show a certificate` });
      assert.match(attestation.tcb_info?.rtmr3 ?? '', /^[0-9a-f]{96}$/, role);
      own[role] = attestation.tcb_info.rtmr3;
    }
    assert.notEqual(own.replica, own.source);

    // The CLI asks for `cvms/app_<app_id>/attestation` whichever instance it is given: the app's oldest running
    // instance, the source, answers for both.
    for (const [role, cvm] of await sourceAndReplica()) {
      const shown = (await ctx.cli.run(['cvms', 'attestation', cvm.vm_uuid])).expectExit(0);
      assert.match(shown.output, /Certificate #1/, `${role}\n${shown.describe()}`);
      assert.match(shown.output, /Online/, `${role}\n${shown.describe()}`);
      assert.match(shown.output, /Trusted Computing Base/, `${role}\n${shown.describe()}`);
      assert.match(shown.output, /Rtmr3/, `${role}\n${shown.describe()}`);
      const json = await ctx.cli.json(['cvms', 'attestation', cvm.vm_uuid]);
      assert.equal(json.tcb_info?.rtmr3, own.source, `${role}\n${json.result.describe()}`);
    }
  }, SLOW);

  scenario('phala os-images lists the nodes\' images and --prod leaves out the dev ones', async () => {
    const all = await ctx.cli.json(['os-images']);
    const prod = await ctx.cli.json(['os-images', '--prod']);
    assert.ok(all.items.some((i) => i.is_dev) && all.items.some((i) => !i.is_dev), all.result.describe());
    assert.ok(prod.items.length > 0 && prod.items.every((i) => !i.is_dev), prod.result.describe());
    const table = (await ctx.cli.run(['os-images'])).expectExit(0);
    assert.match(table.output, /dstack/, table.describe());
  });

  scenario('phala kms ethereum and base answer without an on-chain KMS registered, and the app id cannot be predicted', async () => {
    for (const name of ['ethereum', 'base']) {
      const chain = await ctx.cli.json(['kms', name]);
      assert.equal(chain.chain_name, name, chain.result.describe());
      assert.deepEqual(chain.contracts, [], chain.result.describe());
    }
    const next = await ctx.server.api('GET', '/kms/phala/next_app_id?counts=2');
    assert.equal(next.status, 500, JSON.stringify(next.json));
    assert.equal(next.json.detail.error_code, 'ERR-08-005');
  });

  scenario('phala cvms device-allowlist says an app under a KMS without a chain has no on-chain allowlist', async () => {
    for (const [role, cvm] of await sourceAndReplica()) {
      const shown = (await ctx.cli.run(['cvms', 'device-allowlist', cvm.vm_uuid])).expectExit(0);
      assert.match(shown.output, /does not use on-chain KMS/, `${role}\n${shown.describe()}`);
      const json = await ctx.cli.json(['cvms', 'device-allowlist', cvm.vm_uuid]);
      assert.equal(json.is_onchain_kms, false, `${role}: ${JSON.stringify(json)}`);
    }
  }, SLOW);

  scenario('phala ssh --dry-run prints the gateway command for a source and for its replica', async () => {
    for (const [role, cvm] of await sourceAndReplica()) {
      const config = await ctx.cli.json(['runtime-config', cvm.vm_uuid]);
      assert.ok(config.default_gateway_domain, `${role}\n${config.result.describe()}`);
      const ssh = (await ctx.cli.run(['ssh', cvm.vm_uuid, '--dry-run'])).expectExit(0);
      assert.match(ssh.stdout, sshCommand(cvm.app_id, config.default_gateway_domain), `${role}\n${ssh.describe()}`);
    }
  }, SLOW);
}, {
  // Nothing listens on port 9 of loopback: the GitHub import fails fast and says so.
  setup: async () => ({ OPENCVM_GITHUB_API_URL: 'http://127.0.0.1:9', OPENCVM_GITHUB_TIMEOUT: 'PT3S' }),
});
