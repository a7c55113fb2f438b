// Many at once, undo and the Trash, in the real webview: Ctrl+click and
// Shift+click select articles, the bar acts on all of them in one call,
// Ctrl+Z and Ctrl+Shift+Z undo and redo it (the core's history), deleting
// moves articles to the Trash, which restores them; the list is one Tab
// stop with arrow keys, and Ctrl+A selects the whole list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AppFixture, FIRST_RUN_TITLES } from './harness.mjs';
import { step, articleItem, libraryTitles, assertNoErrorToast, openArticle } from './helpers.mjs';
import { waitFor, Keys } from './webdriver.mjs';

const app = new AppFixture('bulk');
/** The guide and the four sample articles. */
const ALL = FIRST_RUN_TITLES.length;

before(async () => {
  await app.start();
  await app.launch();
});

after(async () => { await app.stop(); });

const bar = (s) => s.execute(`const b = document.querySelector('[data-testid="bulk-bar"]');
  return b && !b.hidden ? b.querySelector('.bulk-count').textContent : null;`);
const selectedTitles = (s) => s.execute(`return [...document.querySelectorAll('#library [aria-selected="true"] .article-title')]
  .map((t) => t.textContent.trim());`);
const barButton = (s, label) => s.execute(`const b = [...document.querySelectorAll('[data-testid="bulk-bar"] button')]
  .find((x) => x.textContent.trim() === arguments[0]); if (!b) return false; b.click(); return true;`, [label]);
// Tags on articles (the guide's example tag is on a highlight only).
const tagsOf = async (s) => Object.fromEntries((await s.invoke('list_tags', {})).filter((t) => t.articles > 0).map((t) => [t.name, t.articles]));
const toastWith = (s, text) => waitFor(() => s.execute(`return [...document.querySelectorAll('#toasts .toast-msg')]
  .map((t) => t.textContent).find((t) => t.includes(arguments[0])) || null;`, [text]), { what: `a toast saying "${text}"` });

test('1. Ctrl+click and Shift+click select; the bar tags them all; Ctrl+Z and Ctrl+Shift+Z', async () => {
  const s = app.session;
  await waitFor(async () => (await libraryTitles(s)).length === ALL, { what: 'the sample articles' });
  const titles = await libraryTitles(s);
  await (await articleItem(s, titles[0])).click();
  assert.equal(await bar(s), null, 'a plain click opens, it does not select');
  await s.clickWith([Keys.CONTROL], await articleItem(s, titles[2]));
  await waitFor(() => bar(s), { what: 'the bulk bar' });
  assert.equal(await bar(s), '2 articles selected');
  assert.deepEqual(await selectedTitles(s), [titles[0], titles[2]]);
  // Shift+click: the range from the last one clicked.
  await s.clickWith([Keys.SHIFT], await articleItem(s, titles[1]));
  await waitFor(async () => (await bar(s)) === '2 articles selected' && (await selectedTitles(s)).join() === [titles[1], titles[2]].join(),
    { what: 'the range from the third to the second' });
  await s.clickWith([Keys.SHIFT], await articleItem(s, titles[3]));
  await waitFor(async () => (await bar(s)) === '2 articles selected', { what: 'the range third to fourth' });
  await s.clickWith([Keys.CONTROL], await articleItem(s, titles[0]));
  await waitFor(async () => (await bar(s)) === '3 articles selected', { what: 'three selected' });
  await app.shot('bulk-selected');

  await step('tag the three', async () => {
    await barButton(s, 'Tag…');
    const input = await s.waitForElement('[data-testid="bulk-tags"]', { visible: true });
    await input.sendKeys('batch, second');
    await s.pressKeys([Keys.ENTER]);
    await toastWith(s, 'Tagged 3 articles');
  }, app);
  assert.deepEqual(await tagsOf(s), { batch: 3, second: 3 });
  await waitFor(() => s.execute(`return document.querySelectorAll('#library .chip').length === 6;`), { what: 'the chips in the list' });
  assert.equal(await bar(s), '3 articles selected', 'tagging keeps the selection');

  await step('Ctrl+Z undoes the tagging, Ctrl+Shift+Z makes it again', async () => {
    await s.execute('document.activeElement.blur(); return true;');
    await s.chord([Keys.CONTROL], 'z');
    await toastWith(s, 'Undone: Tag 3 articles');
    assert.deepEqual(await tagsOf(s), {});
    await s.chord([Keys.CONTROL, Keys.SHIFT], 'z');
    await toastWith(s, 'Redone: Tag 3 articles');
    assert.deepEqual(await tagsOf(s), { batch: 3, second: 3 });
  }, app);
  // In a text field Ctrl+Z is the field's own: the library is not touched.
  await s.execute('document.getElementById("search").focus(); return true;');
  await s.chord([Keys.CONTROL], 'z');
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(await tagsOf(s), { batch: 3, second: 3 });
  await s.execute('document.getElementById("search").blur(); return true;');
  await assertNoErrorToast(s, 'after tagging and undo');
});

test('2. Delete moves the selection to the Trash; the Trash restores it', async () => {
  const s = app.session;
  await step('move the three to the Trash', async () => {
    await barButton(s, 'Delete');
    await toastWith(s, 'Moved 3 articles to the Trash');
  }, app);
  await waitFor(async () => (await libraryTitles(s)).length === ALL - 3, { what: 'two articles left in the Inbox' });
  assert.equal(await bar(s), null, 'the selection ended with its articles');
  assert.deepEqual(await tagsOf(s), {}, 'tags only on trashed articles are not listed');
  const trashed = new Set((await s.invoke('list_articles', { query: { trashed: true } })).items.map((a) => a.id));
  assert.equal(trashed.size, 3);
  const search = await s.invoke('search', { query: { text: 'Armenia', limit: 50 } });
  assert.ok(search.hits.length > 0 && search.hits.every((h) => !trashed.has(h.article_id)), 'search skips the Trash');

  const trashTab = await s.waitForElement('#state-tabs button[data-list="trash"]', { visible: true });
  assert.match((await trashTab.getText()).trim(), /^Trash\s*3$/);
  await trashTab.click();
  await waitFor(async () => (await libraryTitles(s)).length === 3, { what: 'the Trash listed' });
  await waitFor(() => s.execute(`return document.getElementById('library-status').textContent.includes('3 in the Trash');`),
    { what: 'the Trash status line' });
  await app.shot('bulk-trash');

  await step('keyboard: one Tab stop, arrows move, Ctrl+A selects all', async () => {
    const stops = await s.execute(`return [...document.querySelectorAll('#library [role="option"]')].map((li) => li.tabIndex);`);
    assert.deepEqual(stops.filter((t) => t === 0).length, 1, `one Tab stop: ${stops}`);
    await s.execute(`document.querySelector('#library [role="option"][tabindex="0"]').focus(); return true;`);
    await s.pressKeys([Keys.ARROW_DOWN]);
    const focused = await s.execute(`return [...document.querySelectorAll('#library [role="option"]')].indexOf(document.activeElement);`);
    assert.equal(focused, 1, 'ArrowDown moves the focus to the second item');
    await s.chord([Keys.CONTROL], 'a');
    await waitFor(async () => (await bar(s)) === '3 articles selected', { what: 'Ctrl+A selecting the whole Trash' });
  }, app);
  await step('restore all three', async () => {
    await barButton(s, 'Restore');
    await toastWith(s, 'Restored 3 articles');
  }, app);
  await waitFor(async () => (await libraryTitles(s)).length === 0, { what: 'an empty Trash' });
  assert.deepEqual(await tagsOf(s), { batch: 3, second: 3 }, 'restored with their tags');
  await s.execute(`document.querySelector('#state-tabs button[data-list="inbox"]').click(); return true;`);
  await waitFor(async () => (await libraryTitles(s)).length === ALL, { what: 'all five back in the Inbox' });
  assert.deepEqual([...(await libraryTitles(s))].sort(), [...FIRST_RUN_TITLES].sort());
  const gone = await s.execute(`return !document.querySelector('#state-tabs button[data-list="trash"]');`);
  assert.ok(gone, 'the Trash tab hides when empty');
  await assertNoErrorToast(s, 'after the Trash');
});

test('3. a tag chip in the list filters the list by its tag', async () => {
  const s = app.session;
  await s.invoke('remove_tags', { ids: (await s.invoke('list_articles', { query: {} })).items.slice(0, 1).map((a) => a.id), tags: ['batch'] });
  await s.execute('document.querySelector("#state-tabs button[data-list=inbox]").click(); return true;');
  await waitFor(async () => (await libraryTitles(s)).length === ALL, { what: 'the Inbox' });
  await waitFor(() => s.execute(`return document.querySelectorAll('#library .chip[data-tag="batch"]').length === 2;`), { what: 'two batch chips' });
  await s.execute(`document.querySelector('#library .chip[data-tag="batch"]').click(); return true;`);
  await waitFor(async () => (await libraryTitles(s)).length === 2, { what: 'the list filtered by "batch"' });
  assert.equal(await s.execute('return document.getElementById("tag-filter").value;'), 'batch');
  const open = await s.execute('return document.body.dataset.view;');
  assert.equal(open, 'reader', 'the chip did not open its article in another view');
  await s.execute(`const t = document.getElementById('tag-filter'); t.value = ''; t.dispatchEvent(new Event('change')); return true;`);
  await waitFor(async () => (await libraryTitles(s)).length === ALL, { what: 'all tags again' });
});

test('4. Move to Trash in the reader, and Undo in its toast', async () => {
  const s = app.session;
  const titles = await libraryTitles(s);
  await openArticle(s, titles[0]);
  const del = await s.waitForElement('[data-testid="delete-article"]', { visible: true });
  await del.click();
  // This article's toast (one from the test before may still be showing).
  await toastWith(s, `Moved “${titles[0]}” to the Trash`);
  await waitFor(async () => (await libraryTitles(s)).length === ALL - 1, { what: 'the article gone from the list' });
  // The newest toast's Undo (an older one's would refuse: a later change came since).
  await s.execute(`[...document.querySelectorAll('#toasts .toast')].filter((t) => t.textContent.includes(arguments[0])).pop()
    .querySelector('.toast-action').click(); return true;`, [titles[0]]);
  await waitFor(async () => (await libraryTitles(s)).length === ALL, { what: 'Undo bringing it back' });
  await app.shot('bulk-undone');
});
