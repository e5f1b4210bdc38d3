// The dashboard in a real browser (Debian's Chromium, headless) against the real server jar on the
// embedded default: sign in, the three nodes, scaling a CVM made through the SDK (two replicas to Auto,
// one to a named node, all followed to running), the 465 path of an on-chain app, a replica's page and its
// live logs, the operations and webhooks pages, and what a wrong key, another workspace's member, a
// signed-out and an expired session get to see.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { addUserWithKey, createWorkspaceWithKey } from '../lib/accounts.js';
import { assertAccessible, launchChromium, openPage, paintTimings, saveArtifact, screenshot } from '../lib/browser.js';
import { awaitCvmRunning, deployCvm } from '../lib/cvms.js';
import { adminNodes } from '../lib/nodes.js';
import { chainSetup, onchainSource } from '../lib/onchain.js';
import { appCvms } from '../lib/replicas.js';
import { onEveryBackend } from '../lib/suite.js';
import { waitFor } from '../lib/wait.js';
import { CVM_EVENTS, ReceiverProcess } from '../lib/webhooks.js';

const SETTLE_MS = 60_000;
let browser;
const firstPaint = {};

before(async () => {
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  if (Object.keys(firstPaint).length > 0) {
    await saveArtifact('first-paint.json', firstPaint);
    console.log(`dashboard first paint: ${JSON.stringify(firstPaint)}`);
  }
});

/** Signs in through the form with the keyboard only: the key field has focus, Enter submits. */
async function signIn(page, apiKey) {
  await page.goto('/dashboard/');
  const field = page.getByLabel('API key');
  await field.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'api-key', 'the key field has focus');
  await page.keyboard.type(apiKey);
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** The page marks when its data is first shown, just after rendering it: timings are read once it has. */
function awaitMark(page, mark) {
  return page.waitForFunction((name) => performance.getEntriesByName(name, 'mark').length > 0, mark);
}

/** What the page's own origin gets from the API with whatever cookie the browser holds (no key). */
function fetchFromPage(page, path, { method = 'GET', body, csrf } = {}) {
  return page.evaluate(async ({ p, m, b, t }) => {
    const headers = { 'Content-Type': 'application/json' };
    if (t) {
      headers['X-CSRF-Token'] = t;
    }
    const res = await fetch(p, { method: m, headers, body: b === undefined ? undefined : JSON.stringify(b) });
    const text = await res.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    return { status: res.status, json };
  }, { p: path, m: method, b: body, t: csrf });
}

/** The statuses shown for created replicas in the Scale dialog. */
function replicaStatuses(dialog) {
  return dialog.locator('[data-testid=replica-progress] li[data-phase=created]')
    .evaluateAll((rows) => rows.map((r) => ({ name: r.dataset.replica, status: r.dataset.status })));
}

async function awaitReplicasRunning(dialog, count) {
  return waitFor(async () => {
    const rows = await replicaStatuses(dialog);
    return rows.length === count && rows.every((r) => r.status === 'running') ? rows : false;
  }, { timeoutMs: SETTLE_MS, intervalMs: 250, description: `${count} replicas shown running in the Scale dialog` });
}

const chain = {};
onEveryBackend('dashboard in Chromium', (ctx, scenario) => {
  let operator;
  let source;
  let deadWebhook;

  scenario('the sign-in page paints first within the budget, passes axe and sets nothing before sign-in', async () => {
    const { context, page, problems } = await openPage(browser, ctx.server.baseUrl);
    try {
      await page.goto('/dashboard/');
      await page.getByLabel('API key').waitFor();
      firstPaint.sign_in_page_cold = await paintTimings(page, 'opencvm:signin-shown');
      assert.ok(firstPaint.sign_in_page_cold.first_contentful_paint_ms > 0, JSON.stringify(firstPaint));
      await assertAccessible(page, 'the sign-in page');
      await screenshot(page, '01-sign-in');
      assert.deepEqual(await context.cookies(), [], 'no cookie before sign-in');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  scenario('a wrong key is refused: no cookie, no data, the API still answers 401', async () => {
    const { context, page, problems } = await openPage(browser, ctx.server.baseUrl);
    try {
      await page.goto('/dashboard/');
      await page.getByLabel('API key').fill(`${ctx.server.apiKey}x`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').filter({ hasText: 'That API key is not valid.' }).waitFor();
      await screenshot(page, '02-sign-in-wrong-key');
      assert.deepEqual(await context.cookies(), []);
      assert.equal(await page.getByRole('navigation', { name: 'Main' }).count(), 0, 'no navigation is shown');
      assert.equal((await fetchFromPage(page, '/admin/nodes')).status, 401);
      assert.equal((await fetchFromPage(page, '/api/v1/cvms/paginated')).json?.detail?.error_code, 'ERR-00-001');
      for (const route of ['/api/v1/workspace/operations', '/admin/operations', '/api/v1/workspace/webhooks']) {
        assert.equal((await fetchFromPage(page, route)).status, 401, route);
      }
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  scenario('the operator signs in with the keyboard and sees the three nodes with their capacity', async () => {
    operator = await openPage(browser, ctx.server.baseUrl);
    const { context, page, problems } = operator;
    await signIn(page, ctx.server.apiKey);
    const cards = page.locator('article.node');
    await waitFor(async () => (await cards.count()) === 3, { description: 'three node cards' });
    const expected = (await adminNodes(ctx.server)).map((n) => n.name).sort();
    assert.deepEqual((await cards.evaluateAll((els) => els.map((e) => e.dataset.node))).sort(), expected);
    for (const name of expected) {
      const card = page.locator(`article[data-node="${name}"]`);
      assert.equal(await card.locator('.badge').textContent(), 'online');
      assert.equal(await card.getByRole('meter', { name: 'vCPU reserved' }).getAttribute('aria-valuemax'), '16');
      assert.match(await card.textContent(), /All workspaces/);
    }
    assert.match(await page.getByTestId('who').textContent(), /operator/);

    const cookies = await context.cookies();
    assert.equal(cookies.length, 1, JSON.stringify(cookies.map((c) => c.name)));
    assert.equal(cookies[0].name, 'opencvm_session');
    assert.equal(cookies[0].httpOnly, true);
    assert.equal(cookies[0].sameSite, 'Strict');
    assert.ok(!cookies[0].value.includes(ctx.server.apiKey), 'the cookie is not the API key');
    assert.deepEqual(await page.evaluate(() => [localStorage.length, sessionStorage.length, document.cookie]), [0, 0, '']);
    await assertAccessible(page, 'the nodes page');
    await screenshot(page, '03-nodes');

    await page.reload();
    await cards.first().waitFor();
    firstPaint.nodes_page_signed_in = await paintTimings(page, 'opencvm:nodes-shown');
    assert.deepEqual(problems, []);
  });

  scenario('scaling a CVM made with the SDK: two replicas to Auto, one to a named node, all reach running', async () => {
    const { page, problems } = operator;
    const deployed = await deployCvm(ctx.sdk);
    source = await awaitCvmRunning(ctx.sdk, deployed.ref);
    const keys = [];
    page.on('request', (req) => {
      if (req.method() === 'POST' && new URL(req.url()).pathname.endsWith('/replicas')) {
        keys.push(req.headers()['idempotency-key']);
      }
    });

    await page.getByRole('link', { name: 'Apps and CVMs' }).click();
    const opener = page.getByRole('button', { name: `Scale ${source.name}` });
    await opener.click();
    const dialog = page.getByRole('dialog', { name: 'Scale a CVM' });
    await dialog.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'scale-source', 'focus moves into the dialog');
    assert.equal(await dialog.getByLabel('CVM to replicate').inputValue(), source.vm_uuid);
    await dialog.getByLabel('How many').fill('2');
    const preview = dialog.getByTestId('placement-preview');
    await waitFor(async () => (await preview.locator('li').count()) === 2, { description: 'a preview of two replicas' });
    assert.deepEqual(await preview.locator('strong').allTextContents(), [source.node_info.name, source.node_info.name],
      'Auto keeps replicas on the source node while it has room');
    await assertAccessible(page, 'the Scale dialog', { include: 'dialog' });
    await screenshot(page, '04-scale-dialog');

    await dialog.getByRole('button', { name: 'Create 2 replicas' }).click();
    const auto = await awaitReplicasRunning(dialog, 2);
    await screenshot(page, '05-scale-two-running');

    const named = (await adminNodes(ctx.server)).find((n) => n.id !== source.node_info.id);
    await dialog.getByRole('radio', { name: new RegExp(`^${named.name}:`) }).check();
    await dialog.getByLabel('How many').fill('1');
    await dialog.getByRole('button', { name: 'Create 1 replica' }).click();
    const all = await awaitReplicasRunning(dialog, 3);
    await screenshot(page, '06-scale-three-running');

    assert.equal(keys.length, 3, 'one request per replica');
    assert.equal(new Set(keys).size, 3, 'each replica has its own Idempotency-Key');
    const cvms = await appCvms(ctx.server, source.app_id);
    const byName = Object.fromEntries(cvms.map((c) => [c.name, c]));
    assert.equal(cvms.length, 4, JSON.stringify(cvms.map((c) => c.name)));
    for (const row of auto) {
      assert.equal(byName[row.name]?.node_info?.id, source.node_info.id, `${row.name} went where the preview said`);
      assert.equal(byName[row.name]?.status, 'running');
    }
    const third = all.find((r) => !auto.some((a) => a.name === r.name));
    assert.equal(byName[third.name]?.node_info?.id, named.id, 'the named node got the third replica');

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), `Scale ${source.name}`,
      'closing the dialog gives focus back to the button that opened it');
    await page.locator(`tr[data-cvm="${third.name}"]`).waitFor();
    await assertAccessible(page, 'the apps page');
    await screenshot(page, '07-apps');
    assert.deepEqual(problems, []);
  }, { timeout: 180_000 });

  scenario('a replica’s page shows it running on its node, with its stats and attestation summary as the routes serve them', async () => {
    const { page, problems } = operator;
    const [replica] = (await appCvms(ctx.server, source.app_id)).filter((c) => c.vm_uuid !== source.vm_uuid);
    await page.getByRole('link', { name: replica.name }).click();
    await page.getByRole('heading', { level: 1, name: replica.name }).waitFor();
    await waitFor(async () => (await page.getByTestId('cvm-status').textContent()) === 'running',
      { description: 'the replica page to show running' });
    assert.match(await page.locator('main').textContent(), new RegExp(replica.node_info.name));
    for (const slot of ['containers', 'stats', 'attestation']) {
      const section = page.locator(`section[data-slot="${slot}"]`);
      await section.waitFor();
      await waitFor(async () => !(await section.getByRole('status').count()), { description: `the ${slot} slot to load` });
      const served = (await ctx.server.api('GET', `/cvms/${replica.vm_uuid}/${slot === 'containers'
        ? 'composition' : slot}`)).status;
      if (served === 404) {
        await section.getByTestId(`${slot}-unavailable`).waitFor();
      }
    }
    // Stats and the attestation summary show what the routes the CLI uses serve for this replica.
    const facts = (slot) => page.locator(`section[data-slot="${slot}"] dl.facts`).evaluate((dl) => Object.fromEntries(
      [...dl.querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling.textContent])));
    const stats = (await ctx.server.api('GET', `/cvms/${replica.vm_uuid}/stats`)).json;
    assert.equal(stats?.is_online, true, JSON.stringify(stats));
    const shownStats = await facts('stats');
    assert.match(shownStats.Status, new RegExp(`^${stats.status}`), JSON.stringify(shownStats));
    assert.equal(shownStats['num cpus'], String(stats.sysinfo.num_cpus));
    const attestation = (await ctx.server.api('GET', `/cvms/${replica.vm_uuid}/attestation`)).json;
    assert.equal(attestation?.is_online, true, JSON.stringify(attestation?.error));
    const shownAttestation = await facts('attestation');
    assert.equal(shownAttestation.Certificates, String(attestation.app_certificates.length));
    assert.equal(shownAttestation.MRTD, `${attestation.tcb_info.mrtd.slice(0, 12)}…`);
    assert.equal(shownAttestation['Event log entries'], String(attestation.tcb_info.event_log.length));
    await assertAccessible(page, 'a replica page');
    await screenshot(page, '08-replica-page');
    assert.deepEqual(problems, []);
  });

  scenario('a replica’s logs follow live: its serial console through the signed link, new lines as they are written',
    async () => {
      const { page, problems } = operator;
      const [replica] = (await appCvms(ctx.server, source.app_id)).filter((c) => c.vm_uuid !== source.vm_uuid);
      const consoleReads = [];
      const seen = (req) => {
        const url = new URL(req.url());
        if (/^\/api\/v1\/cvms\/[^/]+\/syslog$/.test(url.pathname)) {
          consoleReads.push(url);
        }
      };
      page.on('request', seen);
      try {
        await page.goto('/dashboard/#/apps');
        await page.goto(`/dashboard/#/cvms/${replica.vm_uuid}`);
        const logs = page.locator('section[data-slot="logs"]');
        // The source is a plain select: reachable and changed by keyboard like any form control.
        await logs.getByLabel('Log source').focus();
        await logs.getByLabel('Log source').selectOption({ label: 'Serial console' });
        assert.equal(await logs.getByLabel(/^Follow/).isChecked(), true, 'logs follow by default');
        const text = logs.getByRole('log', { name: 'Logs: Serial console' });
        await waitFor(async () => /Linux version/.test(await text.textContent()), { description: 'the console\'s boot lines' });
        const state = logs.getByTestId('log-state');
        await waitFor(async () => (await state.getAttribute('data-phase')) === 'following', { description: 'a followed stream' });
        const before = Number(await state.getAttribute('data-lines'));
        // The guest writes a console line every sixth tick; the stream stays open and shows it.
        await waitFor(async () => Number(await state.getAttribute('data-lines')) > before,
          { timeoutMs: SETTLE_MS, intervalMs: 250, description: 'a new console line to arrive on the open stream' });
        assert.equal(await state.getAttribute('data-phase'), 'following');
        const read = consoleReads.at(-1);
        assert.ok(read, 'the page read the console link');
        assert.equal(read.origin, new URL(ctx.server.baseUrl).origin, 'the console link is same-origin');
        assert.equal(read.searchParams.get('ch'), 'serial');
        assert.equal(read.searchParams.get('follow'), 'true');
        assert.ok(read.searchParams.get('sig'), 'the link is the signed syslog_endpoint');

        const composition = (await ctx.server.api('GET', `/cvms/${replica.vm_uuid}/composition`)).json;
        const container = (composition.containers ?? []).find((c) => c.log_endpoint);
        if (container) {
          const name = container.names[0].replace(/^\//, '');
          await logs.getByLabel('Log source').selectOption({ label: `Container ${name}` });
          const endpoint = new URL(container.log_endpoint);
          if (endpoint.origin === new URL(ctx.server.baseUrl).origin) {
            await waitFor(async () => Number(await state.getAttribute('data-lines')) > 0, { description: 'container lines' });
          } else {
            // The guest agent's host is another origin: the page links to it and names the CLI command.
            const link = logs.getByTestId('log-elsewhere').getByRole('link', { name: 'Open them in a new tab' });
            const href = new URL(await link.getAttribute('href'));
            assert.equal(`${href.origin}${href.pathname}`, `${endpoint.origin}${endpoint.pathname}`);
            assert.equal(href.searchParams.get('follow'), 'true');
            assert.match(await logs.textContent(), new RegExp(`phala logs ${name} --cvm-id ${replica.vm_uuid} -f`));
          }
          await logs.getByLabel('Log source').selectOption({ label: 'VM stdout' });
          await waitFor(async () => (await state.getAttribute('data-phase')) === 'following', { description: 'stdout followed' });
        }
        await logs.getByLabel('Log source').selectOption({ label: 'Serial console' });
        await waitFor(async () => /Linux version/.test(await text.textContent()), { description: 'the console again' });
        await assertAccessible(page, 'a replica page with live logs');
        await logs.scrollIntoViewIfNeeded();
        await screenshot(page, '08b-replica-live-logs');
      } finally {
        page.off('request', seen);
      }
      assert.deepEqual(problems, []);
    }, { timeout: 120_000 });

  scenario('the 465 path: the plan, the commit token and what the owner must approve; committing creates the replica',
    async () => {
      const { page, problems } = operator;
      const src = await onchainSource(ctx, chain);
      const target = (await adminNodes(ctx.server)).find((n) => n.id !== src.cvm.node_info.id);
      await page.goto(`/dashboard/#/cvms/${src.cvm.vm_uuid}`);
      await page.getByRole('heading', { level: 1, name: src.cvm.name }).waitFor();
      await page.getByRole('button', { name: 'Scale…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Scale a CVM' });
      await dialog.getByRole('radio', { name: new RegExp(`^${target.name}:`) }).check();
      await dialog.getByRole('button', { name: 'Create 1 replica' }).click();
      const prepared = dialog.getByTestId('prepared-1');
      await prepared.waitFor();
      const token = (await prepared.getByTestId('token-1').textContent()).trim();
      ctx.secrets.push(token);
      assert.match(token, /^ct_[0-9a-f]+$/);
      assert.match(await prepared.getByTestId('onchain-1').textContent(), /revision allowed, device NOT allowed/);
      assert.ok((await prepared.textContent()).includes(`addDevice(0x${target.device_id})`),
        'says which device the owner must add');
      assert.equal((await appCvms(ctx.server, src.app)).length, 1, 'a 465 creates nothing');
      await assertAccessible(page, 'the Scale dialog with a 465 plan', { include: 'dialog' });
      await prepared.scrollIntoViewIfNeeded();
      await screenshot(page, '09-scale-465-plan');

      const tx = await chain.anvil.allow(chain.contracts.DstackApp, src.app, 'addDevice', target.device_id);
      await prepared.getByLabel('Transaction hash').fill(tx);
      await prepared.getByRole('button', { name: 'Commit replica' }).click();
      const [row] = await awaitReplicasRunning(dialog, 1);
      const cvms = await appCvms(ctx.server, src.app);
      assert.equal(cvms.find((c) => c.name === row.name)?.node_info?.id, target.id);
      await screenshot(page, '10-scale-465-committed');
      await page.keyboard.press('Escape');
      assert.deepEqual(problems, []);
    }, { timeout: 180_000 });

  scenario('the Operations page lists every create with its state, attempts and outcome, newest first', async () => {
    const { page, problems } = operator;
    const cvms = await appCvms(ctx.server, source.app_id);
    // By keyboard: the navigation link takes focus and Enter follows it; the new page's heading gets focus.
    await page.getByRole('link', { name: 'Operations' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Operations' }).waitFor();
    await waitFor(async () => (await page.evaluate(() => document.activeElement?.tagName)) === 'H1',
      { description: 'focus to move to the page heading' });
    const rows = page.locator('[data-testid=operations] tbody tr');
    const creates = await waitFor(async () => {
      const shown = await rows.evaluateAll((trs) => trs.map((tr) => ({ ...tr.dataset })));
      const mine = cvms.map((c) => shown.find((r) => r.cvm === c.name && r.type === 'create'));
      return mine.every((r) => r?.status === 'completed') ? mine : false;
    }, { description: 'the create of the source and of each replica shown completed' });
    const order = await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.operation));
    const positions = creates.map((r) => order.indexOf(r.operation));
    assert.deepEqual(positions, [...positions].sort((a, b) => b - a), 'newer CVMs\' creates come first');
    const row = page.locator(`[data-testid=operations] tr[data-cvm="${cvms[1].name}"][data-type="create"]`);
    assert.match(await row.textContent(), /create/);
    assert.match(await row.textContent(), /running after/, 'the outcome says where it ended');
    assert.equal(await page.getByRole('columnheader', { name: 'Workspace' }).count(), 1, 'the operator sees every workspace');
    const api = (await ctx.server.api('GET', '/workspace/operations?limit=200')).json;
    for (const c of creates) {
      assert.ok(api.items.some((i) => i.correlation_id === c.operation), 'the page shows what the route serves');
    }
    await assertAccessible(page, 'the operations page');
    await screenshot(page, '16-operations');

    await page.getByRole('radio', { name: 'Your workspace only' }).check();
    await waitFor(async () => (await page.getByRole('columnheader', { name: 'Workspace' }).count()) === 0,
      { description: 'the workspace-only view' });
    await rows.first().waitFor();
    await page.reload();
    await rows.first().waitFor();
    await awaitMark(page, 'opencvm:operations-shown');
    firstPaint.operations_page_signed_in = await paintTimings(page, 'opencvm:operations-shown');
    assert.deepEqual(problems, []);
  });

  scenario('the Webhooks page shows each endpoint with its deliveries: delivered, and failed with the last error',
    async () => {
      const { page, problems } = operator;
      const receiver = await ReceiverProcess.start();
      ctx.cleanups.push(() => receiver.stop());
      const secret = `whsec_dash_${Date.now().toString(16)}`;
      ctx.secrets.push(secret);
      await receiver.configure({ secret });
      const create = async (name, url) => {
        const made = await ctx.server.api('POST', '/workspace/webhooks',
          { body: { name, url, events: CVM_EVENTS, secret } });
        assert.equal(made.status, 201, made.text);
        assert.equal((await ctx.server.api('POST', `/workspace/webhooks/${made.json.id}/test`)).status, 200);
        return made.json;
      };
      const good = await create('dash receiver', receiver.url);
      // Nothing listens on port 9 of loopback: every attempt fails to connect, until the attempts run out.
      const dead = await create('dash dead end', 'http://127.0.0.1:9/hook');

      await page.getByRole('link', { name: 'Webhooks' }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
      const goodCard = page.locator(`section[data-webhook="${good.id}"]`);
      const deadCard = page.locator(`section[data-webhook="${dead.id}"]`);
      await goodCard.locator('tr[data-event-type="webhook.test"][data-status="success"]').waitFor({ timeout: SETTLE_MS });
      // A test is tried once; its resend is a new event with the usual retries, so it fails after four attempts.
      const tried = deadCard.locator('tr[data-event-type="webhook.test"][data-status="failed"]');
      await tried.waitFor({ timeout: SETTLE_MS });
      const testEvent = await tried.getAttribute('data-event');
      const resent = await ctx.server.api('POST', `/workspace/webhooks/${dead.id}/deliveries/${testEvent}/resend`);
      assert.equal(resent.status, 200, resent.text);
      const failed = deadCard.locator(`tr[data-event="${resent.json.event_id}"][data-status="failed"]`);
      await failed.waitFor({ timeout: SETTLE_MS });
      const [attempts, lastError] = await failed.locator('td').evaluateAll((tds) => [tds[1].textContent, tds[3].textContent]);
      assert.equal(attempts, '4', 'four attempts, then failed');
      assert.notEqual(lastError.trim(), '–', 'the last error is shown');
      const served = (await ctx.server.api('GET', `/workspace/webhooks/${dead.id}/deliveries`)).json
        .find((d) => d.event_id === resent.json.event_id);
      assert.equal(lastError, served.error_message);
      await waitFor(async () => /2 failed/.test(await deadCard.getByTestId('webhook-stats').textContent()),
        { description: 'the stats of the dead end' });
      assert.ok(!(await page.locator('main').textContent()).includes(secret), 'the secret is never shown');
      await assertAccessible(page, 'the webhooks page');
      await screenshot(page, '17-webhooks');
      await page.reload();
      await goodCard.waitFor();
      await awaitMark(page, 'opencvm:webhooks-shown');
      firstPaint.webhooks_page_signed_in = await paintTimings(page, 'opencvm:webhooks-shown');
      deadWebhook = dead.id;
      assert.deepEqual(problems, []);
    });

  scenario('a member of another workspace sees only their own workspace, in the page and in the API', async () => {
    const member = await createWorkspaceWithKey(ctx.server, 'dash');
    const { context, page, problems } = await openPage(browser, ctx.server.baseUrl);
    try {
      await signIn(page, member.apiKey);
      assert.doesNotMatch(await page.getByTestId('who').textContent(), /operator/);
      await page.locator('article.node').first().waitFor();
      assert.match(await page.locator('main').textContent(), /Your workspace/);
      assert.equal(await page.getByRole('meter').count(), 0, 'members see free room, not the operator\'s reservations');
      await screenshot(page, '11-member-nodes');

      await page.getByRole('link', { name: 'Apps and CVMs' }).click();
      await page.getByText('No apps yet.').waitFor();
      assert.equal(await page.getByText(source.name).count(), 0);
      await screenshot(page, '12-member-apps');

      await page.goto(`/dashboard/#/cvms/${source.vm_uuid}`);
      await page.getByText('There is no such CVM in your workspace.').waitFor();
      assert.equal(await page.getByText(source.app_id).count(), 0);
      await screenshot(page, '13-member-foreign-cvm');

      await page.getByRole('link', { name: 'Operations' }).click();
      await page.getByTestId('no-operations').waitFor();
      assert.equal(await page.getByText(source.name).count(), 0);
      assert.equal(await page.getByRole('radio').count(), 0, 'only operators may choose every workspace');
      await assertAccessible(page, 'a member\'s operations page');
      await screenshot(page, '18-member-operations');
      await page.getByRole('link', { name: 'Webhooks' }).click();
      await page.getByTestId('no-webhooks').waitFor();
      assert.equal(await page.getByText('dash dead end').count(), 0);
      await screenshot(page, '19-member-webhooks');

      assert.equal((await fetchFromPage(page, '/admin/operations')).json?.detail?.error_code, 'ERR-00-002');
      assert.deepEqual((await fetchFromPage(page, '/api/v1/workspace/operations')).json?.items, []);
      const foreignHook = await fetchFromPage(page, `/api/v1/workspace/webhooks/${deadWebhook}/deliveries`);
      assert.equal(foreignHook.status, 404, 'another workspace\'s webhook answers like a missing one');
      assert.equal((await fetchFromPage(page, '/admin/nodes')).json?.detail?.error_code, 'ERR-00-002');
      assert.ok([403, 404].includes((await fetchFromPage(page, `/api/v1/cvms/${source.vm_uuid}`)).status));
      assert.equal((await fetchFromPage(page, '/api/v1/apps')).json?.total, 0);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  scenario('a plain member of the operator\'s workspace follows its operations but sees none of its webhooks', async () => {
    const who = (await ctx.server.api('GET', '/auth/me')).json;
    const member = await addUserWithKey(ctx.server, who.workspace.slug, 'member', 'dash-member');
    const { context, page, problems } = await openPage(browser, ctx.server.baseUrl);
    try {
      await signIn(page, member.apiKey);
      await page.getByRole('link', { name: 'Operations' }).click();
      await page.locator(`[data-testid=operations] tr[data-cvm="${source.name}"][data-type="create"]`).waitFor();
      assert.equal(await page.getByRole('radio').count(), 0, 'only operators may choose every workspace');
      await page.getByRole('link', { name: 'Webhooks' }).click();
      await page.getByTestId('webhooks-refused').waitFor();
      assert.equal(await page.getByText('dash dead end').count(), 0);
      assert.equal(await page.locator('[data-testid=deliveries]').count(), 0);
      await assertAccessible(page, 'the webhooks page refused to a member');
      await screenshot(page, '20-member-webhooks-refused');
      assert.equal((await fetchFromPage(page, '/api/v1/workspace/webhooks')).json?.detail?.error_code, 'ERR-04-106',
        'owners and admins only');
      assert.equal((await fetchFromPage(page, `/api/v1/workspace/webhooks/${deadWebhook}/deliveries`)).status, 403);
      assert.equal((await fetchFromPage(page, '/admin/operations')).json?.detail?.error_code, 'ERR-00-002');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  scenario('signing out ends the session on the server: the old cookie no longer opens anything', async () => {
    const { context, page, problems } = operator;
    const [cookie] = await context.cookies();
    const session = await fetchFromPage(page, '/dashboard/session');
    assert.equal((await fetchFromPage(page, '/api/v1/status/batch', { method: 'POST', body: { vm_uuids: [] } }))
      .json?.detail?.error_code, 'ERR-00-008', 'a write without the CSRF token is refused');
    assert.equal((await fetchFromPage(page, '/api/v1/status/batch',
      { method: 'POST', body: { vm_uuids: [] }, csrf: session.json.csrf_token })).status, 200);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You are signed out.').waitFor();
    await screenshot(page, '14-signed-out');
    assert.deepEqual(await context.cookies(), []);
    const replayed = await fetch(`${ctx.server.baseUrl}/admin/nodes`, { headers: { Cookie: `${cookie.name}=${cookie.value}` } });
    assert.equal(replayed.status, 401);
    assert.deepEqual(problems, []);
    await context.close();
  });
}, {
  backends: ['h2'],
  // Guests write a console line every sixth log tick: half a second makes one every three seconds.
  // Webhooks may target the loopback receiver, and give up after three quick retries.
  setup: async (ctx) => ({
    ...(await chainSetup(31337, chain)(ctx)),
    OPENCVM_SIM_LOG_INTERVAL_MS: '500',
    OPENCVM_WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    OPENCVM_WEBHOOK_RETRY_DELAYS: 'PT0.5S,PT0.5S,PT0.5S',
  }),
});

onEveryBackend('dashboard in Chromium, short sessions', (ctx, scenario) => {
  scenario('an expired session is sent back to sign-in and the API refuses its cookie', async () => {
    const { context, page, problems } = await openPage(browser, ctx.server.baseUrl);
    try {
      await signIn(page, ctx.server.apiKey);
      await page.locator('article.node').first().waitFor();
      const [cookie] = await context.cookies();
      await page.getByRole('link', { name: 'Operations' }).click();
      await page.getByRole('heading', { level: 1, name: 'Operations' }).waitFor();
      // The operations page refreshes every few seconds; the first refresh after expiry gets 401.
      await page.getByText('Your session has ended').waitFor({ timeout: 30_000 });
      await screenshot(page, '15-session-expired');
      assert.equal(await page.locator('article.node').count(), 0, 'no node is left on the page');
      assert.equal(await page.getByRole('heading', { name: 'Operations' }).count(), 0, 'nor any operation');
      assert.equal((await fetchFromPage(page, '/admin/nodes')).json?.detail?.error_code, 'ERR-00-001');
      for (const route of ['/admin/operations', '/api/v1/workspace/operations', '/api/v1/workspace/webhooks']) {
        assert.equal((await fetchFromPage(page, route)).json?.detail?.error_code, 'ERR-00-001', route);
      }
      const replayed = await fetch(`${ctx.server.baseUrl}/api/v1/teepods/available`,
        { headers: { Cookie: `${cookie.name}=${cookie.value}` } });
      assert.equal(replayed.status, 401);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
}, { backends: ['h2'], setup: async () => ({ OPENCVM_DASHBOARD_SESSION_LIFETIME: 'PT5S' }) });
