// Webhooks in the suite: a receiver process on the SDK's parseWebhookEvent, and the /workspace/webhooks routes
// (no client wraps them, so plain fetch with the key, as a user's script would).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { CONFORMANCE_DIR } from './paths.js';
import { waitFor } from './wait.js';

export const CVM_EVENTS = ['cvm.created', 'cvm.started', 'cvm.create_failed', 'cvm.restarted', 'cvm.updated',
  'cvm.stopped', 'cvm.deleted', 'cvm.update.pending_approval', 'cvm.replica.pending_approval'];

export class ReceiverProcess {
  static async start() {
    const child = spawn(process.execPath, [path.join(CONFORMANCE_DIR, 'lib', 'webhook-receiver.js')], {
      cwd: CONFORMANCE_DIR, stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [line] = await once(child.stdout, 'data');
    const receiver = new ReceiverProcess(child, Number(String(line).trim()));
    return receiver;
  }

  constructor(child, port) {
    this.child = child;
    this.port = port;
    this.url = `http://127.0.0.1:${port}/hook`;
  }

  async configure({ secret, failFirst = 0 }) {
    const res = await fetch(`http://127.0.0.1:${this.port}/_config`, {
      method: 'POST', body: JSON.stringify({ secret, fail_first: failFirst }),
    });
    if (res.status !== 204) throw new Error(`receiver config answered ${res.status}`);
  }

  async received() {
    return (await fetch(`http://127.0.0.1:${this.port}/_events`)).json();
  }

  /** The accepted events about the CVM with this vm_uuid, in arrival order. */
  async eventsOf(vmUuid) {
    const { events } = await this.received();
    return events.filter((e) => e.data?.vm_uuid === vmUuid || e.data?.source_vm_uuid === vmUuid);
  }

  /** Waits until the CVM's events end with `last`; resolves with their names. */
  async awaitEvents(vmUuid, last, timeoutMs = 60_000) {
    const events = await waitFor(async () => {
      const mine = await this.eventsOf(vmUuid);
      return mine.length > 0 && mine[mine.length - 1].event === last ? mine : false;
    }, { timeoutMs, intervalMs: 200, description: `webhook events of ${vmUuid} up to ${last}` });
    return events.map((e) => e.event);
  }

  async stop() {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = once(this.child, 'exit');
      this.child.kill('SIGTERM');
      await exited;
    }
  }
}

/** Calls a /workspace/webhooks route; resolves with {status, body}. */
export async function webhookApi(server, method, suffix = '', body, { apiKey = server.apiKey, headers = {} } = {}) {
  const res = await fetch(`${server.apiPrefix}/workspace/webhooks${suffix}`, {
    method,
    headers: { 'X-API-Key': apiKey, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** Registers `receiver` for every CVM event and tells it the secret; resolves with the webhook. */
export async function registerReceiver(server, receiver, { failFirst = 0 } = {}) {
  const created = await webhookApi(server, 'POST', '', { url: receiver.url, events: CVM_EVENTS, name: 'conformance' });
  if (created.status !== 201) throw new Error(`create webhook answered ${created.status}: ${JSON.stringify(created.body)}`);
  await receiver.configure({ secret: created.body.secret, failFirst });
  return created.body;
}
