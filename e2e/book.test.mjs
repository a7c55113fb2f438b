// An EPUB book in the real webview: imported through the Import dialog, its
// chapters drawn in order with their headings in Contents, its image and
// table; a note link jumps to the note in another chapter; a highlight runs
// from the end of one chapter into the next and survives a restart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { AppFixture, ROOT } from './harness.mjs';
import { step, importFile, reloadPage, openArticle, assertNoErrorToast, cpIndexOf } from './helpers.mjs';
import { waitFor } from './webdriver.mjs';

const BOOK = join(ROOT, 'samples', 'books', 'the-salt-marsh-year.epub');
const TITLE = 'The Salt Marsh Year';
const app = new AppFixture('book', { env: {} });

before(async () => {
  await app.start();
  await app.launch();
});

after(async () => { await app.stop(); });

function drawn(session) {
  return session.execute(`
    const r = document.querySelector('[data-testid="reader"]');
    const img = r.querySelector('figure img');
    return {
      headings: [...r.querySelectorAll('[data-level]')].map((h) => 'L' + h.dataset.level + ':' + h.textContent),
      items: [...r.querySelectorAll('.li')].map((li) => (li.dataset.marker || '') + ' ' + li.textContent.slice(0, 14)),
      cells: [...r.querySelectorAll('table th, table td')].map((c) => c.textContent),
      quote: r.querySelector('.quote')?.textContent.slice(0, 24) ?? null,
      image: img ? { loaded: img.complete && img.naturalWidth, alt: img.alt } : null,
      links: [...r.querySelectorAll('a.link')].map((a) => a.dataset.href),
      hrefs: r.querySelectorAll('[href]').length,
      contents: [...document.querySelectorAll('#article-contents button')].map((b) => b.textContent),
      meta: document.getElementById('article-meta').textContent,
      script: r.textContent.includes('stylesheet') || r.textContent.includes('font-family'),
    };`);
}

test('1. an EPUB book is read as one article, chapter after chapter', async () => {
  const s = app.session;
  const res = await importFile(s, BOOK, app);
  assert.equal(res.articles.length, 1);
  assert.equal(res.articles[0].status, 'added');
  await reloadPage(s, app);
  await openArticle(s, TITLE);
  const d = await step('wait for the image to load', () => waitFor(async () => {
    const x = await drawn(s);
    return x.image && x.image.loaded ? x : null;
  }, { what: 'the book\'s image to load from the library' }), app);
  // Levels as the book gives them (the reader draws level n as <h(n+1)>: <h1> is the title).
  assert.deepEqual(d.headings, ['L1:Title page', 'L2:Spring: The Creeks Fill', 'L1:Summer on the Flats',
    'L2:Winter Storms', 'L3:The surge', 'L2:Notes']);
  assert.deepEqual(d.contents, ['Title page', 'Spring: The Creeks Fill', 'Summer on the Flats', 'Winter Storms',
    'The surge', 'Notes']);
  assert.ok(d.items.some((m) => m.startsWith('1. the redshank')), JSON.stringify(d.items));
  assert.ok(d.items.some((m) => m.startsWith('3. and the litt')), JSON.stringify(d.items));
  assert.deepEqual(d.cells.slice(0, 4), ['Day', 'High water', 'Height', 'Monday']);
  assert.equal(d.quote, 'A marsh is a place that ');
  assert.equal(d.image.alt, 'A beadlet anemone open in a warm pool');
  // Links between chapters point inside the article; nothing can be followed by the webview.
  assert.ok(d.links.length >= 4 && d.links.every((h) => h.startsWith('#c')), JSON.stringify(d.links));
  assert.equal(d.hrefs, 0);
  assert.equal(d.script, false, 'the book\'s stylesheet is not text');
  assert.match(d.meta, /Estuary Press/);
  await assertNoErrorToast(s, 'after opening the book');
  await app.shot('book');
});

test('2. a note link jumps to the note in the notes chapter, and back', async () => {
  const s = app.session;
  const inView = (text) => s.execute(`
    const p = [...document.querySelectorAll('[data-testid="reader"] p')].find((x) => x.textContent.startsWith(arguments[0]));
    if (!p) return false;
    const r = p.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight;`, [text]);
  const note = await s.findElement('[data-testid="reader"] a.link[data-href$="-note1"]');
  await note.click();
  await waitFor(() => inView('1. Redshank are counted'), { what: 'note 1 in view' });
  // The contents in the sidebar follow: the section being read is marked.
  const current = () => s.execute(`const b = document.querySelector('#sidebar #article-contents button[aria-current]');
    return b ? b.textContent : null;`);
  await waitFor(async () => (await current()) === 'Notes', { what: 'Notes marked as the current section' });
  await app.shot('book-note');
  const back = await s.execute(`return [...document.querySelectorAll('[data-testid="reader"] a.link')]
    .find((a) => a.textContent === 'Back').dataset.href;`);
  const link = await s.findElement(`[data-testid="reader"] a.link[data-href="${back}"]`);
  await link.click();
  await waitFor(() => inView('The first spring tide'), { what: 'the first paragraph of spring in view' });
  await waitFor(async () => (await current()) === 'Spring: The Creeks Fill',
    { what: 'Spring marked as the current section after the jump back' });
});

test('3. a highlight from one chapter into the next survives a restart', async () => {
  const s = app.session;
  const list = await s.invoke('list_articles', { query: {} });
  const id = list.items.find((a) => a.title === TITLE).id;
  const { article } = await s.invoke('get_article', { id });
  const start = cpIndexOf(article.text, 'the marsh does not seem to mind.');
  const end = cpIndexOf(article.text, 'Heat settles') + [...'Heat settles'].length;
  assert.ok(start > 0 && end > start);
  await s.invoke('create_highlight', { articleId: id, start, end, input: { color: 'green', note: 'spring into summer' } });
  await app.restart();
  await openArticle(app.session, TITLE);
  const marks = await waitFor(() => app.session.execute(`
    const m = [...document.querySelectorAll('[data-testid="reader"] mark.hl-green')];
    return m.length ? m.map((x) => x.parentElement.closest('h2, h3, p')?.tagName + ':' + x.textContent) : null;`),
  { what: 'green marks in the reader' });
  assert.deepEqual(marks, ['P:the marsh does not seem to mind.', 'H2:Summer on the Flats', 'P:Heat settles']);
  await app.shot('book-highlight');
});
