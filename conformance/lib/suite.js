// Runs a group of scenarios once per backend (embedded H2, then PostgreSQL), each group on its own
// server, and attaches the server's log tail to every failure.
import { after, before, describe, it } from 'node:test';
import { selectedBackends } from './database.js';
import { OpencvmServer } from './server.js';
import { PhalaCli } from './cli.js';
import { sdkClient } from './sdk.js';
import { ENV } from './cvms.js';

// The SDK falls back to these when a client is built without them; a developer's real
// Phala Cloud settings must never leak into the suite.
delete process.env.PHALA_CLOUD_API_KEY;
delete process.env.PHALA_CLOUD_API_PREFIX;

const START_TIMEOUT_MS = Number(process.env.OPENCVM_CONFORMANCE_START_TIMEOUT_MS ?? 180_000);
const SCENARIO_TIMEOUT_MS = 120_000;

/**
 * `define(ctx, scenario)` registers scenarios; `ctx` holds, once the group has started, `server`
 * (OpencvmServer), `cli` (PhalaCli with the server's key), `sdk` (@phala/cloud client) and `backend`.
 * `scenario(name, fn)` is `it` with a timeout and the server log tail added to any failure.
 * `options.setup(ctx)`, when given, runs before the server starts and resolves with extra server env;
 * `options.backends` narrows the backends this group runs on (of those selected).
 * After the group, the server's whole log must contain none of the env values the suite encrypts nor
 * anything a scenario pushed onto `ctx.secrets` (private keys, commit tokens).
 */
export function onEveryBackend(title, define, { setup, backends } = {}) {
  for (const backend of selectedBackends().filter((b) => !backends || backends.includes(b))) {
    describe(`${title} [${backend}]`, () => {
      const ctx = { backend, server: null, cli: null, sdk: null, cleanups: [], secrets: ENV.map((e) => e.value) };

      before(async () => {
        const env = setup ? await setup(ctx) : {};
        ctx.server = await OpencvmServer.start({ backend, env });
        ctx.cli = await PhalaCli.create(ctx.server);
        ctx.sdk = sdkClient(ctx.server);
      }, { timeout: START_TIMEOUT_MS });

      after(async () => {
        for (const cleanup of ctx.cleanups.reverse()) {
          await cleanup().catch(() => {});
        }
        await ctx.cli?.dispose();
        try {
          await ctx.server?.stop();
          await ctx.server?.assertLogFree(ctx.secrets);
        } finally {
          await ctx.server?.dispose();
        }
      }, { timeout: START_TIMEOUT_MS });

      const scenario = (name, fn, { timeout = SCENARIO_TIMEOUT_MS } = {}) => it(name, { timeout }, async (t) => {
        try {
          await fn(t);
        } catch (err) {
          throw await withServerLog(err, ctx.server);
        }
      });

      define(ctx, scenario);
    });
  }
}

async function withServerLog(err, server) {
  if (!server || !(err instanceof Error)) {
    return err;
  }
  try {
    err.message = `${err.message}\n${await server.logTail()}`;
  } catch {
    // the log cannot be read: report the original failure alone
  }
  return err;
}
