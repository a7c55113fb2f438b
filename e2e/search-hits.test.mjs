// A search hit lands on its passage: an article-text hit deep in a long
// article opens scrolled to the match with the matched words marked (a CSS
// custom highlight over the text, which stays as it was); more than one
// page of hits is shown on "Show more", with the total; a note's snippet
// shows its text, not its Markdown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppFixture } from './harness.mjs';
import { step, importFile, reloadPage, assertNoErrorToast, cpIndexOf } from './helpers.mjs';
import { waitFor } from './webdriver.mjs';

const app = new AppFixture('search-hits');
const TITLE = 'A Survey Of The Outer Harbour';
// About 400 KB; the one word to find is in paragraph 1,700 of 2,000.
const PARAS = Array.from({ length: 2000 }, (_, i) => (i === 1700
  ? `Paragraph ${i}: at dawn the Cormorants dried their wings on the breakwater, as cormorants do.`
  : `Paragraph ${i}: the tide ran in over the mud and the boats swung on their moorings at the quay.`).repeat(2));
let articleId;

before(async () => {
  await app.start();
  await app.launch();
});

after(async () => { await app.stop(); });

async function search(s, text) {
  await s.execute(`const i = document.getElementById('search'); i.value = arguments[0];
    i.dispatchEvent(new Event('input')); return true;`, [text]);
}

test('1. an article hit deep in a long article opens at the match with its words marked', async () => {
  const s = app.session;
  const file = join(app.dir, 'harbour.txt');
  writeFileSync(file, `${TITLE}\n\n${PARAS.join('\n\n')}\n`);
  articleId = (await importFile(s, file, app)).articles[0].id;
  await reloadPage(s, app);
  await search(s, 'cormorants');
  const hit = await s.waitForElement(`[data-testid="search-hit"][data-kind="article"][data-article-id="${articleId}"]`, { visible: true });
  await hit.click();
  const seen = await step('the reader at the match, its words marked', () => waitFor(() => s.execute(`
    const reader = document.querySelector('[data-testid="reader"]');
    if (reader.dataset.article !== arguments[0]) return null;
    const hl = CSS.highlights.get('search-match');
    if (!hl || hl.size === 0) return null;
    const ranges = [...hl];
    const r = ranges[0].getBoundingClientRect();
    const main = document.getElementById('main').getBoundingClientRect();
    const inView = r.top >= main.top && r.bottom <= main.bottom;
    return inView ? { words: ranges.map((x) => x.toString()), top: r.top - main.top, height: main.height } : null;`,
  [articleId]), { what: 'the marked match in view' }), app);
  assert.deepEqual(seen.words, ['Cormorants', 'cormorants', 'Cormorants', 'cormorants']);
  await app.shot('search-hit-long');
  // The text is as it was: the marks are not elements.
  const { article } = await s.invoke('get_article', { id: articleId });
  const at = cpIndexOf(article.text, 'Cormorants');
  const fine = await s.execute(`return !document.querySelector('[data-testid="reader"] mark:not(.hl)')
    && window.marginalia.selectRange(arguments[0], arguments[0] + 10);`, [at]);
  assert.equal(fine, true);
  assert.equal(await s.execute('return window.getSelection().toString();'), 'Cormorants');
  // Opening another article takes the marks away.
  await search(s, '');
  await (await s.waitForElement('[data-testid="article-item"]:not([data-id="' + articleId + '"]) .article-btn', { visible: true })).click();
  await waitFor(() => s.execute('return !CSS.highlights.get("search-match");'), { what: 'the marks gone' });
});

test('2. more than a page of hits, with the total; note snippets show text, not Markdown', async () => {
  const s = app.session;
  for (let i = 0; i < 60; i++) {
    const start = cpIndexOf((await s.invoke('get_article', { id: articleId })).article.text, `Paragraph ${i}:`);
    await s.invoke('create_highlight', {
      articleId, start, end: start + 12, input: { note: `A **seabird** count, number ${i}` },
    });
  }
  await search(s, 'seabird');
  const first = await waitFor(() => s.execute(`const n = document.querySelectorAll('[data-testid="search-hit"]').length;
    return n ? { n, status: document.getElementById('search-status').textContent,
      more: !document.querySelector('[data-testid="search-more"]').hidden,
      snippet: document.querySelector('[data-testid="search-hit"] .snippet').textContent } : null;`), { what: 'the first page' });
  assert.equal(first.n, 50);
  assert.equal(first.status, '60 matches · 50 shown');
  assert.equal(first.more, true);
  assert.match(first.snippet, /A seabird count, number \d+/);
  assert.ok(!first.snippet.includes('*'), first.snippet);
  await (await s.findElement('[data-testid="search-more"]')).click();
  const all = await waitFor(() => s.execute(`const n = document.querySelectorAll('[data-testid="search-hit"]').length;
    return n === 60 ? { status: document.getElementById('search-status').textContent,
      more: !document.querySelector('[data-testid="search-more"]').hidden,
      ids: new Set([...document.querySelectorAll('[data-testid="search-hit"]')].map((x) => x.dataset.annotationId)).size } : null;`),
  { what: 'all 60 hits' });
  assert.deepEqual(all, { status: '60 matches', more: false, ids: 60 });
  await app.shot('search-more');
  await assertNoErrorToast(s, 'after searching');
});
