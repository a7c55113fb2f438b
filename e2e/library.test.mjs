// Start-up and a library longer than a page. Once the library is shown, the
// article view is warmed up (drawn and cleared in one task) and must be left
// empty. The first screen of the list is built at once and the rest of the
// page after it is painted; every item must still arrive, once and in
// order; scrolling loads the next page after them, and j walks from the
// last item of a page into the next one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppFixture } from './harness.mjs';
import { step, assertNoErrorToast, importFile, reloadPage } from './helpers.mjs';
import { waitFor } from './webdriver.mjs';

const app = new AppFixture('library');
const COUNT = 130; // more than one page of 100
const title = (i) => `Library Item ${String(i).padStart(3, '0')}`;

before(async () => {
  await app.start();
  await app.launch();
});

after(async () => { await app.stop(); });

test('extra: the article view is warmed up once the library is shown, and left empty', async () => {
  const s = app.session;
  const st = await step('wait for the warm-up', () => waitFor(() => s.execute(`
    if (!performance.getEntriesByName('start: article view warm-up', 'measure')[0]) return null;
    const reader = document.querySelector('[data-testid="reader"]');
    return {
      emptyShown: !document.getElementById('reader-empty').hidden,
      articleHidden: document.getElementById('article').hidden,
      articleText: document.getElementById('article').textContent.trim(),
      readerData: Object.keys(reader.dataset).filter((k) => k !== 'testid'),
      sidebar: document.getElementById('sidebar').textContent.trim(),
      sidebarItems: document.querySelectorAll('#sidebar li').length,
      active: document.querySelectorAll('[aria-current="true"]').length,
    };`), { what: 'the warm-up measure' }), app);
  assert.ok(st.emptyShown, '"Nothing open" is shown');
  assert.ok(st.articleHidden, 'the article view is hidden');
  assert.equal(st.articleText, '', 'nothing of the warm-up article is left');
  assert.deepEqual(st.readerData, [], 'the reader holds no article');
  assert.match(st.sidebar, /Open an article to see its highlights and notes\.$/, 'the sidebar is in its empty state');
  assert.equal(st.sidebarItems, 0, 'with no annotations in it');
  assert.equal(st.active, 0, 'no article is marked open');
});

/** Titles of the list items in the DOM, in order, and the status line. */
function listState(session) {
  return session.execute(`
    const items = [...document.querySelectorAll('[data-testid="library"] [data-testid="article-item"]')];
    const active = document.querySelector('[data-testid="article-item"][aria-current="true"]');
    const box = document.querySelector('.library-scroll').getBoundingClientRect();
    const r = active ? active.getBoundingClientRect() : null;
    return {
      titles: items.map((li) => li.querySelector('.article-title').textContent),
      ids: items.map((li) => li.dataset.id),
      status: document.getElementById('library-status').textContent,
      active: active ? active.querySelector('.article-title').textContent : null,
      activeVisible: !!r && r.top >= box.top - 1 && r.bottom <= box.bottom + 1,
    };`);
}

test('extra: a long library list arrives whole and in order, pages on scroll, and j walks into the next page', async () => {
  const s = app.session;
  const file = join(app.dir, 'many.txt');
  const body = Array.from({ length: COUNT }, (_, k) => `${title(k + 1)}\nA short paragraph about item ${k + 1}.\n`).join('\n');
  await writeFile(file, body, 'utf8');
  const res = await importFile(s, file, app);
  assert.equal(res.articles.length, COUNT, 'every article imported');
  await reloadPage(s, app);

  // Newest first; all imported at once, so in reverse file order. The guide
  // and the four sample articles were imported before them and come last.
  const firstPage = Array.from({ length: 100 }, (_, k) => title(COUNT - k));
  const page1 = await step('the first page arrives whole', () => waitFor(async () => {
    const st = await listState(s);
    return st.titles.length >= 100 ? st : null;
  }, { what: '100 list items' }), app);
  assert.deepEqual(page1.titles, firstPage, 'the first 100, in order, each once');
  assert.match(page1.status, /135 articles · showing 100/);
  await app.shot('library-first-page');

  const all = await step('scrolling to the end loads the rest', async () => {
    await s.execute(`const b = document.querySelector('.library-scroll'); b.scrollTop = b.scrollHeight; return true;`);
    return waitFor(async () => {
      const st = await listState(s);
      return st.titles.length >= COUNT + 5 ? st : null;
    }, { what: 'all 135 list items' });
  }, app);
  assert.deepEqual(all.titles.slice(0, COUNT), Array.from({ length: COUNT }, (_, k) => title(COUNT - k)));
  assert.equal(new Set(all.ids).size, all.ids.length, 'no item twice');
  assert.match(all.status, /^135 articles$/);

  await step('j walks from item 99 to item 101', async () => {
    await reloadPage(s, app); // the first page only again
    await waitFor(async () => (await listState(s)).titles.length >= 100, { what: '100 list items' });
    await s.execute(`document.querySelector('[data-testid="article-item"][data-id="${page1.ids[98]}"] .article-btn').click(); return true;`);
    await waitFor(async () => (await listState(s)).active === title(COUNT - 98), { what: 'item 99 active' });
    await s.execute('document.activeElement && document.activeElement.blur && document.activeElement.blur(); return true;');
    for (const want of [COUNT - 99, COUNT - 100]) {
      await s.pressKeys(['j']);
      await waitFor(async () => (await listState(s)).active === title(want), { what: `${title(want)} active` });
    }
  }, app);
  const end = await listState(s);
  assert.equal(end.active, title(COUNT - 100), 'the first item of the second page is open');
  assert.ok(end.activeVisible, 'and scrolled into view');
  assert.ok(end.titles.length >= COUNT, 'the next page was loaded for it');
  await app.shot('library-next-page');
  await assertNoErrorToast(s, 'after paging');
});
