// The embedded default's three simulated nodes as the CLI shows them, and the instance types provisioning sizes CVMs by.
import assert from 'node:assert/strict';
import { adminNodes, vmmStatus } from '../lib/nodes.js';
import { onEveryBackend } from '../lib/suite.js';

const EXPECTED_NODES = 3;

/** The server's own answers, read over plain HTTP (cheaper than another CLI run). */
async function apiGet(server, path) {
  const res = await server.api('GET', path);
  assert.equal(res.status, 200, `GET ${path}: ${res.text}`);
  return res.json;
}

async function workspaceNodes(server) {
  const me = await apiGet(server, '/auth/me');
  return (await apiGet(server, `/workspaces/${me.workspace.slug}/nodes?page=1&page_size=30`)).items;
}

onEveryBackend('nodes', (ctx, scenario) => {
  scenario('the admin API lists three nodes whose dstack-vmm endpoints answer Status', async () => {
    const nodes = await adminNodes(ctx.server);
    assert.equal(nodes.length, EXPECTED_NODES, JSON.stringify(nodes));
    for (const node of nodes) {
      assert.ok(node.name, JSON.stringify(node));
      assert.match(node.vmm_url ?? '', /^http:\/\/127\.0\.0\.1:\d+/, JSON.stringify(node));
      assert.ok(Array.isArray(await vmmStatus(node.vmm_url)), `Status on ${node.vmm_url}`);
    }
  });

  scenario('phala nodes list --json lists the three nodes of the workspace', async () => {
    const listed = await ctx.cli.json(['nodes', 'list']);
    assert.equal(listed.success, true);
    assert.equal(listed.items.length, EXPECTED_NODES, listed.result.describe());
    assert.equal(listed.total, EXPECTED_NODES);
    assert.equal(listed.page, 1);
    for (const node of listed.items) {
      assert.equal(node.object_type, 'node');
      assert.ok(Number.isInteger(node.id), JSON.stringify(node));
      assert.ok(node.name, JSON.stringify(node));
    }
    assert.equal(new Set(listed.items.map((n) => n.id)).size, EXPECTED_NODES, 'node ids are distinct');

    const admin = await adminNodes(ctx.server);
    assert.deepEqual(sortedNames(listed.items), sortedNames(admin));
    assert.deepEqual(sortedIds(listed.items), sortedIds(admin));
  });

  scenario('phala nodes list prints every node with its id and the page summary', async () => {
    const items = await workspaceNodes(ctx.server);
    const result = (await ctx.cli.run(['nodes', 'list'])).expectExit(0);
    assert.match(result.stdout, /ID\s+NAME/, result.describe());
    for (const node of items) {
      const row = result.stdout.split('\n').find((line) => line.includes(node.name));
      assert.ok(row, `no row for ${node.name}\n${result.describe()}`);
      assert.match(row, new RegExp(`(^|\\s)${node.id}(\\s|$)`), `row of ${node.name} lacks id ${node.id}: ${row}`);
    }
    assert.match(result.stderr, new RegExp(`Page 1/1 \\(total ${EXPECTED_NODES}\\)`), result.describe());
  });

  scenario('phala cvms list-nodes --json shows the three nodes with their images', async () => {
    const available = await ctx.cli.json(['cvms', 'list-nodes']);
    assert.equal(available.success, true);
    assert.equal(available.nodes.length, EXPECTED_NODES, available.result.describe());
    for (const node of available.nodes) {
      assert.ok(Number.isInteger(node.teepod_id), JSON.stringify(node));
      assert.ok(node.name, JSON.stringify(node));
      assert.ok(node.images.length > 0, `node ${node.name} has no images`);
      for (const image of node.images) {
        assert.ok(image.name, JSON.stringify(image));
        assert.ok([3, 4].includes(image.version.length), JSON.stringify(image));
      }
    }
    assert.ok(Array.isArray(available.kmsList));

    const items = await workspaceNodes(ctx.server);
    assert.deepEqual(available.nodes.map((n) => n.teepod_id).sort((a, b) => a - b), sortedIds(items));
    assert.deepEqual(sortedNames(available.nodes), sortedNames(items));
  });

  scenario('phala cvms list-nodes prints each node id, name and image', async () => {
    const available = await apiGet(ctx.server, '/teepods/available');
    assert.equal(available.nodes.length, EXPECTED_NODES);
    const result = (await ctx.cli.run(['cvms', 'list-nodes'])).expectExit(0);
    for (const node of available.nodes) {
      assert.ok(result.output.includes(node.name), `no ${node.name}\n${result.describe()}`);
      assert.match(result.output, new RegExp(`ID:\\s*${node.teepod_id}\\b`), result.describe());
      for (const image of node.images) {
        assert.ok(result.output.includes(image.name), `no image ${image.name}\n${result.describe()}`);
      }
    }
  });

  scenario('phala instance-types lists the catalogue by family and instance-types <family> one family', async () => {
    const parsed = async (args) => {
      const run = (await ctx.cli.run([...args, '--json'])).expectExit(0);
      return [JSON.parse(run.stdout), run];
    };
    const [all, allRun] = await parsed(['instance-types']);
    assert.ok(Array.isArray(all.result) && all.result.length > 0, allRun.describe());
    for (const family of all.result) {
      assert.equal(family.total, family.items.length, allRun.describe());
      for (const type of family.items) {
        assert.equal(type.family, family.name, JSON.stringify(type));
        assert.ok(type.vcpu > 0 && type.memory_mb > 0 && type.requires_gpu === false, JSON.stringify(type));
      }
      const [one, oneRun] = await parsed(['instance-types', family.name]);
      assert.equal(one.family, family.name, oneRun.describe());
      assert.deepEqual(one.items.map((t) => t.id), family.items.map((t) => t.id), oneRun.describe());
      const table = (await ctx.cli.run(['instance-types', family.name])).expectExit(0);
      for (const type of family.items) {
        assert.ok(table.output.includes(type.id), `no ${type.id}\n${table.describe()}`);
      }
      assert.match(table.output, new RegExp(`Total: ${family.total} instance types`), table.describe());
    }
    const grouped = (await ctx.cli.run(['instance-types'])).expectExit(0);
    for (const family of all.result) {
      assert.match(grouped.output, new RegExp(`Family: ${family.name} \\(${family.total} types\\)`), grouped.describe());
    }
    const unknown = await ctx.cli.run(['instance-types', 'gpu']);
    assert.notEqual(unknown.code, 0, unknown.describe());
    assert.match(unknown.output, /Failed to list instance types/, unknown.describe());
  });
});

function sortedNames(nodes) {
  return nodes.map((n) => n.name).sort();
}

function sortedIds(nodes) {
  return nodes.map((n) => n.id).sort((a, b) => a - b);
}
