import assert from 'node:assert/strict';
import { test } from 'node:test';
import { previewPlacement } from '../src/placement.js';

const image = { name: 'dstack-0.5.4', is_dev: false, version: [0, 5, 4] };
const node = (id, vcpu, memory, slots, extra = {}) => ({
  teepod_id: id, name: `node-${id}`, remaining_vcpu: vcpu, remaining_memory: memory, remaining_cvm_slots: slots,
  images: [image], default_kms: 'kms-dev', ...extra,
});
const source = { nodeId: 1, image: 'dstack-0.5.4', vcpu: 2, memoryMb: 2048 };
const names = (decisions) => decisions.map((d) => d.node?.name ?? `refused: ${d.refusal}`);

test('auto keeps replicas on the source node while it has room', () => {
  assert.deepEqual(names(previewPlacement([node(1, 16, 65536, 20), node(2, 16, 65536, 20)], source, null, 2)),
    ['node-1', 'node-1']);
});

test('auto moves to the node with the most free vcpu once the source node is full', () => {
  const nodes = [node(1, 4, 65536, 20), node(2, 8, 65536, 20), node(3, 12, 65536, 20)];
  assert.deepEqual(names(previewPlacement(nodes, source, null, 4)), ['node-1', 'node-1', 'node-3', 'node-3']);
});

test('auto breaks a tie on memory, then slots, then the lowest id', () => {
  const nodes = [node(1, 0, 0, 0), node(3, 8, 4096, 5), node(2, 8, 4096, 5), node(4, 8, 2048, 9)];
  assert.equal(previewPlacement(nodes, source, null, 1)[0].node.name, 'node-2');
});

test('auto never picks a node of another kms or without the image', () => {
  const nodes = [node(1, 0, 0, 0), node(2, 16, 65536, 20, { default_kms: 'other' }),
    node(3, 16, 65536, 20, { images: [] })];
  const [decision] = previewPlacement(nodes, source, null, 1);
  assert.equal(decision.node, null);
  assert.match(decision.refusal, /vCPU/);
});

test('a named node is used as it is, and refused with the reason when it cannot take the replica', () => {
  const nodes = [node(1, 16, 65536, 20), node(2, 16, 65536, 1)];
  assert.deepEqual(names(previewPlacement(nodes, source, 2, 2)), ['node-2', 'refused: no free CVM slot']);
  assert.match(previewPlacement(nodes, source, 9, 1)[0].refusal, /not available/);
});
