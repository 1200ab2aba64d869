// Opens secscan-report.html files in Debian's headless Chromium (playwright-core, no browser download) and checks
// that the page works and that nothing from the scanned repository runs.
//
//   cd tests/browser && npm install --no-package-lock --no-save
//   node check-html.mjs DEMO_HTML XSS_HTML     (.ci/run generates both with the debug binary)
//
// DEMO_HTML is the report of fixtures/projects/demo, XSS_HTML the report of fixtures/projects/xss (advisory
// texts and folder names that are markup and script). Every page gets the same checks (charts, filters, the
// id/package search, keyboard sorting, reference links, the inventory and its JSON export, no horizontal overflow
// at 1000 and 1400 px, the print stylesheet); the hostile page also checks that its payloads are shown as text.
// Prints "N passed, M failed" last; exits 1 on any failure.
import { chromium } from 'playwright-core';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

const visibleRows = (page) => page.$$eval('#issue-rows tr.issue', (trs) => trs.filter((tr) => !tr.hidden).map((tr) => ({
  severity: tr.getAttribute('data-severity'),
  file: tr.querySelector('.issue-file').textContent,
  title: tr.querySelector('.issue-title').textContent,
  package: tr.querySelector('.issue-package').textContent,
  id: tr.querySelector('.issue-id').textContent,
})));

const visibleInventory = (page) => page.$$eval('#inventory-rows tr', (trs) => trs.filter((tr) => !tr.hidden).map((tr) => ({
  ecosystem: tr.getAttribute('data-ecosystem'),
  name: tr.querySelector('.inventory-name') ? tr.querySelector('.inventory-name').textContent : '',
})));

const sortedBy = (values, cmp) => values.every((v, i) => i === 0 || cmp(values[i - 1], v) <= 0);
const textCmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
// The page sorts rows without a value last, whichever the direction.
const withValues = (values) => values.filter((v) => v !== '');
const emptiesLast = (values) => values.every((v, i) => v !== '' || values.slice(i).every((w) => w === ''));

// What the page's reference test accepts: an absolute http(s) URL with no space, quote, angle bracket, backtick or
// backslash in it, that the URL parser reads as http(s).
const WEB_URL = /^https?:\/\/[^\s"'<>`\\]+$/i;
const isWebUrl = (s) => {
  if (!WEB_URL.test(s)) { return false; }
  try { return ['http:', 'https:'].includes(new URL(s).protocol); } catch { return false; }
};

// What the id/package search looks in.
const searchable = (i) => [i.vulnerability_id, i.rule_id, i.id, i.package_name, ...(i.aliases || [])]
  .filter(Boolean).map((s) => String(s).toLowerCase());

async function noHorizontalOverflow(page, label, what) {
  for (const width of [1000, 1400]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(100);
    const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    check(`${label}: no horizontal overflow at ${width} px (${what})`, scroll <= inner, `scrollWidth ${scroll} > innerWidth ${inner}`);
  }
}

async function checkPage(context, label, file, hostile) {
  const url = pathToFileURL(resolve(file)).href;
  const page = await context.newPage();
  const consoleErrors = [];
  const pageErrors = [];
  const requests = [];
  const dialogs = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  // The inventory export's own object URL (blob:) is the only URL the page may open besides itself and data:.
  page.on('request', (r) => { if (r.url() !== url && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) requests.push(r.url()); });
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
    type: r.getAttribute('data-type'), count: Number(r.getAttribute('data-count')), width: r.getBoundingClientRect().width,
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
  const cards = await page.$$eval('#overview > section', (ss) => ss.map((s) => {
    const box = s.getBoundingClientRect();
    return [...s.querySelectorAll('svg')].every((svg) => svg.getBoundingClientRect().right <= box.right + 0.5);
  }));
  check(`${label}: every chart stays inside its card`, cards.length === 3 && cards.every(Boolean), JSON.stringify(cards));
  await noHorizontalOverflow(page, label, 'details closed');

  // Triaged issues are explained beside the counted ones.
  const triaged = issues.length - counted.length;
  const countsText = await page.$eval('#issue-counts', (e) => e.textContent);
  check(`${label}: the counted issues say how many are triaged`,
    countsText.startsWith(`${counted.length} issue`) && (triaged === 0 ? !countsText.includes('triaged')
      : countsText.includes(`${triaged} triaged (accepted risk / false positive)`)), countsText);

  // Dependency findings grouped by installed package, with the upgrade of each.
  const depKeys = new Set(issues.filter((i) => i.package_name && ['PYTHON_DEPENDENCY', 'NODE_DEPENDENCY'].includes(i.issue_type))
    .map((i) => [i.ecosystem, i.package_name, i.package_version, i.file_path].join('\n')));
  const groups = await page.$$eval('#package-groups tbody tr', (trs) => trs.map((tr) => tr.textContent));
  check(`${label}: one upgrade row per installed vulnerable package`, groups.length === depKeys.size, `${groups.length} rows, ${depKeys.size} packages`);

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

  // Every filter control has a label and can take the focus.
  const unlabelled = await page.$$eval('.filters input, .filters select', (cs) => cs.filter((c) => c.labels.length === 0 || c.tabIndex < 0).map((c) => c.id));
  check(`${label}: every filter has a label and takes the focus`, unlabelled.length === 0, unlabelled.join(' '));

  // Search by advisory id (the vulnerability id or an alias) and by package name.
  const withAlias = issues.find((i) => (i.aliases || []).length > 0) || issues[0];
  const searches = [
    (withAlias.aliases || [])[0],
    withAlias.vulnerability_id,
    (issues.find((i) => i.package_name) || {}).package_name,
    'no-such-advisory-or-package',
  ].filter(Boolean);
  for (const query of searches) {
    await page.fill('#filter-search', query.toUpperCase());
    const found = await visibleRows(page);
    const want = issues.filter((i) => searchable(i).some((s) => s.includes(query.toLowerCase())));
    check(`${label}: id/package search "${query}" shows the matching issues`,
      found.length === want.length && found.map((r) => r.title).sort().join('\n') === want.map((i) => i.title).sort().join('\n'),
      `${found.length} rows, ${want.length} expected`);
  }
  await page.fill('#filter-search', '');

  // Sorting: the file column ascending, then descending; severity most severe first.
  const before = (await visibleRows(page)).map((r) => r.file);
  await page.click('#issues th[data-sort="file"] button');
  const asc = (await visibleRows(page)).map((r) => r.file);
  await page.click('#issues th[data-sort="file"] button');
  const desc = (await visibleRows(page)).map((r) => r.file);
  check(`${label}: click on File sorts ascending`, sortedBy(asc.map((f) => f.toLowerCase()), textCmp), asc.join(' | '));
  check(`${label}: second click sorts descending`, sortedBy(desc.map((f) => f.toLowerCase()), (a, b) => textCmp(b, a)), desc.join(' | '));
  const distinct = new Set(before).size > 1;
  check(`${label}: sorting changes the order`, !distinct || asc.join('\n') !== desc.join('\n'), 'the column has one value');
  await page.click('#issues th[data-sort="severity"] button');
  const bySev = (await visibleRows(page)).map((r) => RANK[r.severity]);
  check(`${label}: click on Severity puts the most severe first`, sortedBy(bySev, (a, b) => b - a), bySev.join(','));
  const ariaSort = await page.$eval('#issues th[data-sort="severity"]', (th) => th.getAttribute('aria-sort'));
  check(`${label}: the sorted column says so (aria-sort)`, ariaSort === 'descending', ariaSort);

  // Keyboard: focus the Package header, Enter sorts A→Z, Space Z→A; aria-sort follows.
  const byPackage = () => visibleRows(page).then((rs) => rs.map((r) => r.package.toLowerCase()));
  const unsorted = await byPackage();
  await page.focus('#issues th[data-sort="package"] button');
  const focused = await page.evaluate(() => document.activeElement.closest('th') && document.activeElement.closest('th').getAttribute('data-sort'));
  check(`${label}: a column header takes the keyboard focus`, focused === 'package', String(focused));
  await page.keyboard.press('Enter');
  const keyAsc = await byPackage();
  const ariaAsc = await page.$eval('#issues th[data-sort="package"]', (th) => th.getAttribute('aria-sort'));
  check(`${label}: Enter on a header sorts by it (aria-sort ascending)`,
    ariaAsc === 'ascending' && sortedBy(withValues(keyAsc), textCmp) && emptiesLast(keyAsc), `${ariaAsc}: ${keyAsc.join(' | ')}`);
  await page.keyboard.press(' ');
  const keyDesc = await byPackage();
  const ariaDesc = await page.$eval('#issues th[data-sort="package"]', (th) => th.getAttribute('aria-sort'));
  check(`${label}: Space on it sorts the other way (aria-sort descending)`,
    ariaDesc === 'descending' && sortedBy(withValues(keyDesc), (a, b) => textCmp(b, a)) && emptiesLast(keyDesc), `${ariaDesc}: ${keyDesc.join(' | ')}`);
  const packages = new Set(withValues(unsorted));
  check(`${label}: sorting by keyboard changes the order`, packages.size < 2 || keyAsc.join('\n') !== keyDesc.join('\n'), 'one package only');
  const otherSorted = await page.$$eval('#issues th[aria-sort]', (ths) => ths.map((th) => th.getAttribute('data-sort')));
  check(`${label}: only the sorted column has aria-sort`, otherSorted.join(',') === 'package', otherSorted.join(','));

  // Open every issue's details, so that anything hiding in them would have rendered.
  await page.click('#expand-all');
  await page.waitForTimeout(200);
  const closed = await page.$$eval('#issue-rows tr.issue-detail', (trs) => trs.filter((tr) => tr.hidden).length);
  check(`${label}: "Open all details" opens every issue`, closed === 0, `${closed} still closed`);
  await noHorizontalOverflow(page, label, 'details open');

  // References: only http(s) URLs are links, each with rel="noopener noreferrer" and target="_blank"; the rest is text.
  const refs = issues.flatMap((i) => i.references || []);
  const links = await page.$$eval('#issue-rows a', (as) => as.map((a) => ({
    href: a.getAttribute('href'), text: a.textContent, rel: a.getAttribute('rel'), target: a.getAttribute('target'),
  })));
  const texts = await page.$$eval('#issue-rows .ref-text', (ss) => ss.map((s) => s.textContent));
  check(`${label}: every http(s) reference is a link, nothing else is`,
    links.length === refs.filter(isWebUrl).length && texts.length === refs.length - links.length,
    `${links.length} links, ${texts.length} texts, ${refs.length} references`);
  check(`${label}: links go to http(s) only, with rel="noopener noreferrer" and target="_blank"`,
    links.every((l) => /^https?:\/\//.test(l.href) && l.rel === 'noopener noreferrer' && l.target === '_blank' && isWebUrl(l.text)),
    JSON.stringify(links));
  check(`${label}: references that are not http(s) stay text`, texts.every((t) => !isWebUrl(t)) &&
    refs.filter((r) => !isWebUrl(r)).every((r) => texts.includes(r)), JSON.stringify(texts));

  // The inventory: every package, filtered by text and ecosystem.
  const inventory = data.inventory;
  const allPackages = await visibleInventory(page);
  check(`${label}: one inventory row per package`, inventory.length > 0 && allPackages.length === inventory.length,
    `${allPackages.length} rows, ${inventory.length} packages`);
  const probe = inventory[inventory.length - 1].name;
  await page.fill('#inventory-search', probe);
  const byText = await visibleInventory(page);
  const wantText = inventory.filter((p) => [p.name, p.version, p.requirement, p.file_path].filter(Boolean).join('\n').toLowerCase().includes(probe.toLowerCase()));
  const shownInventory = await page.$eval('#inventory-shown', (e) => e.textContent);
  check(`${label}: inventory text filter "${probe}" narrows the rows`,
    byText.length === wantText.length && byText.length > 0 && shownInventory === String(wantText.length), `${byText.length} rows, ${wantText.length} expected, ${shownInventory} shown`);
  await page.fill('#inventory-search', '');
  const ecosystem = inventory[0].ecosystem;
  await page.selectOption('#inventory-ecosystem', ecosystem);
  const byEco = await visibleInventory(page);
  check(`${label}: inventory ecosystem filter "${ecosystem}" shows that ecosystem only`,
    byEco.length === inventory.filter((p) => p.ecosystem === ecosystem).length && byEco.every((r) => r.ecosystem === ecosystem), `${byEco.length} rows`);
  await page.selectOption('#inventory-ecosystem', '');

  // The export: a download of CycloneDX-style JSON listing every package of the inventory.
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 5000 }), page.click('#inventory-export')]);
  const saved = await download.path();
  let bom = null;
  try { bom = JSON.parse(readFileSync(saved, 'utf8')); } catch (e) { bom = null; }
  check(`${label}: "Export as JSON" downloads valid JSON`, bom !== null && download.suggestedFilename() === 'secscan-inventory.cdx.json',
    download.suggestedFilename());
  const listed = bom && Array.isArray(bom.components) ? bom.components : [];
  check(`${label}: the export lists every package of the inventory`,
    bom && bom.bomFormat === 'CycloneDX' && listed.length === inventory.length &&
    inventory.every((p, i) => listed[i].name === p.name && (listed[i].version || null) === (p.version || null)) &&
    listed.every((c) => !('licenses' in c)), `${listed.length} components, ${inventory.length} packages`);

  // Print (a landscape page is about 960 px wide): no filters or navigation, every section shown, every table
  // within the page and none in a scrolling box that would cut it off.
  await page.setViewportSize({ width: 960, height: 900 });
  await page.emulateMedia({ media: 'print' });
  const print = await page.evaluate(() => ({
    filters: [...document.querySelectorAll('.filters, nav')].filter((e) => getComputedStyle(e).display !== 'none').length,
    hiddenSections: [...document.querySelectorAll('main section')].filter((s) => s.getClientRects().length === 0).map((s) => s.id),
    clipped: [...document.querySelectorAll('.table-wrap')].filter((w) => getComputedStyle(w).overflowX !== 'visible').length,
    wide: [...document.querySelectorAll('table')].filter((t) => t.getBoundingClientRect().right > window.innerWidth + 0.5).map((t) => t.id || t.closest('section').id),
  }));
  await page.emulateMedia({ media: 'screen' });
  check(`${label}: print hides the filters and the navigation`, print.filters === 0, `${print.filters} shown`);
  check(`${label}: print shows every section, tables not cut`,
    print.hiddenSections.length === 0 && print.clipped === 0 && print.wide.length === 0, JSON.stringify(print));

  // Nothing ran, nothing was injected, nothing loaded.
  const trapped = await page.evaluate(() => window.__trapped);
  check(`${label}: no injected code ran (alert/confirm/prompt/__pwned traps)`, trapped.length === 0 && dialogs.length === 0,
    JSON.stringify({ trapped, dialogs }));
  const dom = await page.evaluate(() => ({
    img: document.querySelectorAll('img').length,
    handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).map((e) => e.outerHTML.slice(0, 80)),
    scripts: document.querySelectorAll('script').length,
    frames: document.querySelectorAll('iframe, object, embed').length,
    links: [...document.querySelectorAll('[src], [href]')].filter((e) => !e.matches('#issue-rows a.ref-link'))
      .map((e) => e.getAttribute('src') || e.getAttribute('href')),
  }));
  check(`${label}: no img element and no on* attribute in the DOM`, dom.img === 0 && dom.handlers.length === 0, JSON.stringify(dom.handlers));
  check(`${label}: exactly the page's own two script elements, no frames`, dom.scripts === 2 && dom.frames === 0, `${dom.scripts} scripts, ${dom.frames} frames`);
  check(`${label}: no src/href points elsewhere (but the reference links)`, dom.links.every((l) => l.startsWith('data:') || l.startsWith('#')), dom.links.join(' '));
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
    const hostileLinks = await page.$$eval('a', (as) => as.filter((a) => !/^(https?:|#|data:)/.test(a.getAttribute('href') || '#')).map((a) => a.outerHTML));
    check(`${label}: no javascript: or other link anywhere`, hostileLinks.length === 0, hostileLinks.join(' '));
    const refTexts = await page.$$eval('#issue-rows .ref-text', (ss) => ss.map((s) => s.textContent));
    check(`${label}: the hostile references are shown as text`, refTexts.some((t) => t.startsWith('javascript:')), refTexts.join(' | '));
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
