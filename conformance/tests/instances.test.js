// `phala instances add` as a user meets it: a new instance of a deployed app through POST /apps/{app_id}/instances
// (the replica pipeline and placement), with a new compose (a new revision of the app), the --prepare-only /
// --commit path on the same route, and refusals.
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { safeReplicateCvm } from '@phala/cloud';
import {
  awaitCvmRunning, awaitNodeVmBooted, awaitNodeVmRecomposed, deployCvm, uniqueName,
} from '../lib/cvms.js';
import { adminNodes } from '../lib/nodes.js';
import { snapshot } from '../lib/replicas.js';
import { onEveryBackend } from '../lib/suite.js';
import { escapeRegExp } from '../lib/text.js';

const NEW_COMPOSE = 'services:\n  web:\n    image: nginx:1.28\n    environment:\n      - GREETING=${GREETING}\n';
const PREPARED_COMPOSE = 'services:\n  web:\n    image: nginx:1.29\n    environment:\n      - GREETING=${GREETING}\n';

/** `Label:   value` of the CLI's instance summary. */
function line(result, label) {
  const m = result.stdout.match(new RegExp(`^${escapeRegExp(label)}:\\s*(.*)$`, 'm'));
  assert.ok(m, `no "${label}:" line\n${result.describe()}`);
  return m[1].trim();
}

onEveryBackend('instances', (ctx, scenario) => {
  /** The revision a CVM runs (hex, no 0x), as the API shows it. */
  async function composeHashOf(vmUuid) {
    return (await ctx.sdk.getCvmInfo({ id: vmUuid })).compose_hash.replace(/^0x/, '');
  }

  let shared;
  const app = () => {
    shared ??= (async () => {
      const deployed = await deployCvm(ctx.sdk, { name: uniqueName('conf-inst') });
      const cvm = await awaitCvmRunning(ctx.sdk, deployed.ref);
      const { node } = await awaitNodeVmBooted(ctx.server, cvm.vm_uuid);
      const others = (await adminNodes(ctx.server)).filter((n) => n.id !== node.id);
      return { cvm, others };
    })();
    return shared;
  };

  scenario('phala instances add --app-id --node-id runs a new instance of the app on that node', async () => {
    const { cvm, others } = await app();
    const target = others[0];

    const added = (await ctx.cli.run(['instances', 'add', '--app-id', cvm.app_id, '--node-id', String(target.id)]))
      .expectExit(0);

    assert.equal(line(added, 'App ID'), cvm.app_id, added.describe());
    assert.match(line(added, 'Node'), new RegExp(`\\(ID: ${target.id}\\)$`), added.describe());
    const { node } = await awaitNodeVmBooted(ctx.server, line(added, 'CVM UUID'));
    assert.equal(node.id, target.id);
  });

  scenario('--prepare-only prints a token that instances add --commit redeems once', async () => {
    const { cvm, others } = await app();
    const target = others[others.length - 1];
    const before = await snapshot(ctx.server);

    const prepared = (await ctx.cli.run(['instances', 'add', '--app-id', `0x${cvm.app_id}`, '--node-id',
      String(target.id), '--prepare-only'])).expectExit(0);

    assert.match(prepared.stdout, /App instance prepared successfully/, prepared.describe());
    const token = line(prepared, 'Commit Token');
    const hash = line(prepared, 'Compose Hash');
    assert.deepEqual(await snapshot(ctx.server), before, 'prepare-only creates nothing');
    const committed = (await ctx.cli.run(['instances', 'add', '--app-id', cvm.app_id, '--commit', '--token', token,
      '--compose-hash', hash])).expectExit(0);
    const { node } = await awaitNodeVmBooted(ctx.server, line(committed, 'CVM UUID'));
    assert.equal(node.id, target.id);

    const settled = await snapshot(ctx.server);
    const again = await ctx.cli.run(['instances', 'add', '--app-id', cvm.app_id, '--commit', '--token', token,
      '--compose-hash', hash]);
    again.expectExit(1);
    assert.match(again.output, /ERR-01-006/, again.describe());
    assert.deepEqual(await snapshot(ctx.server), settled, 'a used token creates nothing');
  });

  scenario('phala instances add -c new.yml runs the new compose as a new revision; the other instances keep theirs', async () => {
    const { cvm, others } = await app();
    const target = others[0];
    await fsp.writeFile(path.join(ctx.cli.home, 'work', 'new.yml'), NEW_COMPOSE);

    const added = (await ctx.cli.run(['instances', 'add', '--app-id', cvm.app_id, '--node-id', String(target.id),
      '-c', 'new.yml'])).expectExit(0);

    const vmUuid = line(added, 'CVM UUID');
    const { node, compose } = await awaitNodeVmRecomposed(ctx.server, vmUuid, await composeHashOf(cvm.vm_uuid));
    assert.equal(node.id, target.id);
    assert.equal(compose.docker_compose_file, NEW_COMPOSE, 'the new instance booted the new compose');
    assert.deepEqual(compose.allowed_envs, ['GREETING'], 'the rest of the app compose is the revision it changed');
    const added2 = await ctx.sdk.getCvmInfo({ id: vmUuid });
    assert.equal(added2.app_id, cvm.app_id);
    const revisions = await ctx.server.api('GET', `/apps/${cvm.app_id}/revisions`);
    assert.ok(revisions.json?.revisions?.some((r) => r.compose_hash === added2.compose_hash),
      `GET /apps/{app_id}/revisions lists the new revision: ${revisions.text}`);
    assert.notEqual(added2.compose_hash, await composeHashOf(cvm.vm_uuid), 'the first instance keeps its revision');
  });

  scenario('instances add -c --prepare-only keeps the new compose under a token; --commit boots it once', async () => {
    const { cvm, others } = await app();
    const target = others[others.length - 1];
    await fsp.writeFile(path.join(ctx.cli.home, 'work', 'prep.yml'), PREPARED_COMPOSE);
    const before = await snapshot(ctx.server);
    const oldHash = await composeHashOf(cvm.vm_uuid);

    const prepared = (await ctx.cli.run(['instances', 'add', '--app-id', cvm.app_id, '--node-id', String(target.id),
      '--compose-hash', oldHash, '-c', 'prep.yml', '--prepare-only'])).expectExit(0);

    const token = line(prepared, 'Commit Token');
    ctx.secrets.push(token);
    const hash = line(prepared, 'Compose Hash');
    assert.notEqual(hash.replace(/^0x/, ''), oldHash, prepared.describe());
    assert.deepEqual(await snapshot(ctx.server), before, 'prepare-only creates nothing');
    const committed = (await ctx.cli.run(['instances', 'add', '--app-id', cvm.app_id, '--commit', '--token', token,
      '--compose-hash', hash])).expectExit(0);
    const { node, compose } = await awaitNodeVmRecomposed(ctx.server, line(committed, 'CVM UUID'), oldHash);
    assert.equal(node.id, target.id);
    assert.equal(compose.docker_compose_file, PREPARED_COMPOSE);
  });

  scenario('instances add -c with an empty compose is refused with a reason and creates nothing', async () => {
    const { cvm } = await app();
    await fsp.writeFile(path.join(ctx.cli.home, 'work', 'empty.yml'), '  \n');
    const before = await snapshot(ctx.server);

    const refused = await ctx.cli.run(['instances', 'add', '--app-id', cvm.app_id, '--compose-hash',
      await composeHashOf(cvm.vm_uuid), '-c', 'empty.yml']);

    refused.expectExit(1);
    assert.match(refused.output, /ERR-01-002/, refused.describe());
    assert.deepEqual(await snapshot(ctx.server), before);
  });

  scenario('phala deploy in a folder linked to an app with several instances is refused with ERR-03-010 and changes nothing', async () => {
    const deployed = await deployCvm(ctx.sdk, { name: uniqueName('conf-linked') });
    const cvm = await awaitCvmRunning(ctx.sdk, deployed.ref);
    const replica = await safeReplicateCvm(ctx.sdk, { id: cvm.vm_uuid });
    assert.equal(replica.success, true, String(replica.error?.message));
    await awaitNodeVmBooted(ctx.server, replica.data.vm_uuid);
    await awaitCvmRunning(ctx.sdk, { id: replica.data.vm_uuid });
    const work = path.join(ctx.cli.home, 'work');
    await fsp.writeFile(path.join(work, 'phala.toml'), `name = "${cvm.name}"\napp_id = "${cvm.app_id}"\n`);
    await fsp.writeFile(path.join(work, 'docker-compose.yml'), 'services:\n  web:\n    image: nginx:1.28\n');
    const before = await snapshot(ctx.server);

    const refused = await ctx.cli.run(['deploy', '-c', 'docker-compose.yml']);

    assert.notEqual(refused.code, 0, refused.describe());
    assert.match(refused.output, /ERR-03-010|share the id/, refused.describe());
    assert.deepEqual(await snapshot(ctx.server), before, 'no instance was changed');
    const one = await ctx.cli.run(['deploy', '--cvm-id', cvm.vm_uuid, '-c', 'docker-compose.yml']);
    one.expectExit(0);
  });
});
