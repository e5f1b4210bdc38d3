// Webhooks: a receiver process built on the SDK's own parseWebhookEvent gets what happens to CVMs.
import assert from 'node:assert/strict';
import { safeReplicateCvm } from '@phala/cloud';
import { parseWebhookEvent } from '@phala/cloud/webhook';
import { awaitCvmRunning, awaitCvmStatus, deployCvm, uniqueName } from '../lib/cvms.js';
import { adminNodes } from '../lib/nodes.js';
import { onEveryBackend } from '../lib/suite.js';
import { waitFor } from '../lib/wait.js';
import { ReceiverProcess, registerReceiver, webhookApi } from '../lib/webhooks.js';

const FAST_RETRIES = { OPENCVM_WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', OPENCVM_WEBHOOK_RETRY_DELAYS: 'PT0.5S,PT0.5S,PT0.5S' };

async function setBootError(server, text) {
  for (const node of await adminNodes(server)) {
    const res = await fetch(`${node.vmm_url}/test/faults`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ boot_error: text }),
    });
    assert.equal(res.status, 200, `faults of ${node.name}`);
  }
}

onEveryBackend('webhooks', (ctx, scenario) => {
  let receiver;
  let hook;

  scenario('the events of a deploy, a replicate, a failed boot, a stop and a delete arrive in order per CVM', async () => {
    receiver = await ReceiverProcess.start();
    ctx.cleanups.push(() => receiver.stop());
    hook = await registerReceiver(ctx.server, receiver);
    ctx.secrets.push(hook.secret);

    const deployed = await deployCvm(ctx.sdk, { name: uniqueName('conf-hook') });
    const source = await awaitCvmRunning(ctx.sdk, deployed.ref);
    assert.deepEqual(await receiver.awaitEvents(source.vm_uuid, 'cvm.started'), ['cvm.created', 'cvm.started']);

    const replicated = await safeReplicateCvm(ctx.sdk, { id: source.vm_uuid });
    assert.equal(replicated.success, true, String(replicated.error?.message));
    const replica = await awaitCvmRunning(ctx.sdk, { id: replicated.data.vm_uuid });
    assert.deepEqual(await receiver.awaitEvents(replica.vm_uuid, 'cvm.started'), ['cvm.created', 'cvm.started']);

    (await ctx.cli.run(['cvms', 'stop', source.vm_uuid])).expectExit(0);
    await awaitCvmStatus(ctx.sdk, deployed.ref, 'stopped');
    (await ctx.cli.run(['cvms', 'delete', source.vm_uuid, '--force'])).expectExit(0);
    assert.deepEqual(await receiver.awaitEvents(source.vm_uuid, 'cvm.deleted'),
      ['cvm.created', 'cvm.started', 'cvm.stopped', 'cvm.deleted']);

    await setBootError(ctx.server, 'Failed to request app keys: conformance says no');
    try {
      const failing = await deployCvm(ctx.sdk, { name: uniqueName('conf-hook-fail') });
      const vmUuid = failing.commit.vm_uuid;
      assert.deepEqual(await receiver.awaitEvents(vmUuid, 'cvm.create_failed'), ['cvm.created', 'cvm.create_failed']);
      const failed = (await receiver.eventsOf(vmUuid))[1];
      assert.equal(failed.data.status, 'failed');
      assert.match(String(failed.data.error), /conformance says no/);
      // Deleted while its boot still fails, so no later boot of it sends events into the next scenario.
      (await ctx.cli.run(['cvms', 'delete', vmUuid, '--force'])).expectExit(0);
      assert.deepEqual(await receiver.awaitEvents(vmUuid, 'cvm.deleted'),
        ['cvm.created', 'cvm.create_failed', 'cvm.deleted']);
    } finally {
      await setBootError(ctx.server, null);
    }

    const { events, rejected } = await receiver.received();
    assert.equal(rejected, 0, 'every delivery passed the SDK check');
    assert.equal(new Set(events.map((e) => e.id)).size, events.length, 'each event arrived once');
    for (const e of events) {
      assert.deepEqual(Object.keys(e).sort(), ['created_at', 'data', 'event', 'id', 'version', 'workspace']);
      assert.equal(typeof e.workspace.id, 'string');
      assert.equal(typeof e.workspace.name, 'string');
    }
  }, { timeout: 300_000 });

  scenario('a receiver that answers 500 twice gets the event on the third attempt', async () => {
    await receiver.configure({ secret: hook.secret, failFirst: 2 });
    const before = (await receiver.received()).events.length;
    const deployed = await deployCvm(ctx.sdk, { name: uniqueName('conf-hook-retry') });
    const cvm = await awaitCvmRunning(ctx.sdk, deployed.ref);
    assert.deepEqual(await receiver.awaitEvents(cvm.vm_uuid, 'cvm.started'), ['cvm.created', 'cvm.started']);
    const { events, requests } = await receiver.received();
    assert.equal(events.length - before, 2);
    assert.equal(requests, 4, 'two refused attempts, then the two events');
    const deliveries = await waitFor(async () => {
      const list = await webhookApi(ctx.server, 'GET', `/${hook.id}/deliveries?limit=100`);
      const created = list.body.find((d) => d.event_id === events[before].id);
      return created?.status === 'success' ? created : false;
    }, { description: 'the delivery of cvm.created to be recorded' });
    assert.equal(deliveries.attempts, 3);
    assert.equal(deliveries.response_status, 200);
  }, { timeout: 180_000 });

  scenario('a tampered body, timestamp or secret fails the SDK verification; the receiver refuses it', async () => {
    const { raw } = await receiver.received();
    const { headers, body } = raw[raw.length - 1];
    const original = parseWebhookEvent({ headers, body, secret: hook.secret });
    assert.equal(typeof original.id, 'string');
    const tampered = body.replace('"version":"1"', '"version":"2"');
    assert.notEqual(tampered, body);
    assert.throws(() => parseWebhookEvent({ headers, body: tampered, secret: hook.secret }), /Invalid webhook signature/);
    assert.throws(() => parseWebhookEvent({ headers: { ...headers, 'x-webhook-timestamp': String(Number(headers['x-webhook-timestamp']) + 1) },
      body, secret: hook.secret }), /Invalid webhook signature/);
    assert.throws(() => parseWebhookEvent({ headers, body, secret: 'whsec_someone_else' }), /Invalid webhook signature/);
    const { rejected: before } = await receiver.received();
    const res = await fetch(receiver.url, { method: 'POST', headers: { 'content-type': 'application/json',
      'x-webhook-timestamp': headers['x-webhook-timestamp'], 'x-webhook-signature': headers['x-webhook-signature'] },
      body: tampered });
    assert.equal(res.status, 401);
    assert.equal((await receiver.received()).rejected, before + 1);
  });

  scenario('the test event, reveal and rotate: the rotated secret signs what follows', async () => {
    const unconfirmed = await webhookApi(ctx.server, 'POST', `/${hook.id}/reveal-secret`);
    assert.equal(unconfirmed.status, 403);
    const revealed = await webhookApi(ctx.server, 'POST', `/${hook.id}/reveal-secret`, undefined,
      { headers: { 'X-Confirm-Api-Key': ctx.server.apiKey } });
    assert.equal(revealed.body.secret, hook.secret);
    const rotated = await webhookApi(ctx.server, 'POST', `/${hook.id}/rotate-secret`, undefined,
      { headers: { 'X-Confirm-Api-Key': ctx.server.apiKey } });
    assert.equal(rotated.status, 200);
    ctx.secrets.push(rotated.body.secret);
    await receiver.configure({ secret: rotated.body.secret });
    const test = await webhookApi(ctx.server, 'POST', `/${hook.id}/test`);
    assert.equal(test.status, 200);
    assert.equal(test.body.status, 'success', JSON.stringify(test.body));
    const { events } = await receiver.received();
    assert.equal(events[events.length - 1].event, 'webhook.test');
    const stats = await webhookApi(ctx.server, 'GET', `/${hook.id}/stats`);
    assert.ok(stats.body.success_count >= 1);
  });
}, { setup: async () => FAST_RETRIES });

// A kill -9 after the CVM changed and before anything was delivered: the events wait in the outbox and are
// delivered once the server is back, on both databases (the embedded H2 writes each commit at once: WRITE_DELAY=0).
onEveryBackend('webhooks across a kill -9', (ctx, scenario) => {
  scenario('events written before a kill -9 are delivered once after the restart', async () => {
    const receiver = await ReceiverProcess.start();
    ctx.cleanups.push(() => receiver.stop());
    const hook = await registerReceiver(ctx.server, receiver);
    ctx.secrets.push(hook.secret);

    const deployed = await deployCvm(ctx.sdk, { name: uniqueName('conf-hook-kill') });
    const cvm = await awaitCvmRunning(ctx.sdk, deployed.ref);
    (await ctx.cli.run(['cvms', 'stop', cvm.vm_uuid])).expectExit(0);
    await awaitCvmStatus(ctx.sdk, deployed.ref, 'stopped');
    assert.equal((await receiver.received()).requests, 0, 'no delivery worker runs before the kill');

    await ctx.server.kill();
    ctx.server.extraEnv = { ...ctx.server.extraEnv, OPENCVM_WEBHOOK_WORKERS: '4' };
    await ctx.server.launch();

    assert.deepEqual(await receiver.awaitEvents(cvm.vm_uuid, 'cvm.stopped'), ['cvm.created', 'cvm.started', 'cvm.stopped']);
    const { events, rejected } = await receiver.received();
    assert.equal(rejected, 0);
    assert.equal(new Set(events.map((e) => e.id)).size, events.length, 'each event arrived once');
  }, { timeout: 240_000 });
}, { setup: async () => ({ ...FAST_RETRIES, OPENCVM_WEBHOOK_WORKERS: '0' }) });
