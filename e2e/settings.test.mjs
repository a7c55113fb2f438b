// The reader as the user sets it up, and the app remembering it: text
// size (buttons and Ctrl =/−/0), line width, spacing, typeface and theme
// (every theme readable at 4.5:1), kept across a restart; focus mode; the
// annotations drawer of a narrow window; the list, sort, filter, view and
// article the user left, back at launch; and correcting an article's
// title, author, date and address, which the list and search follow.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AppFixture, SAMPLE_TITLES } from './harness.mjs';
import { step, openArticle, assertNoErrorToast, libraryTitles, contrast } from './helpers.mjs';
import { waitFor, Keys } from './webdriver.mjs';

const app = new AppFixture('settings');

before(async () => {
  await app.start();
  await app.launch();
});

after(async () => { await app.stop(); });

/** The reader's computed text style. */
const readerStyle = (s) => s.execute(`const r = getComputedStyle(document.querySelector('[data-testid="reader"]'));
  return { size: r.fontSize, family: r.fontFamily, lineHeight: r.lineHeight,
           width: document.getElementById('article').getBoundingClientRect().width };`);

const click = (s, css) => s.execute(`const el = document.querySelector(${JSON.stringify(css)});
  if (!el) throw new Error('no ' + ${JSON.stringify(css)}); el.click(); return true;`);

/** The colour pairs a reader reads, resolved to rgb() in the current theme. */
const pairs = (s) => s.execute(`
  const probe = (fg, bg) => { const d = document.createElement('div'); d.style.color = fg; d.style.background = bg;
    document.body.append(d); const c = getComputedStyle(d); const r = [c.color, c.backgroundColor]; d.remove(); return r; };
  const v = (n) => getComputedStyle(document.documentElement).getPropertyValue(n).trim();
  const reader = getComputedStyle(document.querySelector('[data-testid="reader"]'));
  // The reader's pane is transparent: the page's background shows through.
  const page = getComputedStyle(document.body);
  return {
    'reader text': [reader.color, page.backgroundColor],
    'text on panes': probe(v('--fg'), v('--bg-pane')),
    'muted on the page': probe(v('--fg-muted'), v('--bg')),
    'muted on panes': probe(v('--fg-muted'), v('--bg-pane')),
    'muted on raised': probe(v('--fg-muted'), v('--bg-raised')),
    'a pressed button': probe(v('--accent-fg'), v('--accent')),
    scheme: document.documentElement.dataset.scheme,
  };`);

test('1. text size, width, spacing, typeface and theme apply at once and survive a restart', async () => {
  const s = app.session;
  await openArticle(s, SAMPLE_TITLES[0]);
  const before = await readerStyle(s);
  assert.equal(before.size, '18px');
  await click(s, '[data-testid="reading-settings"]');
  await s.waitForElement('[data-testid="settings-panel"]', { visible: true });
  await click(s, '[data-setting="larger"]');
  await click(s, '[data-setting="larger"]');
  assert.equal((await readerStyle(s)).size, '20px');
  assert.equal(await s.execute('return document.querySelector(\'[data-testid="font-size"]\').textContent;'), '20px');
  // The keyboard: Ctrl = larger, Ctrl − smaller, Ctrl 0 the default.
  await s.chord([Keys.CONTROL], '=');
  assert.equal((await readerStyle(s)).size, '21px');
  await s.chord([Keys.CONTROL], '0');
  assert.equal((await readerStyle(s)).size, '18px');
  await s.chord([Keys.CONTROL], '-');
  await s.chord([Keys.CONTROL], '=');
  await s.chord([Keys.CONTROL], '=');
  assert.equal((await readerStyle(s)).size, '19px');
  // A slider moved as a user drags it.
  await s.execute(`const r = document.querySelector('input[data-setting="line_width"]'); r.value = '50';
    r.dispatchEvent(new Event('input', { bubbles: true })); return true;`);
  const narrow = await readerStyle(s);
  assert.ok(narrow.width < before.width - 60, `narrower: ${narrow.width} < ${before.width}`);
  await s.execute(`const r = document.querySelector('input[data-setting="line_spacing"]'); r.value = '200';
    r.dispatchEvent(new Event('input', { bubbles: true })); return true;`);
  assert.equal((await readerStyle(s)).lineHeight, `${19 * 2}px`);
  await click(s, '[data-setting="typeface"][data-value="sans"]');
  assert.match((await readerStyle(s)).family, /^system-ui/);

  for (const theme of ['light', 'dark', 'sepia']) {
    await click(s, `[data-setting="theme"][data-value="${theme}"]`);
    const p = await pairs(s);
    assert.equal(p.scheme, theme);
    for (const [what, [fg, bg]] of Object.entries(p)) {
      if (what === 'scheme') continue;
      const ratio = contrast(fg, bg);
      assert.ok(ratio >= 4.5, `${theme}: ${what} reads at ${ratio.toFixed(2)}:1 (${fg} on ${bg})`);
    }
    await app.shot(`theme-${theme}`);
  }
  // Saved a moment after the last change.
  const saved = await step('the settings are saved', () => waitFor(async () => {
    const r = await s.invoke('reader_settings');
    return r.theme === 'sepia' ? r : null;
  }, { what: 'saved settings' }), app);
  assert.deepEqual(saved, { font_size: 19, line_width: 50, line_spacing: 200, typeface: 'sans', theme: 'sepia', focus: false });
  await s.pressKeys([Keys.ESCAPE]);
  assert.equal(await s.execute('return document.querySelector(\'[data-testid="settings-panel"]\').hidden;'), true);

  await app.restart();
  const t = app.session;
  await waitFor(() => t.execute('return document.documentElement.dataset.scheme === "sepia";'), { what: 'sepia after the restart' });
  await openArticle(t, SAMPLE_TITLES[0]);
  const after = await readerStyle(t);
  assert.equal(after.size, '19px');
  assert.equal(after.lineHeight, '38px');
  assert.ok(Math.abs(after.width - narrow.width) < 2, `${after.width} vs ${narrow.width}`);
  await assertNoErrorToast(t, 'after the settings');
});

test('2. focus mode hides both side panes; a narrow window makes the annotations a drawer', async () => {
  const s = app.session;
  const { items } = await s.invoke('list_articles', { query: {} });
  const id = items.find((a) => a.title === SAMPLE_TITLES[1]).id;
  await s.invoke('create_highlight', { articleId: id, start: 2, end: 30, input: { color: 'blue' } });
  await openArticle(s, SAMPLE_TITLES[1]);
  const shown = () => s.execute(`const vis = (el) => { const r = el.getBoundingClientRect(); const c = getComputedStyle(el);
      return c.display !== 'none' && c.visibility !== 'hidden' && r.width > 0 && r.right > 0 && r.left < innerWidth; };
    return { library: vis(document.querySelector('.library-pane')), sidebar: vis(document.getElementById('sidebar')),
             exit: vis(document.querySelector('[data-testid="exit-focus"]')), toggle: vis(document.querySelector('[data-testid="drawer-toggle"]')) };`);
  assert.deepEqual(await shown(), { library: true, sidebar: true, exit: false, toggle: false });
  await s.pressKeys(['f']);
  assert.deepEqual(await shown(), { library: false, sidebar: false, exit: true, toggle: false });
  await app.shot('focus-mode');
  await click(s, '[data-testid="exit-focus"]');
  assert.deepEqual(await shown(), { library: true, sidebar: true, exit: false, toggle: false });

  await s.setWindowSize(900, 760);
  await waitFor(async () => { const v = await shown(); return v.toggle && !v.sidebar; }, { what: 'the drawer closed, its toggle shown' });
  await click(s, '[data-testid="drawer-toggle"]');
  await waitFor(async () => (await shown()).sidebar, { what: 'the drawer open' });
  assert.equal(await s.execute('return document.querySelector(\'[data-testid="drawer-toggle"]\').getAttribute("aria-expanded");'), 'true');
  await new Promise((r) => setTimeout(r, 300));
  await app.shot('drawer-open');
  await s.pressKeys([Keys.ESCAPE]);
  await waitFor(async () => !(await shown()).sidebar, { what: 'Esc closes the drawer' });
  // A highlight chosen in the drawer: the drawer gives way to the text, the highlight pointed out.
  await click(s, '[data-testid="drawer-toggle"]');
  await waitFor(async () => (await shown()).sidebar, { what: 'the drawer open again' });
  await click(s, '#sidebar .ann-quote');
  await waitFor(async () => !(await shown()).sidebar, { what: 'the drawer closed by the jump' });
  assert.equal(await s.execute('return document.querySelectorAll("mark.hl.focused").length > 0;'), true);
  await s.setWindowSize(1280, 820);
  await waitFor(async () => { const v = await shown(); return v.sidebar && !v.toggle; }, { what: 'the pane back in a wide window' });
});

test('3. the list, sort, tag filter, view and open article come back at launch', async () => {
  const s = app.session;
  const id = (await s.invoke('list_articles', { query: { sort: 'title' } })).items[2].id;
  await s.invoke('add_tags', { ids: [id], tags: ['keepers'] });
  await app.restart();
  const t = app.session;
  await waitFor(() => t.execute('return [...document.querySelectorAll("#tag-filter option")].some((o) => o.value === "keepers");'),
    { what: 'the tag in the filter' });
  await t.execute(`const set = (sel, v) => { const el = document.querySelector(sel); el.value = v; el.dispatchEvent(new Event('change')); };
    document.querySelector('#state-tabs [data-list="all"]').click(); set('#sort', 'title'); set('#tag-filter', 'keepers'); return true;`);
  const title = (await t.invoke('get_article', { id })).article.title;
  await waitFor(async () => JSON.stringify(await libraryTitles(t)) === JSON.stringify([title]), { what: 'the filtered list' });
  await openArticle(t, title);
  await click(t, 'nav.views [data-view="tags"]');
  const saved = await waitFor(async () => {
    const x = await t.invoke('session');
    return x.view === 'tags' ? x : null;
  }, { what: 'the session saved' });
  assert.deepEqual(saved, { list: 'all', sort: 'title', tag: 'keepers', view: 'tags', article_id: id });

  await app.restart();
  const u = app.session;
  const back = await waitFor(() => u.execute(`if (document.body.dataset.ready !== 'true') return null;
    return { sort: document.getElementById('sort').value, tag: document.getElementById('tag-filter').value,
             list: document.querySelector('#state-tabs [aria-pressed="true"]')?.dataset.list,
             view: document.body.dataset.view, title: document.getElementById('article-title').textContent };`),
  { what: 'the restored session' });
  assert.deepEqual(back, { sort: 'title', tag: 'keepers', list: 'all', view: 'tags', title });
  assert.deepEqual(await libraryTitles(u), [title]);
  await app.shot('session-restored');
  await click(u, 'nav.views [data-view="reader"]');
  assert.equal(await u.execute('return document.getElementById("article").hidden;'), false, 'the article is open in the reader');
  // Leave the library as the next test expects it: All, newest first.
  await u.execute(`const set = (sel, v) => { const el = document.querySelector(sel); el.value = v; el.dispatchEvent(new Event('change')); };
    set('#tag-filter', ''); set('#sort', 'newest'); return true;`);
});

test('4. an article\'s title, author, date and address can be corrected; the list and search follow', async () => {
  const s = app.session;
  await openArticle(s, SAMPLE_TITLES[3]);
  await click(s, '[data-testid="edit-details"]');
  await s.waitForElement('[data-testid="details-form"]', { visible: true });
  const fill = (values) => s.execute(`const f = document.querySelector('[data-testid="details-form"]');
    for (const [k, v] of Object.entries(${JSON.stringify(values)})) f.elements[k].value = v; return true;`);
  await fill({ title: 'Quillwort Charter Notes', author: 'Ana Petrosyan', published: 'last spring', url: 'https://example.org/charter' });
  await click(s, '[data-testid="details-form"] button[type="submit"]');
  const err = await waitFor(() => s.execute('const e = document.querySelector(\'[data-testid="details-form"] .field-error\'); return e && !e.hidden ? e.textContent : null;'),
    { what: 'the refusal shown in the form' });
  assert.match(err, /last spring/);
  await app.shot('details-refused');
  await fill({ published: '2025-11-03' });
  await click(s, '[data-testid="details-form"] button[type="submit"]');
  await waitFor(() => s.execute('return document.getElementById("article-title").textContent === "Quillwort Charter Notes";'), { what: 'the new title in the reader' });
  const meta = await s.execute('return document.getElementById("article-meta").textContent;');
  assert.match(meta, /Ana Petrosyan/);
  assert.match(meta, /Published 2025-11-03/);
  assert.match(meta, /example\.org\/charter/);
  await waitFor(async () => (await libraryTitles(s)).includes('Quillwort Charter Notes'), { what: 'the new title in the list' });
  const hits = await s.invoke('search', { query: { text: 'quillwort' } });
  assert.equal(hits.hits[0]?.title, 'Quillwort Charter Notes');
  await s.execute(`const i = document.querySelector('[data-testid="search"]'); i.value = 'quillwort';
    i.dispatchEvent(new Event('input', { bubbles: true })); return true;`);
  await waitFor(() => s.execute('return [...document.querySelectorAll("#search-results .hit-title")].some((t) => t.textContent.includes("Quillwort"));'),
    { what: 'the search finds the new title' });
  await app.shot('details-edited');
  await assertNoErrorToast(s, 'after editing details');
});
