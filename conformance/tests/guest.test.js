// Inside the guest, as the CLI shows it: `phala ps`, `phala logs` (container, --serial, --cvm-stdout, --cvm-stderr,
// follow), `phala cvms serial-logs` and `phala runtime-config`, on a source CVM and on its replica.
import assert from 'node:assert/strict';
import { runningSourceAndReplica } from '../lib/replicas.js';
import { onEveryBackend } from '../lib/suite.js';
import { waitFor } from '../lib/wait.js';

const WEB = 'dstack-web-1';
// The first scenario to run also deploys the source and its replica.
const SLOW = { timeout: 300_000 };

onEveryBackend('inside the guest', (ctx, scenario) => {
  // A running source and its running replica, made once for the group.
  let pair;
  const sourceAndReplica = () => {
    pair ??= runningSourceAndReplica(ctx, 'conf-guest');
    return pair;
  };

  /** Runs a CLI command until it exits 0 with output matching `pattern` (a fresh guest may not have written yet). */
  const eventually = (args, pattern) => waitFor(async () => {
    const result = await ctx.cli.run(args);
    return result.code === 0 && pattern.test(result.stdout) ? result : false;
  }, { timeoutMs: 30_000, intervalMs: 500, description: `phala ${args.join(' ')} to print ${pattern}` });

  scenario('phala ps lists the containers of the compose on the source and on its replica', async () => {
    for (const [role, cvm] of await sourceAndReplica()) {
      const ps = await waitFor(async () => {
        const listed = await ctx.cli.run(['ps', cvm.vm_uuid, '--json']);
        return listed.code === 0 && listed.stdout.includes(WEB) ? listed.parseJson() : false;
      }, { timeoutMs: 30_000, intervalMs: 500, description: `${role}: phala ps to list ${WEB}` });
      const text = JSON.stringify(ps);
      assert.match(text, /nginx:1\.27/, `${role}: ${text}`);
      assert.match(text, /running/, `${role}: ${text}`);
      const table = (await ctx.cli.run(['ps', cvm.vm_uuid])).expectExit(0);
      assert.match(table.stdout, new RegExp(WEB), `${role}\n${table.describe()}`);
    }
  }, SLOW);

  scenario('phala logs <container> prints the container\'s logs and follows them', async () => {
    for (const [role, cvm] of await sourceAndReplica()) {
      const logs = await eventually(['logs', WEB, '--cvm-id', cvm.vm_uuid, '-n', '20'], /\S/);
      assert.doesNotMatch(logs.output, /Failed/, `${role}\n${logs.describe()}`);
      const followed = await ctx.cli.follow(['logs', WEB, '--cvm-id', cvm.vm_uuid, '-f', '-n', '5'],
        { until: (out) => out.trim().length > 0 });
      assert.ok(followed.stdout.trim().length > 0, `${role}\n${followed.describe()}`);
    }
  }, SLOW);

  scenario('phala logs --serial, --cvm-stdout, --cvm-stderr and cvms serial-logs read the VM\'s console', async () => {
    for (const [role, cvm] of await sourceAndReplica()) {
      const serial = await eventually(['logs', '--serial', '--cvm-id', cvm.vm_uuid, '-n', '50'], /\S/);
      assert.doesNotMatch(serial.output, /Failed/, `${role}\n${serial.describe()}`);
      for (const flag of ['--cvm-stdout', '--cvm-stderr']) {
        const channel = (await ctx.cli.run(['logs', flag, '--cvm-id', cvm.vm_uuid, '-n', '20'])).expectExit(0);
        assert.doesNotMatch(channel.output, /Failed/, `${role}\n${channel.describe()}`);
      }
      const legacy = await eventually(['cvms', 'serial-logs', cvm.vm_uuid, '-n', '20'], /\S/);
      assert.doesNotMatch(legacy.output, /Failed/, `${role}\n${legacy.describe()}`);
      const followed = await ctx.cli.follow(['logs', '--serial', '--cvm-id', cvm.vm_uuid, '-f', '-n', '5'],
        { until: (out) => out.trim().length > 0 });
      assert.ok(followed.stdout.trim().length > 0, `${role}\n${followed.describe()}`);
    }
  }, SLOW);

  scenario('phala runtime-config shows the hostname and the gateway domain', async () => {
    for (const [role, cvm] of await sourceAndReplica()) {
      const config = await ctx.cli.json(['runtime-config', cvm.vm_uuid]);
      assert.equal(config.success, true, config.result.describe());
      assert.equal(config.hostname, cvm.name, `${role}\n${config.result.describe()}`);
      assert.ok(config.default_gateway_domain, `${role}\n${config.result.describe()}`);
      assert.deepEqual(config.ssh_authorized_keys, []);
      const table = (await ctx.cli.run(['runtime-config', cvm.vm_uuid])).expectExit(0);
      assert.match(table.stdout, new RegExp(`Hostname:\\s+${cvm.name}`), table.describe());
    }
  }, SLOW);
});
