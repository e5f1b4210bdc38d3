// Bad input as the clients see it: an unknown CVM and a missing key.
import assert from 'node:assert/strict';
import { PhalaCloudError, ResourceError, createClient } from '@phala/cloud';
import { onEveryBackend } from '../lib/suite.js';
import { messageOf } from '../lib/text.js';

const UNKNOWN_CVM = 'no-such-cvm-xyz';

onEveryBackend('errors', (ctx, scenario) => {
  scenario('an unknown CVM is a structured 404 that the SDK reads as a ResourceError', async () => {
    const raw = await ctx.server.api('GET', `/cvms/${UNKNOWN_CVM}`);
    assert.equal(raw.status, 404, raw.text);
    assert.match(raw.headers.get('content-type') ?? '', /application\/json/);
    assert.equal(raw.json?.detail?.error_code, 'ERR-03-001', raw.text);
    assert.equal(typeof raw.json.detail.message, 'string', raw.text);

    const result = await ctx.sdk.safeGetCvmInfo({ id: UNKNOWN_CVM });
    assert.equal(result.success, false);
    assert.ok(result.error instanceof ResourceError, `expected ResourceError, got ${result.error?.constructor?.name}: ${result.error?.message}`);
    assert.equal(result.error.status, 404);
    assert.equal(result.error.errorCode, 'ERR-03-001');
    assert.equal(result.error.message, raw.json.detail.message);
  });

  scenario('phala cvms get of an unknown CVM exits 1 with the structured error message', async () => {
    const raw = await ctx.server.api('GET', `/cvms/${UNKNOWN_CVM}`);
    assert.equal(raw.status, 404, raw.text);
    assert.equal(raw.json?.detail?.error_code, 'ERR-03-001', raw.text);
    const message = messageOf(raw.json);

    const text = await ctx.cli.run(['cvms', 'get', UNKNOWN_CVM]);
    text.expectExit(1);
    assert.ok(text.output.includes(message), `CLI output lacks "${message}"\n${text.describe()}`);

    const json = await ctx.cli.run(['cvms', 'get', UNKNOWN_CVM, '--json']);
    json.expectExit(1);
    const body = json.parseJson();
    assert.equal(body.success, false, json.describe());
    assert.ok(String(body.error).includes(message), json.describe());
  });

  scenario('a request without a key is answered 401 with a JSON error', async () => {
    const raw = await ctx.server.api('GET', '/auth/me', { apiKey: null });
    assert.equal(raw.status, 401, raw.text);
    assert.match(raw.headers.get('content-type') ?? '', /application\/json/);
    assert.ok(messageOf(raw.json), `401 body has no message: ${raw.text}`);

    const cvms = await ctx.server.api('GET', '/apps?page=1&page_size=50', { apiKey: null });
    assert.equal(cvms.status, 401, cvms.text);
  });

  scenario('the SDK without a key gets an API error with status 401', async () => {
    const anonymous = createClient({ baseURL: ctx.server.apiPrefix });
    const result = await anonymous.safeGetCurrentUser();
    assert.equal(result.success, false);
    // A structured body makes it a ResourceError, a plain one an AuthError: both are 401 API errors.
    assert.ok(result.error instanceof PhalaCloudError, `expected an API error, got ${result.error?.constructor?.name}: ${result.error?.message}`);
    assert.equal(result.error.status, 401);
  });

  scenario('phala cvms list without a key exits 1 with the server\'s auth message', async () => {
    const raw = await ctx.server.api('GET', '/apps?page=1&page_size=50', { apiKey: null });
    assert.equal(raw.status, 401, raw.text);
    const message = messageOf(raw.json);
    assert.ok(message, raw.text);

    const result = await ctx.cli.run(['cvms', 'list'], { env: { PHALA_CLOUD_API_KEY: null } });
    result.expectExit(1);
    assert.ok(result.output.includes(message), `CLI output lacks "${message}"\n${result.describe()}`);
  });
});
