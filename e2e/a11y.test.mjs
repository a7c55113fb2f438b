// Accessibility in the real webview: axe-core (injected through WebDriver)
// on every view, panel, menu and dialog, in the light and dark themes (the
// reader in sepia too): no serious or critical violation, headings in order, and
// every control's accessible name holding its visible text. Highlights
// stand 3:1 against the page in every theme, with text on them at 4.5:1.
// What axe reports is kept in artifacts/e2e/axe-report.json.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AppFixture, WELCOME_TITLE, ARTIFACTS } from './harness.mjs';
import { step, openArticle, contrast } from './helpers.mjs';
import { waitFor, Keys } from './webdriver.mjs';

const AXE = process.env.AXE_CORE
  || join(homedir(), '.cache/marginalia-tools/npm/node_modules/axe-core/axe.min.js');
/** Rules that fail the test whatever axe's impact says. */
const ALWAYS = new Set(['heading-order', 'label-content-name-mismatch', 'page-has-heading-one']);
const app = new AppFixture('a11y');
const report = {};

before(async () => {
  assert.ok(existsSync(AXE), `axe-core at ${AXE} (scripts/dev test installs it; or set AXE_CORE)`);
  await app.start();
  await app.launch();
});

after(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, 'axe-report.json'), `${JSON.stringify(report, null, 2)}\n`);
  await app.stop();
});

/** Runs axe on the page as it is; returns the violations that count. */
async function audit(s, name) {
  if (!(await s.execute('return !!window.axe;'))) {
    await s.execute(`${readFileSync(AXE, 'utf8')}\nreturn true;`);
  }
  const found = await s.executeAsync(`const done = arguments[arguments.length - 1];
    axe.run(document, { resultTypes: ['violations'], rules: { 'label-content-name-mismatch': { enabled: true } } })
      .then((r) => done(r.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
        nodes: v.nodes.slice(0, 6).map((n) => ({ target: n.target.join(' '), html: n.html.slice(0, 160), why: n.failureSummary })),
      }))), (e) => done({ error: String(e && e.message || e) }));`, [], { timeout: 120_000 });
  assert.ok(Array.isArray(found), `axe ran on ${name}: ${JSON.stringify(found)}`);
  report[name] = found;
  await app.shot(`a11y-${name}`);
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical' || ALWAYS.has(v.id));
}

async function expectClean(s, name) {
  const bad = await step(`axe: ${name}`, () => audit(s, name), app);
  assert.deepEqual(bad.map((v) => `${v.id} (${v.impact}, ${v.count}): ${v.help}\n${v.nodes.map((n) => `   ${n.target}: ${n.why}`).join('\n')}`), [],
    `axe finds nothing serious on ${name}`);
}

const click = (s, css) => s.execute(`const el = document.querySelector(arguments[0]);
  if (!el) throw new Error('no ' + arguments[0]); el.click(); return true;`, [css]);

async function setTheme(s, theme) {
  await click(s, '[data-testid="reading-settings"]');
  await s.waitForElement('[data-testid="settings-panel"]', { visible: true });
  await click(s, `[data-setting="theme"][data-value="${theme}"]`);
  await waitFor(() => s.execute('return document.documentElement.dataset.scheme === arguments[0];', [theme]), { what: `the ${theme} theme` });
  await s.pressKeys([Keys.ESCAPE]);
  await waitFor(() => s.execute('return document.querySelector(\'[data-testid="settings-panel"]\').hidden;'), { what: 'the panel closed' });
}

async function view(s, name) {
  await click(s, `nav.views button[data-view="${name}"]`);
  await waitFor(() => s.execute('return document.body.dataset.view === arguments[0];', [name]), { what: `the ${name} view` });
  // The views load their rows after showing.
  await new Promise((r) => setTimeout(r, 400));
}

/** Each highlight's background against the page, and its text on it. */
const highlightContrasts = (s) => s.execute(`
  const page = getComputedStyle(document.body).backgroundColor;
  const seen = new Map();
  for (const m of document.querySelectorAll('[data-testid="reader"] mark.hl')) {
    const c = getComputedStyle(m);
    seen.set(m.className, { cls: m.className, bg: c.backgroundColor, fg: c.color, page, title: m.title });
  }
  return [...seen.values()];`);

for (const theme of ['light', 'dark']) {
  test(`${theme}: every view, panel and dialog`, async () => {
    const s = app.session;
    await setTheme(s, theme);
    await view(s, 'reader');
    await openArticle(s, WELCOME_TITLE);
    await expectClean(s, `reader-${theme}`);

    await step('two articles selected, and the context menu of one', async () => {
      await s.execute(`for (const li of [...document.querySelectorAll('#library [role="option"]')].slice(1, 3)) {
        li.dispatchEvent(new MouseEvent('click', { bubbles: true, ctrlKey: true })); }
        document.querySelector('#library [role="option"][aria-selected="true"]').focus(); return true;`);
      await waitFor(() => s.execute('return !document.getElementById("bulk-bar").hidden;'), { what: 'the bulk bar' });
      await s.chord([Keys.SHIFT], Keys.F10);
      await s.waitForElement('[data-testid="context-menu"]', { visible: true });
    }, app);
    await expectClean(s, `menu-${theme}`);
    await s.pressKeys([Keys.ESCAPE]);
    await s.pressKeys([Keys.ESCAPE]);
    await waitFor(() => s.execute('return document.getElementById("bulk-bar").hidden;'), { what: 'the selection ended' });

    await step('the selection toolbar', async () => {
      await s.execute('return window.marginalia.selectRange(10, 40);');
      await s.waitForElement('[data-testid="highlight-toolbar"]', { visible: true });
    }, app);
    await expectClean(s, `toolbar-${theme}`);
    await s.pressKeys([Keys.ESCAPE]);

    await click(s, '[data-testid="reading-settings"]');
    await s.waitForElement('[data-testid="settings-panel"]', { visible: true });
    await expectClean(s, `settings-${theme}`);
    await s.pressKeys([Keys.ESCAPE]);

    const search = await s.findElement('[data-testid="search"]');
    await search.click();
    await search.sendKeys('highlight');
    await waitFor(() => s.execute('return document.querySelectorAll(\'[data-testid="search-hit"]\').length > 0;'), { what: 'search hits' });
    await expectClean(s, `search-${theme}`);
    // The results are one Tab stop; ↓ from the box enters them, ↓ moves on.
    const stops = await s.execute('return [...document.querySelectorAll(".hit-btn")].filter((b) => b.tabIndex === 0).length;');
    assert.equal(stops, 1, 'one Tab stop in the results');
    await s.pressKeys([Keys.ARROW_DOWN, Keys.ARROW_DOWN]);
    assert.equal(await s.execute('return [...document.querySelectorAll(".hit-btn")].indexOf(document.activeElement);'), 1,
      'ArrowDown from the search box, then ArrowDown: the second result');
    await s.execute('document.getElementById("search").focus(); return true;');
    await s.pressKeys([Keys.ESCAPE]);

    for (const v of ['highlights', 'tags', 'colors']) {
      await view(s, v);
      await expectClean(s, `${v}-${theme}`);
    }
    await click(s, '#orphans-only');
    await waitFor(() => s.execute('return !document.querySelector(\'[data-testid="unplaced-meaning"]\').hidden;'), { what: 'the Unplaced view' });
    await expectClean(s, `unplaced-${theme}`);
    await click(s, '#orphans-only');
    await view(s, 'reader');

    for (const [button, dialog] of [['#help-btn', 'help-dialog'], ['#export-btn', 'export-dialog'], ['#link-btn', 'link-dialog']]) {
      await click(s, button);
      await waitFor(() => s.execute('return document.getElementById(arguments[0]).open;', [dialog]), { what: dialog });
      await expectClean(s, `${dialog}-${theme}`);
      await s.execute('document.getElementById(arguments[0]).close(); return true;', [dialog]);
    }
  });
}

test('highlights stand 3:1 against the page in every theme, their text 4.5:1 on them', async () => {
  const s = app.session;
  await view(s, 'reader');
  await openArticle(s, WELCOME_TITLE);
  for (const theme of ['light', 'sepia', 'dark']) {
    await setTheme(s, theme);
    const marks = await highlightContrasts(s);
    assert.ok(marks.length >= 3, `the guide's highlights in three colours: ${JSON.stringify(marks)}`);
    for (const m of marks) {
      const page = contrast(m.bg, m.page);
      const text = contrast(m.fg, m.bg);
      assert.ok(page >= 3, `${theme}: ${m.cls} at ${page.toFixed(2)}:1 against the page (${m.bg} on ${m.page})`);
      assert.ok(text >= 4.5, `${theme}: text on ${m.cls} at ${text.toFixed(2)}:1 (${m.fg} on ${m.bg})`);
      assert.ok(m.title, `${theme}: ${m.cls} names its colour (${m.title})`);
    }
    await app.shot(`a11y-marks-${theme}`);
  }
  await expectClean(s, 'reader-sepia');
  await setTheme(s, 'light');
});
