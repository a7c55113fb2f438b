// The highlights browser in the real webview: 600 highlights drawn a screen
// at a time (a virtual list), counted; words through the search index;
// sorts; the article filter's type-ahead over the whole library; a tag chip
// that filters; editing a highlight in place; selecting rows and deleting
// them with Undo.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AppFixture, WELCOME_TITLE } from './harness.mjs';
import { step, assertNoErrorToast } from './helpers.mjs';
import { waitFor, Keys } from './webdriver.mjs';

const app = new AppFixture('browser');
const MADE = 600;
const COLORS = ['yellow', 'green', 'blue', 'pink', 'purple'];
let articles = [];

before(async () => {
  await app.start();
  await app.launch();
  const s = app.session;
  // The four sample articles only: the guide goes to the Trash, and its
  // example highlights with it, so that the 600 are all there is.
  const guide = (await s.invoke('list_articles', { query: {} })).items.find((a) => a.title === WELCOME_TITLE);
  assert.ok(guide, 'the first-run library holds the guide');
  await s.invoke('trash_articles', { ids: [guide.id] });
  articles = (await s.invoke('list_articles', { query: { sort: 'oldest' } })).items;
  assert.equal(articles.length, 4);
  // 600 highlights over the four sample articles, a word each ("alphaN"),
  // every tenth tagged.
  await step('make 600 highlights', async () => {
    // One after another, so that creation order (and the newest-first
    // order) is the order of i.
    for (let from = 0; from < MADE; from += 100) {
      const r = await s.executeAsync(`const [from, to, ids, colors, done] = arguments;
        (async () => {
          for (let i = from; i < to; i++) {
            const start = (i * 7) % 300;
            await window.__TAURI__.core.invoke('create_highlight', {
              articleId: ids[i % ids.length], start, end: start + 12,
              input: { note: 'alpha' + i, color: colors[i % colors.length], tags: i % 10 === 0 ? ['tenth'] : [] },
            });
          }
        })().then(() => done(true), (e) => done(String(e && e.message || e)));`, [from, from + 100, articles.map((a) => a.id), COLORS]);
      assert.equal(r, true, r);
    }
  }, app);
});

after(async () => { await app.stop(); });

const count = (s) => s.execute(`const t = document.querySelector('[data-testid="highlights-count"]').textContent.match(/^[\\d,]+/);
  return t ? Number(t[0].replace(/,/g, '')) : (document.querySelector('[data-testid="highlights-count"]').textContent.startsWith('Nothing') ? 0 : null);`);
const drawnNotes = (s) => s.execute(`return [...document.querySelectorAll('[data-testid="highlight-row"]')]
  .sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index))
  .map((r) => r.querySelector('.note-html')?.textContent.trim() ?? '');`);
const waitCount = (s, n, what) => waitFor(async () => (await count(s)) === n, { what: `${what}: ${n}` });
const setFilter = (s, label, value) => s.execute(`const el = document.querySelector('#highlights-view [aria-label="' + arguments[0] + '"]');
  el.value = arguments[1]; el.dispatchEvent(new Event('change')); return true;`, [label, value]);

test('1. a virtual list of 600: counted, drawn a screen at a time, scrolled to the end', async () => {
  const s = app.session;
  await (await s.findElement('nav.views button[data-view="highlights"]')).click();
  await waitCount(s, MADE, 'all highlights counted');
  const drawn = await waitFor(async () => { const n = await drawnNotes(s); return n.length && n.every(Boolean) ? n : null; },
    { what: 'the first rows drawn' });
  assert.ok(drawn.length < 60, `only the rows on screen are drawn (${drawn.length})`);
  assert.equal(drawn[0], `alpha${MADE - 1}`, 'newest first');
  await app.shot('browser-top');
  await s.execute('const m = document.getElementById("main"); m.scrollTop = m.scrollHeight; return true;');
  const last = await waitFor(async () => {
    const n = await drawnNotes(s);
    return n.length && n.every(Boolean) && n.includes('alpha0') ? n : null;
  }, { what: 'the oldest rows drawn at the end' });
  assert.equal(last[last.length - 1], 'alpha0');
  assert.ok(last.length < 60, `still only a screen's worth (${last.length})`);
  await s.execute('document.getElementById("main").scrollTop = 0; return true;');
});

test('2. words, sorts, the article type-ahead and a tag chip filter it', async () => {
  const s = app.session;
  const text = await s.findElement('[data-testid="highlights-text"]');
  await text.sendKeys('alpha12*');
  await waitCount(s, 11, 'alpha12 and alpha120-129');
  await text.clear();
  await s.execute('document.querySelector(\'[data-testid="highlights-text"]\').dispatchEvent(new Event("input")); return true;');
  await waitCount(s, MADE, 'the words cleared');

  await setFilter(s, 'Sort', 'oldest');
  await waitFor(async () => (await drawnNotes(s))[0] === 'alpha0', { what: 'oldest first' });
  await setFilter(s, 'Sort', 'color');
  // Palette order: yellow first; the newest yellow is the highest multiple of 5.
  await waitFor(async () => (await drawnNotes(s))[0] === `alpha${MADE - 5}`, { what: 'yellow first, newest first' });
  await setFilter(s, 'Sort', 'newest');

  await step('the article filter finds titles across the library', async () => {
    const picker = await s.findElement('[data-testid="article-filter"]');
    await picker.sendKeys('kremlin');
    await waitFor(() => s.execute(`const o = document.querySelector('#article-picker-list [role="option"]');
      return !!o && /Kremlin/.test(o.textContent);`), { what: 'the matching title offered' });
    await app.shot('browser-article-picker');
    await s.pressKeys([Keys.ARROW_DOWN, Keys.ENTER]);
    const kremlin = articles.findIndex((a) => /Kremlin/.test(a.title));
    await waitCount(s, MADE / 4, `the highlights of article ${kremlin}`);
    await s.execute('document.querySelector(".picker-chosen .chip-x").click(); return true;');
    await waitCount(s, MADE, 'any article again');
  }, app);

  await step('a tag chip filters by its tag', async () => {
    await s.execute('document.querySelector(\'[data-testid="highlight-row"] .chip[data-tag="tenth"]\').click(); return true;');
    await waitCount(s, MADE / 10, 'tagged "tenth"');
    const tag = await s.execute('return document.querySelector(\'#highlights-view [aria-label="Filter by tag"]\').value;');
    assert.equal(tag, 'tenth');
    await setFilter(s, 'Filter by tag', '');
    await waitCount(s, MADE, 'any tag again');
  }, app);
});

test('3. edit a highlight in place; select rows and delete them, then undo', async () => {
  const s = app.session;
  const first = await waitFor(() => s.execute(`const r = document.querySelector('[data-testid="highlight-row"][data-index="0"]');
    return r ? r.dataset.id : null;`), { what: 'the first row' });
  await step('edit in place: colour and note', async () => {
    await s.execute(`document.querySelector('[data-testid="highlight-row"][data-index="0"] [data-testid="edit-highlight"]').click(); return true;`);
    const dialog = await s.waitForElement('[data-testid="edit-annotation"][open]', { visible: true });
    await (await dialog.findElement('button[aria-label^="Colour"][class*="hl-purple"]')).click();
    const area = await dialog.findElement('[data-testid="note-input"]');
    await area.clear();
    await area.sendKeys('rewritten in place');
    await app.shot('browser-edit');
    await (await dialog.findElement('button[value="done"]')).click();
    await waitFor(async () => {
      const got = (await s.invoke('find_annotations', { query: { limit: 1 } }))[0];
      return got.id === first && got.color === 'purple' && got.note === 'rewritten in place';
    }, { what: 'the edit stored' });
    await waitFor(async () => (await drawnNotes(s))[0] === 'rewritten in place', { what: 'the row redrawn' });
  }, app);

  await step('select three rows and delete them; Ctrl+Z brings them back', async () => {
    const rows = await s.findElements('[data-testid="highlight-row"]');
    // A plain click would open the passage: Ctrl+click, then Shift+click for the range.
    await s.clickWith([Keys.CONTROL], rows[0]);
    await s.clickWith([Keys.SHIFT], rows[2]);
    const bar = await s.waitForElement('[data-testid="highlights-bulk-bar"]', { visible: true });
    await waitFor(async () => /^3 annotations selected/.test(await bar.getText()), { what: 'three selected' });
    await app.shot('browser-selected');
    await s.execute(`[...document.querySelectorAll('[data-testid="highlights-bulk-bar"] button')]
      .find((b) => b.textContent === 'Delete').click(); return true;`);
    await waitCount(s, MADE - 3, 'three deleted');
    await s.execute('document.activeElement.blur(); return true;');
    await s.chord([Keys.CONTROL], 'z');
    await waitCount(s, MADE, 'undo');
  }, app);
  await assertNoErrorToast(s, 'after the browser');
});
