// Opens secscan-report.html files in Debian's headless Chromium (playwright-core, no browser download) and checks
// that the page works and that nothing from the scanned repository runs.
//
//   cd tests/browser && npm install --no-package-lock --no-save
//   node check-html.mjs DEMO_HTML XSS_HTML     (.ci/run generates both with the debug binary)
//
// DEMO_HTML is the report of fixtures/projects/demo, XSS_HTML the report of fixtures/projects/xss (advisory
// texts and folder names that are markup and script). Every page gets the same checks; the hostile page also
// checks that its payloads are shown as text. Prints "N passed, M failed" last; exits 1 on any failure.
import { chromium } from 'playwright-core';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const RANK = { CRITICAL: 4, HIGH: 3, MEDIUM: 2, LOW: 1, INFO: 0 };
const TYPES = ['PYTHON_DEPENDENCY', 'NODE_DEPENDENCY', 'OWASP_BROKEN_ACCESS_CONTROL', 'OWASP_CRYPTOGRAPHIC_FAILURES', 'OWASP_INJECTION', 'OWASP_INSECURE_DESIGN', 'OWASP_SECURITY_MISCONFIGURATION', 'OWASP_VULNERABLE_COMPONENTS', 'OWASP_AUTHENTICATION_FAILURES', 'OWASP_DATA_INTEGRITY_FAILURES', 'OWASP_LOGGING_FAILURES', 'OWASP_SSRF', 'BEST_PRACTICE_SECRETS', 'BEST_PRACTICE_INPUT_VALIDATION', 'BEST_PRACTICE_ERROR_HANDLING', 'BEST_PRACTICE_AUTHENTICATION', 'BEST_PRACTICE_DATA_PROTECTION', 'BEST_PRACTICE_API_SECURITY', 'BEST_PRACTICE_CONFIGURATION'];

let passed = 0;
let failed = 0;
function check(name, ok, detail) {
  if (ok) {
    passed += 1;
    console.log(`ok   ${name}`);
  } else {
    failed += 1;
    console.log(`FAIL ${name}${detail === undefined ? '' : ': ' + detail}`);
  }
}

// Runs in the page before any of its own code: records every way the payloads could show that they ran.
function installTraps() {
  window.__trapped = [];
  const trap = (name) => function () { window.__trapped.push(name); };
  window.alert = trap('alert');
  window.confirm = trap('confirm');
  window.prompt = trap('prompt');
  Object.defineProperty(window, '__pwned', {
    configurable: false,
    get() { return undefined; },
    set(v) { window.__trapped.push('__pwned=' + String(v)); },
  });
}

const visibleRows = (page) => page.$$eval('#issue-rows tr', (trs) => trs.filter((tr) => !tr.hidden).map((tr) => ({
  severity: tr.getAttribute('data-severity'),
  file: tr.querySelector('.issue-file').textContent,
  title: tr.querySelector('.issue-title').textContent,
})));

const sortedBy = (values, cmp) => values.every((v, i) => i === 0 || cmp(values[i - 1], v) <= 0);
const textCmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

async function checkPage(context, label, file, hostile) {
  const url = pathToFileURL(resolve(file)).href;
  const page = await context.newPage();
  const consoleErrors = [];
  const pageErrors = [];
  const requests = [];
  const dialogs = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('request', (r) => { if (r.url() !== url && !r.url().startsWith('data:')) requests.push(r.url()); });
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  await page.addInitScript(installTraps);
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(300);

  const data = await page.evaluate(() => JSON.parse(document.getElementById('data').textContent));
  const issues = data.issues;
  const counted = issues.filter((i) => i.status !== 'ACCEPTED_RISK' && i.status !== 'FALSE_POSITIVE');
  check(`${label}: the page has issues to show`, issues.length > 0, `${issues.length} issues`);

  // Content-Security-Policy: nothing may load from elsewhere, scripts only by hash.
  const csp = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.content).catch(() => '');
  check(`${label}: CSP forbids external loads`, /default-src 'none'/.test(csp) && /script-src 'sha256-[A-Za-z0-9+/=]+'/.test(csp), csp);

  // Charts.
  const slices = await page.$$eval('#severity-chart circle.slice', (cs) => cs.map((c) => ({
    severity: c.getAttribute('data-severity'), count: Number(c.getAttribute('data-count')),
  })));
  const severities = new Set(counted.map((i) => i.severity));
  check(`${label}: severity donut has one slice per severity present`, slices.length === severities.size,
    `${slices.length} slices, ${severities.size} severities`);
  check(`${label}: severity slices add up to the counted issues`,
    slices.every((s) => s.count === counted.filter((i) => i.severity === s.severity).length) &&
    slices.reduce((a, s) => a + s.count, 0) === counted.length);
  const bars = await page.$$eval('#type-chart rect.bar', (rs) => rs.map((r) => ({
    type: r.getAttribute('data-type'), count: Number(r.getAttribute('data-count')), width: Number(r.getAttribute('width')),
  })));
  check(`${label}: type chart has one bar per issue type present`,
    bars.length === new Set(counted.map((i) => i.issue_type)).size && bars.every((b) => TYPES.includes(b.type)), `${bars.length} bars`);
  check(`${label}: type bars match the issues`,
    bars.every((b) => b.count === counted.filter((i) => i.issue_type === b.type).length && (b.count > 0) === (b.width > 0)));
  const trendChart = await page.$$('#trend-chart');
  const trendNote = await page.$$('#trend-note');
  check(`${label}: score trend is a chart or a note`, trendChart.length + trendNote.length === 1);
  const owaspRows = await page.$$eval('#owasp tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-owasp')));
  check(`${label}: OWASP table lists A01..A10`, owaspRows.join(',') === 'A01,A02,A03,A04,A05,A06,A07,A08,A09,A10', owaspRows.join(','));

  // The issue table: every issue is a row.
  const all = await visibleRows(page);
  check(`${label}: one table row per issue`, all.length === issues.length, `${all.length} rows, ${issues.length} issues`);

  // Severity filter.
  await page.selectOption('#filter-severity', 'CRITICAL');
  const crit = await visibleRows(page);
  const wantCrit = issues.filter((i) => i.severity === 'CRITICAL').length;
  check(`${label}: severity=CRITICAL shows only critical rows`,
    wantCrit > 0 && crit.length === wantCrit && crit.every((r) => r.severity === 'CRITICAL'),
    `${crit.length} rows visible, ${wantCrit} critical issues`);
  const shown = await page.$eval('#shown-count', (e) => e.textContent);
  check(`${label}: shown count follows the filter`, shown === String(wantCrit), shown);
  await page.selectOption('#filter-severity', '');

  // File filter: a text that picks a strict, non-empty subset when the files differ, else one that matches nothing.
  const paths = [...new Set(issues.map((i) => i.file_path || ''))].filter(Boolean);
  const narrowing = paths.map((p) => p.split('/')[0]).find((t) =>
    issues.filter((i) => (i.file_path || '').toLowerCase().includes(t.toLowerCase())).length < issues.length);
  const text = narrowing || 'no-such-file-anywhere';
  await page.fill('#filter-file', text);
  const byFile = await visibleRows(page);
  const wantFile = issues.filter((i) => (i.file_path || '').toLowerCase().includes(text.toLowerCase())).length;
  check(`${label}: file filter "${text}" narrows the rows`,
    byFile.length === wantFile && byFile.length < issues.length && byFile.every((r) => r.file.toLowerCase().includes(text.toLowerCase())),
    `${byFile.length} rows visible, ${wantFile} expected of ${issues.length}`);
  await page.fill('#filter-file', '');
  check(`${label}: clearing the filter shows every row again`, (await visibleRows(page)).length === issues.length);

  // Sorting: the file column ascending, then descending; severity most severe first.
  const before = (await visibleRows(page)).map((r) => r.file);
  await page.click('#issues th[data-sort="file"]');
  const asc = (await visibleRows(page)).map((r) => r.file);
  await page.click('#issues th[data-sort="file"]');
  const desc = (await visibleRows(page)).map((r) => r.file);
  check(`${label}: click on File sorts ascending`, sortedBy(asc.map((f) => f.toLowerCase()), textCmp), asc.join(' | '));
  check(`${label}: second click sorts descending`, sortedBy(desc.map((f) => f.toLowerCase()), (a, b) => textCmp(b, a)), desc.join(' | '));
  const distinct = new Set(before).size > 1;
  check(`${label}: sorting changes the order`, !distinct || asc.join('\n') !== desc.join('\n'), 'the column has one value');
  await page.click('#issues th[data-sort="severity"]');
  const bySev = (await visibleRows(page)).map((r) => RANK[r.severity]);
  check(`${label}: click on Severity puts the most severe first`, sortedBy(bySev, (a, b) => b - a), bySev.join(','));
  const ariaSort = await page.$eval('#issues th[data-sort="severity"]', (th) => th.getAttribute('aria-sort'));
  check(`${label}: the sorted column says so (aria-sort)`, ariaSort === 'descending', ariaSort);

  // Open every issue's details, so that anything hiding in them would have rendered.
  await page.$$eval('#issue-rows details', (ds) => ds.forEach((d) => { d.open = true; }));
  await page.waitForTimeout(200);

  // Nothing ran, nothing was injected, nothing loaded.
  const trapped = await page.evaluate(() => window.__trapped);
  check(`${label}: no injected code ran (alert/confirm/prompt/__pwned traps)`, trapped.length === 0 && dialogs.length === 0,
    JSON.stringify({ trapped, dialogs }));
  const dom = await page.evaluate(() => ({
    img: document.querySelectorAll('img').length,
    handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).map((e) => e.outerHTML.slice(0, 80)),
    scripts: document.querySelectorAll('script').length,
    frames: document.querySelectorAll('iframe, object, embed').length,
    links: [...document.querySelectorAll('[src], [href]')].map((e) => e.getAttribute('src') || e.getAttribute('href')),
  }));
  check(`${label}: no img element and no on* attribute in the DOM`, dom.img === 0 && dom.handlers.length === 0, JSON.stringify(dom.handlers));
  check(`${label}: exactly the page's own two script elements, no frames`, dom.scripts === 2 && dom.frames === 0, `${dom.scripts} scripts, ${dom.frames} frames`);
  check(`${label}: no src/href points elsewhere`, dom.links.every((l) => l.startsWith('data:') || l.startsWith('#')), dom.links.join(' '));
  check(`${label}: no request left the page`, requests.length === 0, requests.join(' '));
  check(`${label}: no console errors`, consoleErrors.length === 0, consoleErrors.join(' | '));
  check(`${label}: no page errors`, pageErrors.length === 0, pageErrors.join(' | '));

  if (hostile) {
    // The payloads are there, as text.
    const titles = await page.$$eval('#issue-rows .issue-title', (s) => s.map((e) => e.textContent));
    check(`${label}: the hostile advisory title is shown as text`,
      titles.some((t) => t.includes('</script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">')), titles.join(' | '));
    const files = await page.$$eval('#issue-rows .issue-file', (s) => s.map((e) => e.textContent));
    check(`${label}: the hostile folder name is shown as text`, files.some((f) => f.startsWith('<img src=x onerror=alert(1)>/package.json')), files.join(' | '));
    const warnings = await page.$eval('#warnings', (e) => e.textContent);
    check(`${label}: the hostile path of a warning is shown as text`, warnings.includes('<svg onload=alert(1)>/package.json'));
    await page.fill('#filter-file', '<img');
    const hostileRows = await visibleRows(page);
    check(`${label}: filtering on markup text works`, hostileRows.length === issues.filter((i) => (i.file_path || '').includes('<img')).length && hostileRows.length > 0,
      `${hostileRows.length} rows`);
    const after = await page.evaluate(() => window.__trapped);
    check(`${label}: still nothing ran after filtering`, after.length === 0, JSON.stringify(after));
  }
  await page.close();
}

async function main() {
  const [demo, xss] = process.argv.slice(2);
  if (!demo || !xss) {
    console.error('usage: node check-html.mjs DEMO_HTML XSS_HTML');
    process.exit(2);
  }
  for (const f of [demo, xss]) {
    if (!existsSync(f)) {
      console.error(`no such file: ${f}`);
      process.exit(2);
    }
  }
  const profile = mkdtempSync(join(tmpdir(), 'secscan-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      offline: true,
    });
    await checkPage(context, 'demo', demo, false);
    await checkPage(context, 'xss', xss, true);
  } catch (e) {
    check('the browser run finished', false, e && e.stack ? e.stack : String(e));
  } finally {
    if (context) {
      await context.close().catch(() => {});
    }
    rmSync(profile, { recursive: true, force: true });
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main();
