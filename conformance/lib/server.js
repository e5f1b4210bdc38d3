// Starts the real server jar as a child process on a free loopback port, in a fresh data directory,
// on H2 or on a fresh PostgreSQL database, and always stops it again.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { SERVER_JAR } from './paths.js';
import { createDatabase } from './database.js';
import { StopWaiting, waitFor } from './wait.js';

const READY_TIMEOUT_MS = Number(process.env.OPENCVM_CONFORMANCE_READY_TIMEOUT_MS ?? 120_000);
const STOP_TIMEOUT_MS = 20_000;
// Fast start on a small machine; the suite's requests are few, so the C2 compiler is not worth its time.
const JVM_OPTIONS = (process.env.OPENCVM_CONFORMANCE_JVM_OPTS ?? '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx512m')
  .split(/\s+/).filter(Boolean);

// Servers never outlive the test process, also when it is interrupted or killed by a timeout.
const running = new Set();
const killAll = () => {
  for (const child of running) {
    child.kill('SIGKILL');
  }
};
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}

export async function freePort() {
  const srv = net.createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address();
  srv.close();
  await once(srv, 'close');
  return port;
}

/** One opencvm server: its port, keys, data directory, database and log. */
export class OpencvmServer {
  constructor({ backend, database, dataDir, apiKey, extraEnv = {} }) {
    this.backend = backend;
    this.extraEnv = extraEnv;
    this.database = database;
    this.dataDir = dataDir;
    this.apiKey = apiKey;
    // The embedded default's seeded account is the operator, so its key also opens /admin.
    this.adminKey = apiKey;
    this.logFile = path.join(dataDir, 'server.log');
    this.child = null;
    this.port = null;
    this.starts = 0;
  }

  /**
   * Starts a server on `backend` ('h2' or 'postgres') and waits until it is ready. `env` adds variables
   * (e.g. OPENCVM_DEV_CHAIN_RPC_URL for the embedded on-chain KMS).
   */
  static async start({ backend = 'h2', env = {} } = {}) {
    if (!fs.existsSync(SERVER_JAR)) {
      throw new Error(`server jar not found at ${SERVER_JAR}; build it with: mvn -B -q -pl server -am package -DskipTests`);
    }
    const dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), `opencvm-conf-${backend}-`));
    const database = await createDatabase(backend);
    const server = new OpencvmServer({
      backend, database, dataDir, apiKey: `ocv_conf_${randomBytes(24).toString('hex')}`, extraEnv: env,
    });
    try {
      await server.launch();
    } catch (err) {
      await server.dispose();
      throw err;
    }
    return server;
  }

  get baseUrl() {
    return `http://127.0.0.1:${this.port}`;
  }

  get apiPrefix() {
    return `${this.baseUrl}/api/v1`;
  }

  env() {
    return {
      ...process.env,
      OPENCVM_PORT: String(this.port),
      OPENCVM_DATA_DIR: this.dataDir,
      OPENCVM_API_KEY: this.apiKey,
      OPENCVM_SIM_BOOT_STEP_MS: '50',
      // The simulated nodes then serve GET /test/vms/<id>/env (the env a guest decrypted).
      OPENCVM_SIM_TEST_HOOKS: 'true',
      // Asked for explicitly: on PostgreSQL the simulated fleet is off by default.
      OPENCVM_EMBEDDED: 'true',
      // Several servers run at once; the management port (metrics) is not used by the suite.
      OPENCVM_MANAGEMENT_PORT: '0',
      // Scenarios run many client calls with one key back to back; the per-key rate has its own server test.
      OPENCVM_RATE_LIMIT_REQUESTS: '0',
      ...this.extraEnv,
      ...this.database.env,
    };
  }

  async launch() {
    // A restart keeps the port, so clients configured with the old address keep working.
    this.port ??= await freePort();
    this.starts += 1;
    const log = fs.openSync(this.logFile, 'a');
    fs.writeSync(log, `\n===== conformance: start #${this.starts} on port ${this.port} (${this.backend}) =====\n`);
    const child = spawn('java', [...JVM_OPTIONS, '-jar', SERVER_JAR], {
      cwd: this.dataDir,
      env: this.env(),
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    this.child = child;
    running.add(child);
    child.once('exit', () => running.delete(child));
    try {
      await this.awaitReady(child);
    } catch (err) {
      throw new Error(`${err.message}\n${await this.logTail()}`);
    }
  }

  async awaitReady(child) {
    await waitFor(async () => {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new StopWaiting(`server exited before it was ready (code ${child.exitCode}, signal ${child.signalCode})`);
      }
      const res = await fetch(`${this.baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
      const body = await res.json().catch(() => ({}));
      return res.status === 200 && body.status === 'UP';
    }, { timeoutMs: READY_TIMEOUT_MS, intervalMs: 250, description: `readiness of the server on port ${this.port}` });
  }

  /** Stops the process (SIGTERM, then SIGKILL after a grace period). Keeps data dir and database. */
  async stop() {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      return;
    }
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }

  /** Kills the process with SIGKILL (no shutdown of any kind). Keeps data dir and database; `launch()` starts it again. */
  async kill() {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      return;
    }
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  /** Stops the server and starts it again on the same data directory, database and port. */
  async restart() {
    await this.stop();
    await this.launch();
  }

  /** Stops the server, drops its database and removes its data directory. */
  async dispose() {
    await this.stop();
    try {
      await this.database.drop();
    } finally {
      if (!process.env.OPENCVM_CONFORMANCE_KEEP_DATA) {
        await fsp.rm(this.dataDir, { recursive: true, force: true });
      }
    }
  }

  /**
   * Throws when the server's whole log contains any of `secrets` (env values, private keys, tokens):
   * names which ones by position only, never the value itself.
   */
  async assertLogFree(secrets) {
    const text = await fsp.readFile(this.logFile, 'utf8').catch(() => '');
    const leaked = secrets.map((s, i) => [i, String(s)]).filter(([, s]) => s.length >= 8 && text.includes(s));
    if (leaked.length > 0) {
      throw new Error(`server log ${this.logFile} contains ${leaked.length} secret value(s) the suite used `
        + `(positions ${leaked.map(([i]) => i).join(', ')} of ${secrets.length})`);
    }
  }

  /** The last lines of the server's stdout/stderr, for failure reports. */
  async logTail(lines = 80) {
    const text = await fsp.readFile(this.logFile, 'utf8').catch(() => '');
    // The server may print the key it was given; a failure report never shows it.
    const tail = text.split('\n').slice(-lines).join('\n').replaceAll(this.apiKey, '<api-key>');
    return `----- server log tail (${this.logFile}) -----\n${tail}\n----- end of server log -----`;
  }

  /** A raw HTTP request to the API with the server's key unless `apiKey` is given (null: no key). */
  async api(method, apiPath, { apiKey = this.apiKey, body, headers = {} } = {}) {
    const h = { 'Content-Type': 'application/json', 'X-Phala-Version': '2026-01-21', ...headers };
    if (apiKey !== null) {
      h['X-API-Key'] = apiKey;
    }
    const res = await fetch(`${this.apiPrefix}${apiPath}`, {
      method,
      headers: h,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  }
}
