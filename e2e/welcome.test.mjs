// A new user's first launch: the guide "Welcome to Marginalia" is listed
// first, beside the sample articles, with its sections in the contents, its
// example highlights in three named colours with their notes and tag, and
// an article note; the examples are not the user's changes, so Undo has
// nothing to take back; nothing has lost its place, so there is no
// Unplaced button.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AppFixture, FIRST_RUN_TITLES, WELCOME_TITLE } from './harness.mjs';
import { libraryTitles, openArticle, settleFlash, assertNoErrorToast } from './helpers.mjs';
import { waitFor, Keys } from './webdriver.mjs';

const app = new AppFixture('welcome');

before(async () => {
  await app.start();
  await app.launch();
});

after(async () => { await app.stop(); });

test('the guide is first, with its sections, example highlights and notes', async () => {
  const s = app.session;
  const titles = await waitFor(async () => { const t = await libraryTitles(s); return t.length === FIRST_RUN_TITLES.length ? t : null; },
    { what: 'the first-run library' });
  assert.equal(titles[0], WELCOME_TITLE, 'listed first');
  await openArticle(s, WELCOME_TITLE);
  const seen = await waitFor(() => s.execute(`
    const marks = [...document.querySelectorAll('[data-testid="reader"] mark.hl')];
    const contents = [...document.querySelectorAll('#article-contents .contents-list button')].map((b) => b.textContent);
    if (!marks.length || !contents.length) return null;
    return {
      colours: [...new Set(marks.map((m) => m.title))].sort(),
      contents,
      sidebar: [...document.querySelectorAll('#sidebar [data-testid="annotation"]')].map((li) => ({
        quote: li.querySelector('.ann-quote')?.textContent, note: li.querySelector('.note-html')?.textContent.trim() || '',
        tags: [...li.querySelectorAll('.chip')].map((c) => c.textContent) })),
      articleNote: document.querySelector('#article-notes .note-html')?.textContent.trim() || '',
      unplaced: !document.getElementById('orphans-btn').hidden,
    };`), { what: 'the guide drawn with its highlights' });
  assert.deepEqual(seen.colours, ['agree', 'context', 'key point'], 'three colours, named');
  assert.ok(seen.contents.length >= 8 && seen.contents.includes('Highlight a passage') && seen.contents.includes('Take your notes out'),
    JSON.stringify(seen.contents));
  const highlights = seen.sidebar.filter((a) => a.quote !== 'Article note');
  assert.equal(highlights.length, 3);
  assert.ok(highlights.filter((a) => a.note).length >= 2, 'notes on the examples');
  assert.ok(highlights.some((a) => a.tags.includes('guide')), 'a tag on one');
  assert.match(seen.articleNote, /whole article/);
  assert.equal(seen.unplaced, false, 'no Unplaced button while every highlight has its place');
  await settleFlash(s);
  await app.shot('welcome');

  await s.execute('document.activeElement.blur(); return true;');
  await s.chord([Keys.CONTROL], 'z');
  await waitFor(() => s.execute(`return [...document.querySelectorAll('#toasts .toast-msg')].some((t) => /nothing to undo/i.test(t.textContent));`),
    { what: 'Undo saying there is nothing to undo' });
  await assertNoErrorToast(s, 'after the first look');
});
