// A real anvil dev chain for the on-chain scenarios, and the few contract calls they need: deploy a
// DstackApp, send owner transactions (from anvil's unlocked dev account 0), install Multicall3.
import { execFile, spawn } from 'node:child_process';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { decodeFunctionResult, encodeDeployData, encodeFunctionData } from 'viem';
import { REPO_DIR } from './paths.js';
import { waitFor } from './wait.js';

const run = promisify(execFile);
const ANVIL = path.join(REPO_DIR, 'tools', 'evm', 'node_modules', '@foundry-rs', 'anvil-linux-amd64', 'bin', 'anvil');
const START_TIMEOUT_MS = 30_000;
/** anvil's well-known dev account 0 of the test mnemonic; the owner of every app contract here. */
export const OWNER_PRIVATE_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
export const MULTICALL3_ADDRESS = '0xcA11bde05977b3631167028862bE2a173976CA11';

/** Compiles contracts/*.sol with tools/evm (solc-js) into a temp dir: {DstackApp, Multicall3} artifacts. */
export async function compileContracts() {
  const out = await fsp.mkdtemp(path.join(os.tmpdir(), 'opencvm-conf-contracts-'));
  await run(process.execPath, [path.join(REPO_DIR, 'tools', 'evm', 'compile.mjs'), out], { timeout: 120_000 });
  const load = async (name) => JSON.parse(await fsp.readFile(path.join(out, `${name}.json`), 'utf8'));
  const artifacts = { DstackApp: await load('DstackApp'), Multicall3: await load('Multicall3') };
  await fsp.rm(out, { recursive: true, force: true });
  return artifacts;
}

/** One anvil process on a free loopback port. Its console (which lists the dev keys) is never kept. */
export class Anvil {
  constructor(child, rpcUrl, chainId) {
    Object.assign(this, { child, rpcUrl, chainId });
  }

  static async start({ chainId = 31337 } = {}) {
    const child = spawn(ANVIL, ['--host', '127.0.0.1', '--port', '0', '--chain-id', String(chainId)],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    const port = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('anvil did not start listening')), START_TIMEOUT_MS);
      child.stdout.setEncoding('utf8').on('data', (d) => {
        const m = /Listening on [0-9.]+:(\d+)/.exec(d);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      child.stderr.resume();
      child.once('exit', (code) => reject(new Error(`anvil exited with ${code} before listening`)));
    });
    const anvil = new Anvil(child, `http://127.0.0.1:${port}`, chainId);
    await waitFor(async () => Number(await anvil.rpc('eth_chainId', [])) === chainId,
      { timeoutMs: START_TIMEOUT_MS, description: 'anvil eth_chainId' });
    [anvil.owner] = await anvil.rpc('eth_accounts', []);
    return anvil;
  }

  async rpc(method, params) {
    const res = await fetch(this.rpcUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = await res.json();
    if (body.error) {
      throw new Error(`${method}: ${body.error.message}`);
    }
    return body.result;
  }

  /** Sends from the unlocked owner account and waits for the receipt; throws unless it succeeded. */
  async send({ to, data }) {
    const hash = await this.rpc('eth_sendTransaction', [{ from: this.owner, to, data, gas: '0x4c4b40' }]);
    const receipt = await waitFor(() => this.rpc('eth_getTransactionReceipt', [hash]),
      { timeoutMs: 15_000, intervalMs: 50, description: `receipt of ${hash}` });
    if (receipt.status !== '0x1') {
      throw new Error(`transaction ${hash} failed: ${JSON.stringify(receipt)}`);
    }
    return receipt;
  }

  /** A DstackApp owned by the owner account, allowing nothing yet; resolves with its address. */
  async deployApp(artifact) {
    const zero = `0x${'00'.repeat(32)}`;
    const data = encodeDeployData({ abi: artifact.abi, bytecode: artifact.bytecode, args: [this.owner, false, zero, zero] });
    return (await this.send({ data })).contractAddress;
  }

  /** `addDevice` / `addComposeHash` by the owner; resolves with the transaction hash. */
  async allow(artifact, app, functionName, hex) {
    const arg = `0x${String(hex).replace(/^0x/, '').padEnd(64, '0')}`;
    const data = encodeFunctionData({ abi: artifact.abi, functionName, args: [arg] });
    return (await this.send({ to: app, data })).transactionHash;
  }

  /** `allowedDeviceIds(device)` of the app contract, read with eth_call. */
  async deviceAllowed(artifact, app, deviceHex) {
    const arg = `0x${String(deviceHex).replace(/^0x/, '').padEnd(64, '0')}`;
    const data = encodeFunctionData({ abi: artifact.abi, functionName: 'allowedDeviceIds', args: [arg] });
    const out = await this.rpc('eth_call', [{ to: app, data }, 'latest']);
    return decodeFunctionResult({ abi: artifact.abi, functionName: 'allowedDeviceIds', data: out });
  }

  /** Installs Multicall3's runtime code where viem's mainnet/base chains look for it. */
  async installMulticall3(artifact) {
    await this.rpc('anvil_setCode', [MULTICALL3_ADDRESS, artifact.deployedBytecode]);
  }

  async stop() {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      await exited;
    }
  }
}
