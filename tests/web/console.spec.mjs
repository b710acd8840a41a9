// The openscs console in Debian's chromium, as an admin and a viewer would
// use it. Run by console_test.sh, which starts `openscs serve`, dnsmasq and
// (once this script writes READY_FILE) an amtsim fleet. Every wait is
// bounded; any uncaught error in the page fails the run.
//
// Env: WEB_URL, ADMIN_PASSWORD, VIEWER_PASSWORD, ARTIFACTS (screenshots),
// READY_FILE, DOWNLOADS, FAILING_ADDRESS (the unknown_pid device),
// DNS_DOMAIN (has a ProvisionServer record leading to the server).

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`set ${name}`);
  return v;
};
const URL = env('WEB_URL');
const ARTIFACTS = env('ARTIFACTS');
const WAIT = 20000;

// The whole run is bounded too: a hang is a failure, with a message.
const watchdog = setTimeout(() => {
  console.error('FAIL: console.spec.mjs did not finish within 240 s');
  process.exit(1);
}, 240000);

const pageErrors = [];
let step = 'start';
const log = (s) => { step = s; console.log(`- ${s}`); };

async function shot(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

async function login(page, user, password) {
  await page.goto(URL + '/');
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.locator('header.top .who .user').filter({ hasText: user }).waitFor({ timeout: WAIT });
}

async function go(page, hash) {
  await page.evaluate((h) => { location.hash = h; }, hash);
}

async function systemsTotal(page) {
  const t = await page.locator('#systems-total').textContent({ timeout: WAIT });
  return Number(t);
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
try {
  const admin = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  const page = await admin.newPage();
  page.setDefaultTimeout(WAIT);
  page.on('pageerror', (e) => pageErrors.push(`${step}: ${e.message}`));

  // ---- Login --------------------------------------------------------------
  log('a wrong password is refused with a readable message');
  await page.goto(URL + '/');
  await page.getByLabel('User name').fill('admin');
  await page.getByLabel('Password').fill('not-the-password');
  await shot(page, 'login');
  await page.getByRole('button', { name: 'Log in' }).click();
  const refusal = await page.locator('form.login .error').textContent({ timeout: WAIT });
  assert.match(refusal, /wrong/i, `login refusal: ${refusal}`);

  log('the admin logs in and lands on Intel AMT Systems');
  await login(page, 'admin', env('ADMIN_PASSWORD'));
  await page.getByRole('heading', { name: 'Intel AMT Systems' }).waitFor();
  assert.equal(await page.locator('header .badge.role').textContent(), 'admin');
  await page.locator('.live.on').waitFor({ timeout: WAIT });
  assert.equal(await systemsTotal(page), 0, 'no device has said hello yet');
  // A reload would lose this marker: the count must rise without one.
  await page.evaluate(() => { window.__noReload = true; });
  writeFileSync(env('READY_FILE'), 'ready\n');

  // ---- Systems appear live ------------------------------------------------
  log('systems appear live as the fleet says hello');
  await page.waitForFunction(() => Number(document.querySelector('#systems-total')?.textContent) >= 4, null,
    { timeout: 60000 });
  assert.equal(await page.evaluate(() => window.__noReload), true, 'the page was reloaded');
  const rows = await page.locator('table.data tbody tr[data-key]').count();
  assert.ok(rows >= 4, `${rows} rows in the systems table`);
  // The fleet runs with --time-scale: its windows close in seconds, and say why.
  assert.match(await page.locator('table.data tbody').textContent(), /accelerated ×\d+/,
    'the hello window column says the fleet is accelerated');
  // Counts are filters.
  await page.locator('[data-filter^="state:"]').first().waitFor();
  await shot(page, 'systems');

  log('the search box finds the failing device by address');
  await page.getByLabel('Search').fill(env('FAILING_ADDRESS'));
  await page.waitForFunction(() => document.querySelectorAll('table.data tbody tr[data-key]').length === 1);
  const failingRow = page.locator('table.data tbody tr[data-key]').first();
  assert.match(await failingRow.textContent(), new RegExp(env('FAILING_ADDRESS').replace(/\./g, '\\.')));

  // ---- A failing device's doctor verdict -----------------------------------
  log('the failing device: the doctor says pid_not_found, with evidence and the fix');
  await failingRow.locator('a').first().click();
  await page.waitForFunction(() => document.querySelector('#verdict')?.textContent === 'pid_not_found', null,
    { timeout: 45000 });
  const primary = page.locator('.finding.primary');
  assert.ok(await primary.locator('ul.evidence li').count() >= 1, 'the verdict has evidence');
  assert.ok(await primary.locator('ul.fixes li').count() >= 1, 'the verdict has a fix');
  assert.match(await primary.textContent(), /keys/i, 'the fix points at the key store');
  await page.locator('table[aria-label="Timeline"] tbody tr').first().waitFor();
  assert.ok(await page.locator('table[aria-label="Timeline"] tr.hello-row').count() >= 1, 'hellos are marked on the timeline');
  await shot(page, 'system-detail');

  log('an unknown system is a readable error, not a blank page');
  await go(page, '#/systems/00000000-0000-4000-8000-000000000000');
  const notFound = await page.locator('.error').first().textContent();
  assert.ok(notFound.length > 10 && !/undefined|object Object/.test(notFound), `error text: ${notFound}`);

  // ---- Settings: the log level ---------------------------------------------
  log('the admin sets the log level to debug');
  await go(page, '#/settings');
  await page.getByLabel('Log level').selectOption('debug');
  await page.locator('#save-log-level').click();
  await page.locator('.note.ok').filter({ hasText: 'debug' }).waitFor();
  assert.equal(await page.locator('#current-log-level').textContent(), 'debug');
  assert.match(await page.locator('#hello-endpoint').textContent(), /127\.72\.0\.1/);
  await shot(page, 'settings');

  // ---- DNS Configuration ---------------------------------------------------
  log('the DNS test finds ProvisionServer leading here');
  await go(page, '#/dns');
  await page.getByLabel('Domains').fill(env('DNS_DOMAIN'));
  await page.locator('#dns-test').click();
  const name = page.locator(`.dns-name[data-name="ProvisionServer.${env('DNS_DOMAIN')}"]`);
  await name.waitFor({ timeout: 30000 });
  assert.match(await name.textContent(), /reaches this server/);
  assert.match(await name.textContent(), /127\.72\.0\.1.*this server/);
  await shot(page, 'dns');

  // ---- Security Keys -------------------------------------------------------
  log('the admin generates keys and downloads a setup.bin');
  await go(page, '#/keys');
  await page.getByRole('heading', { name: 'Security Keys' }).waitFor();
  await page.getByLabel('How many').fill('3');
  await page.locator('#generate-keys').click();
  await page.locator('.note.ok').filter({ hasText: /Generated/ }).waitFor();
  await page.getByLabel('Records (one per device)').fill('2');
  await page.getByLabel('New MEBx password').fill('short');
  assert.match(await page.locator('.hint.bad').textContent(), /8 to 32/, 'the MEBx rule is checked as one types');
  await page.getByLabel('New MEBx password').fill('P@ssw0rd-2024');
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: WAIT }),
    page.locator('#download-setupbin').click(),
  ]);
  await download.saveAs(join(env('DOWNLOADS'), 'setup.bin'));
  await page.locator('.note.ok').filter({ hasText: /setup\.bin|Saved/ }).waitFor();
  await page.locator('[aria-label="Keys"] tbody tr').first().waitFor();
  await shot(page, 'keys');

  log('export asks first: it reveals every PPS');
  await page.locator('#export-keys').click();
  assert.match(await page.locator('.error').first().textContent(), /PPS/);

  // ---- Certificates, profiles, logs, audit ---------------------------------
  log('certificates show their requirement checks');
  await go(page, '#/certificates');
  const cert = page.locator('article.cert').first();
  await cert.waitFor();
  assert.ok(await cert.locator('ul.checks li.pass').count() >= 3, 'the imported chain passes its checks');
  assert.equal(await page.getByText('Import a provisioning certificate').count(), 1, 'an admin can import');
  await shot(page, 'certificates');

  log('profiles');
  await go(page, '#/profiles');
  await page.locator('table[aria-label="Profiles"] tbody tr').first().waitFor();
  await shot(page, 'profiles');

  log('logs follow the fleet');
  await go(page, '#/logs');
  await page.locator('table.logs tbody tr[data-id]').first().waitFor();
  const before = await page.locator('table.logs tbody tr[data-id]').count();
  await page.getByLabel('Level').selectOption('warning');
  await page.waitForFunction(() => [...document.querySelectorAll('table.logs tbody tr[data-id]')]
    .every((r) => /level-(warning|error)/.test(r.className)));
  assert.ok(before >= 1);
  await shot(page, 'logs');

  log('the audit log shows what the admin did');
  await go(page, '#/audit');
  await page.locator('table[aria-label="Audit log"] tbody tr').first().waitFor();
  const audit = await page.locator('table[aria-label="Audit log"]').textContent();
  for (const action of ['login', 'keys.setupbin', 'settings']) {
    assert.ok(audit.includes(action), `the audit log names ${action}`);
  }
  await shot(page, 'audit');

  // ---- A viewer --------------------------------------------------------------
  log('a viewer sees no admin action');
  const viewerContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const viewer = await viewerContext.newPage();
  viewer.setDefaultTimeout(WAIT);
  viewer.on('pageerror', (e) => pageErrors.push(`${step} (viewer): ${e.message}`));
  await login(viewer, 'viewer', env('VIEWER_PASSWORD'));
  assert.equal(await viewer.locator('header .badge.role').textContent(), 'viewer');
  assert.equal(await viewer.locator('nav a[data-page="audit"]').count(), 0, 'no Audit link for a viewer');
  await go(viewer, '#/keys');
  await viewer.locator('[aria-label="Keys"] tbody tr').first().waitFor();
  for (const id of ['#generate-keys', '#import-keys', '#download-setupbin', '#export-keys']) {
    assert.equal(await viewer.locator(id).count(), 0, `a viewer sees ${id}`);
  }
  await shot(viewer, 'viewer-keys');
  await go(viewer, '#/settings');
  await viewer.locator('#current-log-level').waitFor();
  assert.equal(await viewer.locator('#save-log-level').isDisabled(), true, 'a viewer cannot save settings');
  await go(viewer, '#/certificates');
  await viewer.locator('article.cert').first().waitFor();
  assert.equal(await viewer.getByText('Import a provisioning certificate').count(), 0);
  assert.equal(await viewer.getByRole('button', { name: 'Remove' }).count(), 0);

  log('logging out returns to the login screen');
  await viewer.getByRole('button', { name: 'Log out' }).click();
  await viewer.getByRole('button', { name: 'Log in' }).waitFor();

  assert.deepEqual(pageErrors, [], 'uncaught errors in the page');
  console.log('console.spec: every check passed');
} catch (e) {
  console.error(`FAIL at "${step}": ${e.message}`);
  try {
    const pages = browser.contexts().flatMap((c) => c.pages());
    for (const [i, p] of pages.entries()) await p.screenshot({ path: join(ARTIFACTS, `failure-${i}.png`), fullPage: true });
  } catch { /* the browser may be gone */ }
  if (pageErrors.length) console.error('page errors:\n' + pageErrors.join('\n'));
  process.exitCode = 1;
} finally {
  clearTimeout(watchdog);
  await browser.close();
}
