// Browser test of the search page: builds an index from corpora/, starts
// antwort-searchd on a free port, drives Debian's chromium with playwright-core
// (never a downloaded browser) and saves a screenshot.
//
// usage: node search_page.test.mjs --bin BUILD/bin --corpora corpora --out DIR
// Exits non-zero when any check fails; ctest runs it (label "browser").
import {spawn, spawnSync} from 'node:child_process';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) {
      throw new Error(`bad arguments: ${argv.join(' ')}`);
    }
    args[argv[i].slice(2)] = argv[i + 1];
  }
  for (const name of ['bin', 'corpora', 'out']) {
    if (!args[name]) {
      throw new Error(`--${name} is required`);
    }
  }
  return args;
}

const args = parseArgs(process.argv.slice(2));
const CHROMIUM = process.env.ANTWORT_CHROMIUM || '/usr/bin/chromium';
const QUERY = 'Passwort vergessen';

let chromium;
try {
  ({chromium} = await import('playwright-core'));
} catch (e) {
  console.error('playwright-core is not installed: run scripts/setup (npm ci in tests/browser)');
  throw e;
}
if (!fs.existsSync(CHROMIUM)) {
  throw new Error(`${CHROMIUM} not found: run scripts/setup (Debian package chromium)`);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'antwort-browser-'));
let server = null;
let serverLog = '';
let browser = null;

/** Builds the index from every corpora/<name>/docs.ndjson. */
function buildIndex(index) {
  const inputs = fs.readdirSync(args.corpora)
    .map((d) => path.join(args.corpora, d, 'docs.ndjson'))
    .filter((f) => fs.existsSync(f))
    .sort();
  assert.ok(inputs.length > 0, `no corpora in ${args.corpora}`);
  const run = spawnSync(path.join(args.bin, 'antwort-indexer'),
    ['build', '--index', index, ...inputs], {encoding: 'utf8'});
  assert.equal(run.status, 0, `antwort-indexer failed: ${run.stderr}`);
}

/** Starts antwort-searchd on a free port; resolves to its base URL. */
function startServer(index) {
  return new Promise((resolve, reject) => {
    server = spawn(path.join(args.bin, 'antwort-searchd'),
      ['--index', index, '--listen', '127.0.0.1:0', '--threads', '4'],
      {stdio: ['ignore', 'ignore', 'pipe']});
    const timer = setTimeout(() => reject(new Error(`searchd did not start:\n${serverLog}`)), 60000);
    server.stderr.setEncoding('utf8');
    server.stderr.on('data', (chunk) => {
      serverLog += chunk;
      const m = serverLog.match(/msg=serving url=(http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    server.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`searchd exited (${code}):\n${serverLog}`));
    });
  });
}

const results = [];
async function check(name, fn) {
  try {
    await fn();
    results.push([name, null]);
    console.log(`ok - ${name}`);
  } catch (e) {
    results.push([name, e]);
    console.log(`not ok - ${name}\n  ${String(e && e.stack || e).replace(/\n/g, '\n  ')}`);
  }
}

try {
  const index = path.join(work, 'index');
  buildIndex(index);
  const base = await startServer(index);
  console.log(`searchd at ${base}`);

  // What the API says, to compare the page with.
  const api = await (await fetch(`${base}/search?q=${encodeURIComponent(QUERY)}`)).json();
  assert.ok(api.total > 0, `the corpus has no hits for "${QUERY}"`);
  const apiMarks = api.hits.some((h) => typeof h.snippet === 'string' && h.snippet.includes('<mark>'));
  const suggestRes = await fetch(`${base}/suggest?q=${encodeURIComponent('Passw')}`);
  const suggestions = suggestRes.ok ? ((await suggestRes.json()).suggestions || []) : [];
  // A malformed vote: 404/405 "no such endpoint" means the server has no /feedback.
  const feedbackProbe = await fetch(`${base}/feedback`, {
    method: 'POST', headers: {'Content-Type': 'application/json'}, body: '{}'});
  const feedbackBody = await feedbackProbe.text();
  const hasFeedback = !(feedbackProbe.status === 405 ||
    (feedbackProbe.status === 404 && feedbackBody.includes('no such endpoint')));
  console.log(`server: marks in snippets=${apiMarks}, /suggest=${suggestRes.status}, ` +
    `feedback=${hasFeedback}`);

  // A persistent context on a fresh profile directory: playwright passes it
  // to chromium as --user-data-dir.
  browser = await chromium.launchPersistentContext(path.join(work, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    locale: 'de-DE',
    viewport: {width: 1100, height: 900},
  });
  const page = await browser.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content.Security.Policy|Refused to/i.test(m.text())) {
      pageErrors.push(m.text());
    }
  });
  page.on('dialog', (d) => {
    pageErrors.push(`unexpected dialog: ${d.message()}`);
    d.dismiss();
  });

  await check('start page: German, labelled search box, no results yet', async () => {
    const res = await page.goto(`${base}/`);
    assert.equal(res.status(), 200);
    assert.equal(await page.getAttribute('html', 'lang'), 'de');
    const input = page.getByLabel('Wonach suchen Sie?');
    assert.equal(await input.count(), 1);
    assert.equal(await page.locator('form[role=search]').count(), 1);
    assert.equal(await page.locator('main').count(), 1);
    assert.equal(await page.locator('h1').count(), 1);
    assert.equal(await page.locator('.hit').count(), 0);
  });

  await check('suggestions while typing (when the server has /suggest)', async () => {
    const input = page.locator('#q');
    await input.click();
    await page.keyboard.type('Passw', {delay: 40});
    if (suggestions.length === 0) {
      await page.waitForTimeout(500);
      assert.equal(await page.locator('#vorschlaege').isHidden(), true,
        'no suggestions from the server, so no list may show');
      return;
    }
    await page.locator('#vorschlaege [role=option]').first().waitFor({timeout: 5000});
    assert.equal(await input.getAttribute('aria-expanded'), 'true');
    await page.keyboard.press('ArrowDown');
    const active = await input.getAttribute('aria-activedescendant');
    assert.ok(active, 'ArrowDown selects an option');
    assert.equal(await page.locator(`#${active}`).getAttribute('aria-selected'), 'true');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#vorschlaege').isHidden(), true);
  });

  await check('typing a query and pressing Enter shows the results', async () => {
    await page.fill('#q', '');
    await page.locator('#q').pressSequentially(QUERY, {delay: 20});
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get('q') === QUERY),
      page.keyboard.press('Enter'),
    ]);
    const hits = page.locator('.hit');
    assert.equal(await hits.count(), Math.min(api.hits.length, api.per_page));
    assert.equal((await page.locator('.hit-title').first().innerText()).trim(), api.hits[0].title);
    const status = await page.locator('#trefferzahl').innerText();
    assert.match(status, /Treffer für „Passwort vergessen“/);
    assert.equal(await page.locator('#trefferzahl').getAttribute('aria-live'), 'polite');
  });

  await check(apiMarks ? 'matched words are highlighted with <mark>'
    : 'query words appear in the results (the API has no <mark> highlights yet)', async () => {
    const text = (await page.locator('.hits').innerText()).toLowerCase();
    assert.ok(text.includes('passwort') && text.includes('vergessen'), 'query words in results');
    const marks = page.locator('.snippet mark');
    if (apiMarks) {
      assert.ok(await marks.count() > 0, 'the API marks words, so the page must show <mark>');
      const marked = (await marks.allInnerTexts()).map((t) => t.toLowerCase());
      assert.ok(marked.some((t) => t.includes('passw') || t.includes('vergess')),
        `marked words: ${marked.join(', ')}`);
    } else {
      assert.equal(await marks.count(), 0, 'no marks invented by the page');
    }
  });

  await check('"War das hilfreich?" buttons', async () => {
    const block = page.locator('.feedback').first();
    assert.equal(await block.isVisible(), true, 'search.js shows the buttons');
    await block.getByRole('button', {name: 'Ja'}).click();
    if (hasFeedback) {
      await block.locator('.feedback-result', {hasText: 'Danke!'}).waitFor({timeout: 5000});
    } else {
      await block.waitFor({state: 'hidden', timeout: 5000});
      assert.equal(await page.locator('.feedback:visible').count(), 0,
        'without /feedback every block is hidden');
    }
  });

  await check('screenshot of the results page', async () => {
    fs.mkdirSync(args.out, {recursive: true});
    await page.goto(`${base}/?q=${encodeURIComponent(QUERY)}`);
    await page.locator('.hit').first().waitFor();
    const file = path.join(args.out, 'search-page.png');
    await page.screenshot({path: file, fullPage: true});
    assert.ok(fs.statSync(file).size > 10000, 'screenshot written');
    console.log(`  screenshot: ${file}`);
  });

  await check('pagination links to the next page', async () => {
    if (api.total <= api.per_page) {
      return;
    }
    const first = await page.locator('.hit-title').first().innerText();
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get('page') === '2'),
      page.getByRole('link', {name: /Weiter/}).click(),
    ]);
    assert.ok(await page.locator('.hit').count() > 0);
    assert.notEqual(await page.locator('.hit-title').first().innerText(), first);
    assert.equal(await page.locator('.pagination [aria-current=page]').innerText(), '2');
  });

  await check('filters: checked boxes narrow the results, unchecking widens them again', async () => {
    if (api.facets) {
      // The server counts facets: the unfiltered page offers them with counts.
      await page.goto(`${base}/?q=${encodeURIComponent(QUERY)}`);
      assert.ok(await page.locator('.facet-form input[name=type]').count() > 0, 'type facet shown');
      assert.ok(await page.locator('.facet-count').count() > 0, 'facet counts shown');
    }
    await page.goto(`${base}/?q=${encodeURIComponent(QUERY)}&type=forum`);
    const box = page.locator('.facet-form input[name=type][value=forum]');
    assert.equal(await box.isChecked(), true);
    const badges = await page.locator('.hit .badge').allInnerTexts();
    assert.ok(badges.length > 0 && badges.every((b) => b === 'Forum'), badges.join(','));
    fs.mkdirSync(args.out, {recursive: true});
    await page.screenshot({path: path.join(args.out, 'search-filters.png')});
    await Promise.all([
      page.waitForURL((url) => !url.searchParams.has('type') && url.searchParams.get('q') === QUERY),
      box.click(), // search.js submits the filter form at once
    ]);
    assert.ok(await page.locator('.hit').count() > 0);
  });

  // The page's JavaScript against answers shaped as docs/openapi.yaml says,
  // whether or not this server has the endpoints yet (page.route answers in
  // the browser; the server is not involved).
  await check('suggestion list: mouse-free choice with the keyboard (contract-shaped /suggest)', async () => {
    await page.route('**/suggest?*', (route) => route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({query: 'Passw', suggestions: [
        {text: 'Passwort', kind: 'term'},
        {text: 'Passwort ändern', kind: 'title', id: 'faq:12'}]}),
    }));
    try {
      await page.goto(`${base}/`);
      await page.locator('#q').pressSequentially('Passw', {delay: 30});
      const options = page.locator('#vorschlaege [role=option]');
      await options.nth(1).waitFor({timeout: 5000});
      assert.equal(await options.count(), 2);
      assert.equal(await page.getAttribute('#q', 'aria-expanded'), 'true');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.getAttribute('#q', 'aria-activedescendant'), await options.nth(1).getAttribute('id'));
      fs.mkdirSync(args.out, {recursive: true});
      await page.screenshot({path: path.join(args.out, 'search-suggestions.png')});
      await Promise.all([
        page.waitForURL((url) => url.searchParams.get('q') === 'Passwort ändern'),
        page.keyboard.press('Enter'),
      ]);
    } finally {
      await page.unroute('**/suggest?*');
    }
  });

  await check('"Danke!" after a vote (contract-shaped /feedback)', async () => {
    const sent = [];
    await page.route('**/feedback', (route) => {
      sent.push(JSON.parse(route.request().postData()));
      return route.fulfill({status: 200, contentType: 'application/json',
        body: JSON.stringify({id: sent[0].id, helpful: {yes: 0, no: 1}})});
    });
    try {
      await page.goto(`${base}/?q=${encodeURIComponent(QUERY)}`);
      const block = page.locator('.feedback').first();
      await block.getByRole('button', {name: 'Nein'}).click();
      await block.locator('.feedback-result', {hasText: 'Danke!'}).waitFor({timeout: 5000});
      assert.equal(sent.length, 1);
      assert.equal(sent[0].id, await block.getAttribute('data-id'));
      assert.equal(sent[0].helpful, false);
      assert.equal(sent[0].query, QUERY);
      assert.equal(await block.getByRole('button', {name: 'Ja'}).isVisible(), false);
    } finally {
      await page.unroute('**/feedback');
    }
  });

  await check('HTML in the query is shown as text, never run', async () => {
    const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    await page.goto(`${base}/?q=${encodeURIComponent(evil)}`);
    assert.equal(await page.inputValue('#q'), evil);
    assert.equal(await page.locator('main script, main img').count(), 0);
    assert.ok((await page.title()).includes('<script>'));
  });

  await check('no script errors or CSP violations', async () => {
    assert.deepEqual(pageErrors, []);
  });
} catch (e) {
  results.push(['setup', e]);
  console.log(`not ok - setup\n  ${e && e.stack || e}`);
} finally {
  if (browser) {
    await browser.close();
  }
  if (server && server.exitCode === null) {
    // SIGTERM must stop searchd cleanly (exit 0; under ASan also no leaks).
    server.removeAllListeners('exit');
    const exited = new Promise((resolve) => server.once('exit', (code, signal) => resolve({code, signal})));
    server.kill('SIGTERM');
    const timeout = new Promise((resolve) => setTimeout(() => resolve({code: null, signal: 'timeout'}), 30000));
    const {code, signal} = await Promise.race([exited, timeout]);
    if (code !== 0) {
      server.kill('SIGKILL');
      const e = new Error(`searchd ended with code ${code} signal ${signal}:\n${serverLog.slice(-4000)}`);
      results.push(['searchd stops cleanly', e]);
      console.log(`not ok - searchd stops cleanly\n  ${e.message}`);
    }
  }
  fs.rmSync(work, {recursive: true, force: true});
}

const failed = results.filter(([, e]) => e).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
