// Runs the real `phala` CLI (npm phala@1.1.18) in an isolated environment:
// `env -i PATH HOME PHALA_CLOUD_DIR PHALA_DISABLE_UPDATE_CHECK=1 CI=1 PHALA_CLOUD_API_PREFIX PHALA_CLOUD_API_KEY`.
import { spawn } from 'node:child_process';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PHALA_CLI } from './paths.js';

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * One CLI user: a private HOME and PHALA_CLOUD_DIR (so `phala login` state persists between its runs
 * and never leaks into another), a working directory without a phala.toml, and the server's address.
 */
export class PhalaCli {
  /**
   * @param {object} options
   * @param {() => string} options.apiPrefix  the server's API prefix (read at each run: the port may change)
   * @param {string|null} options.apiKey      sent as PHALA_CLOUD_API_KEY; null leaves it unset
   */
  constructor({ apiPrefix, apiKey, secrets = [] }) {
    this.apiPrefix = apiPrefix;
    this.apiKey = apiKey;
    this.secrets = [apiKey, ...secrets].filter(Boolean);
    this.home = null;
  }

  static async create(server, { apiKey = server.apiKey } = {}) {
    const cli = new PhalaCli({ apiPrefix: () => server.apiPrefix, apiKey, secrets: [server.apiKey, server.adminKey] });
    cli.home = await fsp.mkdtemp(path.join(os.tmpdir(), 'opencvm-conf-cli-'));
    await fsp.mkdir(path.join(cli.home, 'work'));
    return cli;
  }

  get configDir() {
    return path.join(this.home, '.phala-cloud');
  }

  /**
   * The child's whole environment. `overrides` adds variables; a `null` value removes one
   * (e.g. `{PHALA_CLOUD_API_KEY: null}` to run from a stored login).
   */
  environment(overrides = {}) {
    const env = {
      PATH: process.env.PATH,
      HOME: this.home,
      PHALA_CLOUD_DIR: this.configDir,
      PHALA_DISABLE_UPDATE_CHECK: '1',
      CI: '1',
      PHALA_CLOUD_API_PREFIX: this.apiPrefix(),
    };
    if (this.apiKey !== null) {
      env.PHALA_CLOUD_API_KEY = this.apiKey;
    }
    for (const [key, value] of Object.entries(overrides)) {
      if (value === null) {
        delete env[key];
      } else {
        env[key] = value;
      }
    }
    return env;
  }

  /** Runs `phala <args>`; resolves with {code, stdout, stderr, command} (never rejects on exit code). */
  run(args, { env = {}, timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
    // Keys passed as arguments (phala login <key>) never reach a failure report.
    const command = `phala ${args.map((a) => (this.secrets.includes(a) ? '<api-key>' : a)).join(' ')}`;
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [PHALA_CLI, ...args], {
        cwd: path.join(this.home, 'work'),
        env: this.environment(env),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      let timedOut = false;
      child.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
      child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, timeoutMs);
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        const result = new CliResult({ command, code, signal, stdout, stderr });
        if (timedOut) {
          reject(new Error(`${command} did not finish within ${timeoutMs} ms\n${result.describe()}`));
        } else {
          resolve(result);
        }
      });
    });
  }

  /**
   * Runs a `phala <args>` that does not end by itself (`--follow`) until its stdout satisfies `until`, then stops it
   * with SIGTERM (the CLI ends a follow on it) and resolves with what it printed; rejects after `timeoutMs`.
   */
  follow(args, { until, timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
    const command = `phala ${args.join(' ')}`;
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [PHALA_CLI, ...args], {
        cwd: path.join(this.home, 'work'),
        env: this.environment(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      let satisfied = false;
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.stdout.setEncoding('utf8').on('data', (d) => {
        stdout += d;
        if (!satisfied && until(stdout)) {
          satisfied = true;
          child.kill('SIGTERM');
        }
      });
      child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        const result = new CliResult({ command, code, signal, stdout, stderr });
        if (satisfied) {
          resolve(result);
        } else {
          reject(new Error(`${command} ended or timed out before printing what was awaited\n${result.describe()}`));
        }
      });
    });
  }

  /** Runs `phala <args> --json`, expects exit 0 and resolves with the parsed stdout (plus `.result`). */
  async json(args, options = {}) {
    const result = await this.run([...args, '--json'], options);
    result.expectExit(0);
    return result.parseJson();
  }

  async dispose() {
    if (this.home) {
      await fsp.rm(this.home, { recursive: true, force: true });
    }
  }
}

/** What one CLI run did; its failure messages always carry the command and both output streams. */
export class CliResult {
  constructor({ command, code, signal, stdout, stderr }) {
    Object.assign(this, { command, code, signal, stdout, stderr });
  }

  /** stdout and stderr together (the CLI prints tables on stdout and `ℹ` notes on stderr). */
  get output() {
    return `${this.stdout}\n${this.stderr}`;
  }

  describe() {
    return `$ ${this.command}\n[exit ${this.code}${this.signal ? `, signal ${this.signal}` : ''}]\n`
      + `--- stdout ---\n${this.stdout}\n--- stderr ---\n${this.stderr}`;
  }

  expectExit(code) {
    if (this.code !== code) {
      throw new Error(`expected exit ${code}, got ${this.code}\n${this.describe()}`);
    }
    return this;
  }

  parseJson() {
    try {
      const value = JSON.parse(this.stdout);
      Object.defineProperty(value, 'result', { value: this, enumerable: false });
      return value;
    } catch (err) {
      throw new Error(`stdout is not JSON (${err.message})\n${this.describe()}`);
    }
  }
}
