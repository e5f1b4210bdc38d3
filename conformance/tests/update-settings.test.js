// The rest of day two with the real CLI and SDK: `phala deploy --cvm-id` with the other id forms, `phala cvms resize`
// refusals, an OS image change (SDK getAvailableOsImages / updateOsImage), a CVM's name, listed flag and scheduled
// delete, and a redeploy from a revision (CVM- and app-scoped) through `phala api`, checked on the simulated nodes.
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { getAppRevisions } from '@phala/cloud';
import {
  awaitCvmRunning, awaitNodeVm, awaitNodeVmRecomposed, COMPOSE, runningCvm, sha256Hex, uniqueName,
} from '../lib/cvms.js';
import { snapshot } from '../lib/replicas.js';
import { onEveryBackend } from '../lib/suite.js';

const SLOW = { timeout: 300_000 };
const compose = (tag) => `services:\n  web:\n    image: nginx:${tag}\n    environment:\n      - GREETING=\${GREETING}\n`;

onEveryBackend('update-settings', (ctx, scenario) => {
  const running = (prefix) => runningCvm(ctx.sdk, prefix);
  const hashOf = (deployed) => deployed.provision.compose_hash.replace(/^0x/, '');

  /** `phala api …` expecting exit 0; resolves with the printed JSON. */
  async function api(args) {
    const result = (await ctx.cli.run(['api', ...args])).expectExit(0);
    return result.stdout.trim() ? JSON.parse(result.stdout) : undefined;
  }

  scenario('phala deploy --cvm-id takes the CVM\'s name and app_<app id> as well as its uuid', async () => {
    const { deployed, cvm } = await running('conf-idform');
    const work = path.join(ctx.cli.home, 'work');
    await fsp.writeFile(path.join(work, 'by-name.yml'), compose('1.28'));
    await fsp.writeFile(path.join(work, 'by-app.yml'), compose('1.29'));

    (await ctx.cli.run(['deploy', '--cvm-id', cvm.name, '-c', 'by-name.yml', '--wait'], { timeoutMs: 240_000 }))
      .expectExit(0);
    const byName = await awaitNodeVmRecomposed(ctx.server, cvm.vm_uuid, hashOf(deployed));
    assert.equal(byName.compose.docker_compose_file, compose('1.28'));
    await awaitCvmRunning(ctx.sdk, { id: cvm.vm_uuid });

    (await ctx.cli.run(['deploy', '--cvm-id', `app_${cvm.app_id}`, '-c', 'by-app.yml', '--wait'], { timeoutMs: 240_000 }))
      .expectExit(0);
    const byApp = await awaitNodeVmRecomposed(ctx.server, cvm.vm_uuid, sha256Hex(byName.vm.configuration.compose_file));
    assert.equal(byApp.compose.docker_compose_file, compose('1.29'));
    assert.equal(byApp.vm.app_id, cvm.app_id, 'an update never changes the app');
    await awaitCvmRunning(ctx.sdk, { id: cvm.vm_uuid });
  }, SLOW);

  scenario('phala cvms resize beyond the node, or without leave to restart, is refused and changes nothing', async () => {
    const { cvm } = await running('conf-resize-no');
    const before = await snapshot(ctx.server);
    const { vm } = await awaitNodeVm(ctx.server, cvm.vm_uuid, (v) => v.status === 'running', 'to run');

    const info = await ctx.sdk.getCvmInfo({ id: cvm.vm_uuid });
    // Every size given: the CLI asks for a missing one on a terminal.
    const rest = ['-m', String(Math.round((info.resource?.memory_in_gb ?? 2) * 1024)), '-d', String(info.resource?.disk_in_gb ?? 20)];

    const noRoom = await ctx.cli.run(['cvms', 'resize', cvm.vm_uuid, '-v', '1000', ...rest, '-r', 'true', '--yes']);
    const noLeave = await ctx.cli.run(['cvms', 'resize', cvm.vm_uuid, '-v', '2', ...rest, '-r', 'false', '--yes']);

    noRoom.expectExit(1);
    assert.match(noRoom.output, /vCPU free, 999 needed/, noRoom.describe());
    noLeave.expectExit(1);
    assert.match(noLeave.output, /allow_restart|restart/i, noLeave.describe());
    assert.deepEqual(await snapshot(ctx.server), before);
    const after = await awaitNodeVm(ctx.server, cvm.vm_uuid, (v) => v.status === 'running', 'to run');
    assert.equal(after.vm.configuration?.vcpu, vm.configuration?.vcpu, 'the node was told nothing');
    assert.equal((await ctx.sdk.getCvmInfo({ id: cvm.vm_uuid })).resource?.vcpu, 1);
  });

  scenario('SDK getAvailableOsImages lists the node\'s images and updateOsImage boots the other one', async () => {
    const { deployed, cvm } = await running('conf-osimage');

    const images = await ctx.sdk.getAvailableOsImages({ id: cvm.vm_uuid });

    const variants = images.flatMap((i) => [i.prod, i.dev]).filter(Boolean);
    const current = variants.find((v) => v.is_current);
    const other = variants.find((v) => !v.is_current);
    assert.ok(current && other, JSON.stringify(images));
    await ctx.sdk.updateOsImage({ id: cvm.vm_uuid, os_image_name: other.name });
    const { vm } = await awaitNodeVm(ctx.server, cvm.vm_uuid, (v) => v.status === 'running' && v.boot_progress === 'done'
      && v.configuration?.image === other.name, `to boot ${other.name}`);
    assert.equal(sha256Hex(vm.configuration.compose_file), hashOf(deployed), 'an image change keeps the compose');
    await awaitCvmRunning(ctx.sdk, { id: cvm.vm_uuid });
    const now = (await ctx.sdk.getAvailableOsImages({ id: cvm.vm_uuid })).flatMap((i) => [i.prod, i.dev]).filter(Boolean);
    assert.equal(now.find((v) => v.is_current)?.name, other.name);
  }, SLOW);

  scenario('phala api renames a CVM, lists it, and schedules and clears its delete', async () => {
    const { cvm } = await running('conf-settings');
    const renamed = uniqueName('conf-renamed');

    await api(['-X', 'PATCH', `/cvms/${cvm.vm_uuid}/name`, '-F', `name=${renamed}`]);
    const found = await ctx.cli.json(['cvms', 'get', renamed]);
    assert.ok(JSON.stringify(found).includes(cvm.vm_uuid), `phala cvms get <new name> finds the CVM: ${JSON.stringify(found)}`);
    assert.equal((await ctx.sdk.getCvmInfo({ id: cvm.vm_uuid })).name, renamed);

    await api(['-X', 'PATCH', `/cvms/${cvm.vm_uuid}/listed`, '-F', 'listed:=true']);
    assert.equal((await ctx.sdk.getCvmInfo({ id: cvm.vm_uuid })).listed, true);

    const at = new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    await api(['-X', 'PATCH', `/cvms/${cvm.vm_uuid}/scheduled-delete`, '-F', `scheduled_delete_at=${at}`]);
    const scheduled = await ctx.server.api('GET', `/cvms/${cvm.vm_uuid}`, { headers: { 'X-Phala-Version': '2025-10-28' } });
    assert.equal(Date.parse(scheduled.json?.scheduled_delete_at), Date.parse(at), scheduled.text);
    await api(['-X', 'PATCH', `/cvms/${cvm.vm_uuid}/scheduled-delete`, '-F', 'scheduled_delete_at:=null']);
    const cleared = await ctx.server.api('GET', `/cvms/${cvm.vm_uuid}`, { headers: { 'X-Phala-Version': '2025-10-28' } });
    assert.equal(cleared.json?.scheduled_delete_at ?? null, null, cleared.text);

    const refused = await ctx.cli.run(['api', '-X', 'PATCH', `/cvms/${cvm.vm_uuid}/name`, '-F', 'name=-bad-']);
    refused.expectExit(1);
    assert.equal((await ctx.sdk.getCvmInfo({ id: cvm.vm_uuid })).name, renamed, 'a refused rename changes nothing');
  });

  scenario('phala api redeploys a CVM from its first revision, then the app from its second', async () => {
    const { deployed, cvm } = await running('conf-redeploy');
    await fsp.writeFile(path.join(ctx.cli.home, 'work', 'second.yml'), compose('1.28'));
    (await ctx.cli.run(['deploy', '--cvm-id', cvm.vm_uuid, '-c', 'second.yml', '--wait'], { timeoutMs: 240_000 }))
      .expectExit(0);
    const second = await awaitNodeVmRecomposed(ctx.server, cvm.vm_uuid, hashOf(deployed));
    const secondHash = sha256Hex(second.vm.configuration.compose_file);
    await awaitCvmRunning(ctx.sdk, { id: cvm.vm_uuid });
    const history = await getAppRevisions(ctx.sdk, { appId: cvm.app_id, page: 1, page_size: 10 });
    const first = history.revisions.find((r) => r.operation_type === 'deploy');
    assert.ok(first, JSON.stringify(history));

    const back = await api(['-X', 'POST', `/cvms/${cvm.vm_uuid}/revisions/${first.revision_id}/redeploy`]);

    assert.match(JSON.stringify(back), /op_[0-9a-f]+/, JSON.stringify(back));
    const again = await awaitNodeVm(ctx.server, cvm.vm_uuid, (v) => v.status === 'running' && v.boot_progress === 'done'
      && v.configuration && sha256Hex(v.configuration.compose_file) === hashOf(deployed), 'to boot its first revision');
    assert.equal(JSON.parse(again.vm.configuration.compose_file).docker_compose_file, COMPOSE);
    await awaitCvmRunning(ctx.sdk, { id: cvm.vm_uuid });

    await api(['-X', 'POST', `/apps/${cvm.app_id}/revisions/${secondHash}/redeploy`, '-F', `vm_uuids:=["${cvm.vm_uuid}"]`]);
    await awaitNodeVm(ctx.server, cvm.vm_uuid, (v) => v.status === 'running' && v.boot_progress === 'done'
      && v.configuration && sha256Hex(v.configuration.compose_file) === secondHash, 'to boot the second revision again');
    await awaitCvmRunning(ctx.sdk, { id: cvm.vm_uuid });

    const before = await snapshot(ctx.server);
    const unknown = await ctx.cli.run(['api', '-X', 'POST', `/cvms/${cvm.vm_uuid}/revisions/rev_0000000000/redeploy`]);
    unknown.expectExit(1);
    assert.match(unknown.output, /ERR-03-013/, unknown.describe());
    assert.deepEqual(await snapshot(ctx.server), before);
  }, SLOW);
});
