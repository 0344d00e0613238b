// Drives the explorer in Debian's headless Chromium as a user would:
// checks that the type-ahead highlights what matched, searches "Yangpu",
// opens the district, expands a park, reads a fact with its source in the
// side panel, asks how Tongji University connects to the
// China-Israel (Shanghai) Innovation Hub and checks the highlighted path,
// then checks back/forward, a shared link, ?q= and a phone-width screen.
// Around the district (a hub with dozens of neighbours) at 1400x900 no two
// drawn labels overlap, nor a label a node, before and after each "show N
// more" until every neighbour is drawn (each one adds N nodes); a cut name
// reads whole on hover; the URL keeps what was shown.
// With a key in INNOGRAPH_KEY (scope curate, on a server whose journal has
// no changes yet) it also checks the side panel's recent changes as they
// happen: a company created in a park shows its change with the reason; a
// fact added, a relation added and the company retracted then update the
// page without a reload. Saves screenshots. Exits non-zero on any console
// error, failed or off-site request, or failed check.
//
// usage: [INNOGRAPH_KEY=KEY] node explorer.mjs BASE_URL SCREENSHOT_DIR
//   Without INNOGRAPH_KEY the live checks are skipped (said on stdout),
//   except under CI=true, where that fails.
import { launch, watch as record, requireCJKFont } from './common.mjs';
import { mkdirSync } from 'node:fs';

const [base, outDir] = process.argv.slice(2);
if (!base || !outDir) {
  console.error('usage: node explorer.mjs BASE_URL SCREENSHOT_DIR');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
// Chinese names in the screenshots need a CJK font (fonts-noto-cjk).
requireCJKFont();

const browser = await launch();
const problems = [];
const check = (ok, what) => { if (!ok) problems.push(`check failed: ${what}`); };

const watch = (page) => record(page, base, problems);

// Picks `name` from a type-ahead after typing `text` into `input`.
async function choose(page, input, text, name) {
  await page.fill(input, '');
  await page.type(input, text, { delay: 20 });
  const option = page.locator(`${input} + ul [role=option]`, { hasText: name }).first();
  await option.waitFor({ timeout: 10000 });
  await option.click();
}

// The on-screen position of a node, from cytoscape's rendered position.
async function nodePoint(page, id) {
  return page.evaluate((nodeId) => {
    const { cy } = window.innographExplorer;
    const n = cy.getElementById(nodeId);
    if (n.empty()) return null;
    const box = cy.container().getBoundingClientRect();
    const p = n.renderedPosition();
    return { x: box.left + p.x, y: box.top + p.y };
  }, id);
}

// Entities drawn (a group's caption is a node too, but no entity).
const nodeCount = (page) => page.evaluate(() => window.innographExplorer.cy.nodes('[!caption]').length);

// How many times the page has laid the drawing out (it sets #graph's
// data-drawn once a layout has stopped and the view is fitted).
const drawings = (page) => page.evaluate(() => Number(document.querySelector('#graph').dataset.drawn || 0));
const drawnAfter = (page, n) => page.waitForFunction(
  (k) => Number(document.querySelector('#graph').dataset.drawn || 0) > k, n, { timeout: 10000 });

// Every displayed node's label and body as drawn on screen (cytoscape's
// rendered bounding boxes), and what overlaps: two labels, or a label and
// another node's body. Zero tolerance: boxes may touch, not overlap. Also
// labels reaching outside the graph, and the smallest label font in px.
async function overlaps(page) {
  return page.evaluate(() => {
    const { cy } = window.innographExplorer;
    const opts = { includeEdges: false, includeOverlays: false };
    const nodes = cy.nodes(':visible').map((n) => ({
      id: n.id(),
      label: n.renderedBoundingBox({ ...opts, includeLabels: true, includeNodes: false }),
      body: n.renderedBoundingBox({ ...opts, includeLabels: false, includeNodes: true }),
      font: parseFloat(n.style('font-size')) * cy.zoom(),
      caption: !!n.data('caption'),
    })).filter((n) => n.label.w > 0);
    const hit = (a, b) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
    const bad = [];
    nodes.forEach((a, i) => nodes.forEach((b, j) => {
      if (i < j && hit(a.label, b.label)) bad.push(`label ${a.id} × label ${b.id}`);
      if (i !== j && hit(a.label, b.body)) bad.push(`label ${a.id} × node ${b.id}`);
    }));
    const w = cy.width();
    const h = cy.height();
    const outside = nodes.filter((n) => n.label.x1 < 0 || n.label.y1 < 0 || n.label.x2 > w || n.label.y2 > h).map((n) => n.id);
    const font = Math.min(...nodes.filter((n) => !n.caption).map((n) => n.font));
    return { labels: nodes.length, bad, outside, font };
  });
}

function checkNoOverlap(o, what) {
  check(o.bad.length === 0, `${what}: no label overlaps another label or node (${o.labels} labels; ${o.bad.slice(0, 5).join(', ')})`);
  check(o.outside.length === 0, `${what}: every label inside the graph (${o.outside.join(', ')})`);
}

const key = process.env.INNOGRAPH_KEY;
const inCI = ['true', '1'].includes(process.env.CI);
let liveSummary = 'live checks skipped: INNOGRAPH_KEY is not set';

// A mutation with the key, from here (as another curator would make it);
// the payload, asserting no errors.
async function mutate(query, variables) {
  const res = await fetch(base + '/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (!res.ok || body.errors) throw new Error(`mutation failed: ${res.status} ${JSON.stringify(body)}`);
  return Object.values(body.data)[0];
}

// Waits until the side panel's recent changes include `text`.
const changeShown = (page, text) => page.waitForFunction(
  (t) => [...document.querySelectorAll('#panel-changes .change')].some((li) => li.textContent.includes(t)),
  text, { timeout: 10000 });

try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  watch(page);
  await page.goto(base + '/explore', { waitUntil: 'networkidle' });

  // 1. The type-ahead highlights what matched (from the search's `match`
  // segments): typing "yangp" marks "Yangp" of "Yangpu District", and
  // 杨浦 marks 杨浦 of 杨浦区. Then search "Yangpu" and open the district.
  await page.focus('#search');
  for (const [typed, cls, want] of [['yangp', '.name', 'Yangp'], ['杨浦', '[lang=zh]', '杨浦']]) {
    await page.fill('#search', '');
    await page.type('#search', typed, { delay: 20 });
    const hit = page.locator('#search + ul [role=option]', { hasText: 'Yangpu District' }).first();
    await hit.waitFor({ timeout: 10000 });
    const marks = await hit.locator(`${cls} mark`).allInnerTexts();
    check(marks.join('|') === want, `typing ${typed} marks ${want} in the suggestion: ${JSON.stringify(marks)}`);
    const shown = await hit.locator(cls).innerText();
    check(shown === (cls === '.name' ? 'Yangpu District' : '杨浦区'), `the highlighted name reads whole: ${shown}`);
    await page.screenshot({ path: `${outDir}/explorer-typeahead-${cls === '.name' ? 'latin' : 'chinese'}.png` });
  }
  await choose(page, '#search', 'Yangpu', 'Yangpu District');
  await page.waitForFunction(() => document.querySelector('#panel-name')?.textContent === 'Yangpu District', null, { timeout: 10000 });
  check(page.url().includes('id=region%2Fyangpu') || page.url().includes('id=region/yangpu'), `URL names the district: ${page.url()}`);
  const drawn = await nodeCount(page);
  check(drawn > 5, `the district is drawn with its neighbours (${drawn} nodes)`);
  const legend = await page.locator('#kind-filters label').count();
  check(legend === 8, `the legend lists the 8 kinds (${legend})`);
  const noChanges = await page.locator('#panel-changes .no-changes').innerText().catch(() => '');
  check(noChanges === 'No changes since the data was loaded.', `the district has no changes yet: "${noChanges}"`);
  await page.screenshot({ path: `${outDir}/explorer-district.png` });

  // 1b. Around a hub: Yangpu District at 1400x900 (before any other step
  // moves the mouse over the drawing: a hovered name reads whole, over
  // its neighbours).
  const hub = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  watch(hub);
  const all = await fetch(base + '/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ neighborhood(id: "region/yangpu", depth: 1, limit: 150) { nodes { entity { id } } } }' }),
  }).then((r) => r.json());
  const neighbours = all.data.neighborhood.nodes.length - 1;
  await hub.goto(base + '/explore?id=region/yangpu', { waitUntil: 'networkidle' });
  await hub.waitForFunction(() => document.querySelector('#panel-name')?.textContent === 'Yangpu District', null, { timeout: 10000 });
  await drawnAfter(hub, 0);
  const firstDrawn = (await nodeCount(hub)) - 1;
  check(firstDrawn < neighbours, `not all ${neighbours} neighbours are drawn at first (${firstDrawn})`);
  let o = await overlaps(hub);
  checkNoOverlap(o, `Yangpu, ${firstDrawn} of ${neighbours} neighbours`);
  check(o.font >= 10, `labels are at least 10px on screen (${o.font.toFixed(1)}px)`);
  const firstFont = o.font;
  const zh = await hub.evaluate(() => window.innographExplorer.cy.getElementById('region/yangpu').data('title'));
  check(zh === 'Yangpu District\n杨浦区', `the centre's label gives its Chinese name: ${JSON.stringify(zh)}`);
  await hub.screenshot({ path: `${outDir}/explorer-hub.png` });

  // A long name is cut with an ellipsis, and reads whole on hover.
  const longest = await hub.evaluate(() => {
    const { cy } = window.innographExplorer;
    const n = cy.nodes('[!caption]').filter((x) => x.visible()).sort((a, b) => b.data('label').length - a.data('label').length)[0];
    return n.id();
  });
  const labelWidth = (id) => hub.evaluate((i) => window.innographExplorer.cy.getElementById(i)
    .renderedBoundingBox({ includeLabels: true, includeNodes: false }).w, id);
  const cut = await labelWidth(longest);
  const at = await nodePoint(hub, longest);
  await hub.mouse.move(at.x, at.y);
  await hub.waitForFunction((i) => window.innographExplorer.cy.getElementById(i).hasClass('hover'), longest, { timeout: 10000 });
  const whole = await labelWidth(longest);
  check(whole > cut, `the longest name (${longest}) is cut (${cut.toFixed(0)}px) and whole on hover (${whole.toFixed(0)}px)`);
  // Off it, to a corner of the graph (inside the fit's padding: empty).
  const corner = await hub.evaluate(() => { const b = document.querySelector('#graph').getBoundingClientRect(); return { x: b.left + 5, y: b.top + 5 }; });
  await hub.mouse.move(corner.x, corner.y, { steps: 5 });
  await hub.waitForFunction((i) => !window.innographExplorer.cy.getElementById(i).hasClass('hover'), longest, { timeout: 10000 });

  // "Show N more" adds N nodes, and still nothing overlaps; again until
  // every neighbour is drawn.
  let presses = 0;
  for (; presses < 20; presses += 1) {
    const button = hub.locator('#groups-panel button.more').first();
    if (!(await button.count())) break;
    const n = Number((await button.innerText()).match(/Show (\d+) more/)[1]);
    const before = await nodeCount(hub);
    const laidOut = await drawings(hub);
    await button.click();
    await drawnAfter(hub, laidOut);
    const after = await nodeCount(hub);
    check(after === before + n, `"Show ${n} more" draws ${n} more nodes (${before} → ${after})`);
    o = await overlaps(hub);
    checkNoOverlap(o, `Yangpu, ${after - 1} of ${neighbours} neighbours`);
    if (presses === 0) await hub.screenshot({ path: `${outDir}/explorer-hub-more.png` });
  }
  const allDrawn = (await nodeCount(hub)) - 1;
  check(presses > 0 && allDrawn === neighbours, `after ${presses} "show more", all ${neighbours} neighbours are drawn (${allDrawn})`);
  check(o.font >= 7, `labels are still readable with every neighbour drawn (${o.font.toFixed(1)}px)`);
  await hub.screenshot({ path: `${outDir}/explorer-hub-all.png` });
  check(hub.url().includes('more='), `what was shown is in the URL: ${hub.url()}`);
  // The URL opens the same drawing.
  const again = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  watch(again);
  await again.goto(hub.url(), { waitUntil: 'networkidle' });
  await drawnAfter(again, 0);
  check((await nodeCount(again)) - 1 === neighbours, 'the URL with more= draws them all again');
  await again.close();
  await hub.close();
  const hubSummary = `hub: Yangpu at 1400x900, ${firstDrawn} of ${neighbours} neighbours drawn (labels ${firstFont.toFixed(1)}px), all after ${presses} "show more", no label overlaps`;

  // 2. A fact with its source, in the side panel (the district has figures).
  const fact = page.locator('#panel .fact').first();
  await fact.waitFor({ timeout: 10000 });
  const factText = await fact.innerText();
  check(/\d/.test(factText), `a fact shows a value: ${factText}`);
  check((await fact.locator('.cite').count()) > 0, `the fact cites its source: ${factText}`);

  // 3. Expand a park: double-click a park node.
  const park = await page.evaluate(() => {
    const p = window.innographExplorer.cy.nodes('[kind = "PARK"]').first();
    return p.nonempty() ? p.id() : null;
  });
  check(!!park, 'a park is among the district\'s neighbours');
  if (park) {
    const before = await nodeCount(page);
    // The layout may still be settling on a loaded machine, so a
    // double-click can land beside the node: aim again (at most three
    // times) until the explorer reports the park expanded.
    let expanded = false;
    for (let attempt = 0; attempt < 3 && !expanded; attempt++) {
      const at = await nodePoint(page, park);
      await page.mouse.dblclick(at.x, at.y);
      expanded = await page.waitForFunction((id) => window.innographExplorer.state.exp.includes(id), park, { timeout: 5000 })
        .then(() => true, () => false);
    }
    check(expanded, `double-clicking the park ${park} expands it`);
    await page.waitForFunction((n) => window.innographExplorer.cy.nodes().length > n, before, { timeout: 10000 }).catch(() => {});
    check(page.url().includes('exp='), `expanded park in the URL: ${page.url()}`);
    // Click it: the side panel shows the park, with its sources.
    const at2 = await nodePoint(page, park);
    await page.mouse.click(at2.x, at2.y);
    await page.waitForFunction((id) => window.innographExplorer.state.sel === id, park, { timeout: 10000 });
    await page.locator('#panel .source').first().waitFor({ timeout: 10000 });
    await page.screenshot({ path: `${outDir}/explorer-park.png` });
  }

  // 4. Filters hide a kind, and the URL keeps it.
  await page.locator('#kind-filters input[value=COMPANY]').uncheck();
  const hiddenCompanies = await page.evaluate(() => window.innographExplorer.cy.nodes('[kind = "COMPANY"]').every((n) => n.hasClass('hidden')));
  check(hiddenCompanies, 'unticking Company hides companies');
  check(page.url().includes('hk=COMPANY'), `hidden kinds in the URL: ${page.url()}`);
  await page.locator('#kind-filters input[value=COMPANY]').check();

  // 5. How is Tongji University connected to the China-Israel hub?
  await choose(page, '#from', 'Tongji', 'Tongji University');
  await choose(page, '#to', 'China-Israel', 'China-Israel (Shanghai) Innovation Hub');
  await page.click('#connect-button');
  await page.locator('#path-body .hop').first().waitFor({ timeout: 10000 });
  const hops = await page.locator('#path-body ol').first().locator('.hop').count();
  check(hops >= 1, `the path lists its hops (${hops})`);
  const cited = await page.locator('#path-body ol').first().locator('.hop .cite').count();
  check(cited >= hops, `every hop cites a source (${cited} citations for ${hops} hops)`);
  const highlighted = await page.evaluate(() => window.innographExplorer.cy.edges('.onpath').length);
  check(highlighted === hops, `the shortest path is highlighted in the graph (${highlighted} edges for ${hops} hops)`);
  check(page.url().includes('from=') && page.url().includes('to='), `the connection is in the URL: ${page.url()}`);
  await page.screenshot({ path: `${outDir}/explorer-path.png` });
  const shared = page.url();

  // 6. Back goes to the view before the connection; forward returns.
  await page.goBack();
  await page.waitForFunction(() => !window.location.search.includes('from='), null, { timeout: 10000 });
  await page.waitForFunction(() => document.querySelector('#path-panel').hidden, null, { timeout: 10000 });
  await page.goForward();
  await page.locator('#path-body .hop').first().waitFor({ timeout: 10000 });

  // 7. A shared link opens the same view in a fresh page.
  const other = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  watch(other);
  await other.goto(shared, { waitUntil: 'networkidle' });
  await other.locator('#path-body .hop').first().waitFor({ timeout: 10000 });
  const sameExpanded = await other.evaluate((id) => window.innographExplorer.state.exp.includes(id), park);
  check(!park || sameExpanded, 'the shared link keeps the expanded park');
  await other.close();

  // 8. ?q= opens the best match; a phone-width screen stacks the panel.
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
  watch(phone);
  await phone.goto(base + '/explore?q=SenseTime', { waitUntil: 'networkidle' });
  await phone.waitForFunction(() => document.querySelector('#panel-name')?.textContent === 'SenseTime', null, { timeout: 10000 });
  check(phone.url().includes('id=company'), `?q= resolves to an id: ${phone.url()}`);
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  check(!overflow, 'no horizontal scrolling at phone width');
  await phone.screenshot({ path: `${outDir}/explorer-phone.png`, fullPage: true });
  // The hub at phone width: labels still apart, the page still one column.
  await phone.goto(base + '/explore?id=region/yangpu', { waitUntil: 'networkidle' });
  await phone.waitForFunction(() => document.querySelector('#panel-name')?.textContent === 'Yangpu District', null, { timeout: 10000 });
  await drawnAfter(phone, 0);
  checkNoOverlap(await overlaps(phone), 'Yangpu at phone width');
  check(!(await phone.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1)), 'no horizontal scrolling around the hub at phone width');
  check(await phone.locator('#groups-panel button.more').first().isVisible(), '"show more" is there at phone width');
  await phone.screenshot({ path: `${outDir}/explorer-hub-phone.png`, fullPage: true });

  // 9. The search box is reachable and usable from the keyboard alone.
  for (let i = 0; i < 6; i += 1) {
    if (await phone.evaluate(() => document.activeElement?.id === 'search')) break;
    await phone.keyboard.press('Tab');
  }
  check(await phone.evaluate(() => document.activeElement?.id === 'search'), 'Tab reaches the search box');
  await phone.keyboard.press('Control+A');
  await phone.keyboard.type('Tongji', { delay: 20 });
  await phone.locator('#search-list [role=option]').first().waitFor({ timeout: 10000 });
  const first = await phone.locator('#search-list [role=option] .name').first().innerText();
  await phone.keyboard.press('Enter');
  await phone.waitForFunction((name) => document.querySelector('#panel-name')?.textContent === name, first, { timeout: 10000 });
  await phone.close();

  // 10. Live: the side panel lists an entity's recent changes and follows
  // new ones without a reload; the drawing follows too.
  if (!key) {
    if (inCI) problems.push('INNOGRAPH_KEY is not set: the live checks cannot run');
  } else {
    const id = 'company/explorer-check-robotics';
    const sources = ['yangpu-innovation-growth-2023'];
    const made = await mutate(`mutation($sources: [ID!]!) { applyChanges(changes: [
        { createEntity: { id: "${id}", kind: COMPANY, name: "Explorer Check Robotics" } }
        { addRelation: { from: "${id}", type: LOCATED_IN, to: "park/changyang-campus" } }
      ], reason: "explorer check: a new tenant of the campus", sources: $sources) { revision } }`, { sources });
    const livePage = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    watch(livePage);
    await livePage.goto(base + '/explore?q=Explorer Check Robotics', { waitUntil: 'networkidle' });
    await livePage.waitForFunction(() => document.querySelector('#panel-name')?.textContent === 'Explorer Check Robotics', null, { timeout: 10000 });
    await changeShown(livePage, 'explorer check: a new tenant of the campus');
    const first = await livePage.locator('#panel-changes .change').first().innerText();
    check(first.includes(`Revision ${made.revision}`) && first.includes('create entity, add relation')
      && first.includes("Shanghai's Yangpu District"), `the change shows its revision, operations and source: ${first}`);
    const parkDrawn = await livePage.evaluate(() => window.innographExplorer.cy.getElementById('park/changyang-campus').nonempty());
    check(parkDrawn, 'the new company is drawn with its park');
    // The page follows from the revision it started at; once it knows it,
    // nothing made later can be missed.
    await livePage.waitForFunction(() => window.innographExplorer.live.revision !== null, null, { timeout: 10000 });
    await livePage.evaluate(() => { window.notReloaded = true; });

    const fact = await mutate(`mutation($sources: [ID!]!) { addFact(input: { entity: "${id}", metric: "employees", value: 40, unit: "people", asOf: "2023" },
      reason: "explorer check: its headcount", sources: $sources) { revision } }`, { sources });
    await changeShown(livePage, 'explorer check: its headcount');
    const newest = await livePage.locator('#panel-changes .change').first().innerText();
    check(newest.includes(`Revision ${fact.revision}`), `the newest change comes first: ${newest}`);
    await livePage.locator('#panel .fact', { hasText: 'employees' }).waitFor({ timeout: 10000 });
    await livePage.screenshot({ path: `${outDir}/explorer-changes.png` });

    const linked = await mutate(`mutation($sources: [ID!]!) { addRelation(input: { from: "${id}", type: LOCATED_IN, to: "region/yangpu" },
      reason: "explorer check: in Yangpu", sources: $sources) { revision } }`, { sources });
    await changeShown(livePage, 'explorer check: in Yangpu');
    const edge = `${id}|LOCATED_IN|region/yangpu`;
    await livePage.waitForFunction((e) => window.innographExplorer.cy.getElementById(e).nonempty(), edge, { timeout: 10000 });

    const gone = await mutate(`mutation { retractEntity(input: { id: "${id}" }, reason: "explorer check: a test entity") { revision } }`);
    await livePage.waitForFunction((n) => window.innographExplorer.cy.getElementById(n).empty(), id, { timeout: 10000 });
    const notice = await livePage.locator('#panel .retracted').innerText({ timeout: 10000 });
    check(notice.includes(`Retracted in revision ${gone.revision}`) && notice.includes('a test entity'), `the panel says it was retracted: ${notice}`);
    const edgeGone = await livePage.evaluate((e) => window.innographExplorer.cy.getElementById(e).empty(), edge);
    check(edgeGone, 'its relations left the drawing with it');
    check(await livePage.evaluate(() => window.notReloaded === true), 'all of it without a reload');
    await livePage.close();
    liveSummary = `live: revisions ${made.revision}–${gone.revision} followed in the panel (fact ${fact.revision}, relation ${linked.revision}) without a reload`;
  }

  console.log(hubSummary);
  console.log(`${liveSummary}`);
  console.log(`explorer: ${drawn} nodes around Yangpu, park ${park} expanded, Tongji → hub in ${hops} hops; screenshots in ${outDir}`);
} catch (e) {
  // With what the pages reported before it (console errors, failed requests).
  problems.push(`error: ${e.stack || e.message}`);
} finally {
  await browser.close();
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
