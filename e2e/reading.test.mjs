// The reading loop's bugs, each with the test that failed before its fix:
// the re-attach banner (its Cancel button readable, the quote not doubly
// quoted) and re-attaching an orphan; the view buttons (nothing on <body>,
// Unplaced marked when it is shown); the library's tag filter (only tags
// articles carry); links in notes (opened outside, never in the window);
// the sample articles imported once per library, not whenever it is empty.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppFixture } from './harness.mjs';
import { step, importFile, reloadPage, openArticle, assertNoErrorToast, cpIndexOf, contrast } from './helpers.mjs';
import { waitFor } from './webdriver.mjs';

const app = new AppFixture('reading', { env: {} });
let opened;

const TITLE = 'Notes From The Lighthouse';
const BEFORE = `${TITLE}\n\nThe keeper trimmed the wick at dusk and logged the passing ships.\n\nStorms came from the west in autumn.\n`;
const AFTER = `${TITLE}\n\nThe keeper logged every ship that passed the point.\n\nStorms came from the west in autumn.\n`;
const LOST = 'trimmed the wick at dusk';

before(async () => {
  opened = join(app.dir, 'opened.txt');
  app.extraEnv.MARGINALIA_TEST_OPENED = opened;
  await app.start();
  await app.launch();
});

after(async () => { await app.stop(); });

test('1. an orphan is re-attached; the banner reads well and quotes once', async () => {
  const s = app.session;
  const file = join(app.dir, 'lighthouse.txt');
  writeFileSync(file, BEFORE);
  const id = (await importFile(s, file, app)).articles[0].id;
  const { article } = await s.invoke('get_article', { id });
  const start = cpIndexOf(article.text, LOST);
  await s.invoke('create_highlight', { articleId: id, start, end: start + [...LOST].length, input: { color: 'pink', note: 'the wick' } });
  // The file changes and is imported again: the passage is gone.
  writeFileSync(file, AFTER);
  await importFile(s, file, app);
  await reloadPage(s, app);
  // The toolbar's Unplaced button counts it, and its view says what it is.
  const button = await step('the Unplaced button and its count', () => waitFor(() => s.execute(`
    const b = document.getElementById('orphans-btn');
    return b.hidden ? null : { text: b.textContent.replace(/\\s+/g, ' ').trim(), title: b.title };`), { what: 'the Unplaced button' }), app);
  assert.equal(button.text, 'Unplaced 1');
  assert.match(button.title, /lost their place/);
  await (await s.findElement('#orphans-btn')).click();
  await waitFor(() => s.execute(`return !document.querySelector('[data-testid="unplaced-meaning"]').hidden
    && document.querySelectorAll('[data-testid="highlight-row"].orphan').length === 1;`), { what: 'the unplaced highlight and what it means' });
  await app.shot('unplaced-view');
  await openArticle(s, TITLE);
  await (await s.waitForElement('.orphans [data-testid="annotation"] button.primary', { visible: true })).click();
  const banner = await step('the re-attach banner', () => waitFor(() => s.execute(`
    const b = document.getElementById('reattach-banner');
    if (b.hidden) return null;
    const button = b.querySelector('button');
    const cs = getComputedStyle(button);
    const span = b.querySelector('span');
    return { text: span.textContent, quote: span.querySelector('q')?.textContent,
             color: cs.color, background: cs.backgroundColor, label: button.textContent };`), { what: 'the banner' }), app);
  await app.shot('reattach-banner');
  assert.equal(banner.quote, LOST);
  assert.ok(!/[“”"]/.test(banner.text), `the <q> draws the only quotation marks: ${banner.text}`);
  assert.equal(banner.label, 'Cancel');
  const ratio = contrast(banner.color, banner.background);
  assert.ok(ratio >= 4.5, `Cancel reads at ${ratio.toFixed(2)}:1 (${banner.color} on ${banner.background})`);

  // Re-attach it to "logged every ship".
  const text = (await s.invoke('get_article', { id })).article.text;
  const at = cpIndexOf(text, 'logged every ship');
  await s.execute('return window.marginalia.selectRange(arguments[0], arguments[1]);', [at, at + 17]);
  await waitFor(() => s.execute(`return !!document.querySelector('[data-testid="reader"] mark.hl-pink')
    && !document.querySelector('.orphans');`), { what: 'the highlight drawn again and no orphans left' });
  const { annotations } = await s.invoke('get_article', { id });
  assert.deepEqual(annotations.map((a) => [a.quote, a.orphaned, a.note]), [['logged every ship', false, 'the wick']]);
  await waitFor(() => s.execute('return document.getElementById("orphans-btn").hidden;'), { what: 'no Unplaced button once none are left' });
  await assertNoErrorToast(s, 'after re-attaching');
});

test('2. the view buttons: Unplaced is marked when shown, nothing on <body>', async () => {
  const s = app.session;
  const pressed = () => s.execute(`return {
    body: document.body.getAttribute('aria-pressed'),
    buttons: [...document.querySelectorAll('nav.views button')].filter((b) => b.getAttribute('aria-pressed') === 'true')
      .map((b) => b.firstChild.textContent.trim()) };`);
  assert.deepEqual(await pressed(), { body: null, buttons: ['Reader'] });
  await (await s.findElement('nav.views button[data-view="highlights"]')).click();
  await waitFor(async () => JSON.stringify((await pressed()).buttons) === '["All highlights"]', { what: 'All highlights marked' });
  assert.equal((await pressed()).body, null);
  // Ticking "Unplaced only" shows the (empty) Unplaced view, its button
  // marked while it is shown, though there are none.
  await (await s.findElement('#orphans-only')).click();
  await waitFor(async () => JSON.stringify((await pressed()).buttons) === '["Unplaced"]', { what: 'Unplaced marked by the checkbox' });
  assert.equal(await s.execute('return document.getElementById("orphans-btn").hidden;'), false);
  assert.match(await s.execute('return document.querySelector(\'[data-testid="highlights-count"]\').textContent;'), /No unplaced highlights/);
  await app.shot('unplaced-none');
  await (await s.findElement('nav.views button[data-view="reader"]')).click();
  await waitFor(async () => JSON.stringify((await pressed()).buttons) === '["Reader"]', { what: 'Reader marked' });
  await waitFor(() => s.execute('return document.getElementById("orphans-btn").hidden;'), { what: 'Unplaced hidden again' });
});

test('3. the tag filter lists only tags that articles carry; a link in a note opens outside', async () => {
  const s = app.session;
  const list = await s.invoke('list_articles', { query: {} });
  const id = list.items.find((a) => a.title === TITLE).id;
  await s.invoke('add_tags', { ids: [id], tags: ['coast'] });
  const { annotations } = await s.invoke('get_article', { id });
  await s.invoke('add_tags', { ids: [annotations[0].id], tags: ['margin-only'] });
  await s.invoke('update_annotation', {
    id: annotations[0].id,
    patch: { note: 'See [the log](https://lighthouse.example.org/log) and [this](javascript:alert(1)).' },
  });
  const tags = await s.invoke('list_tags', {});
  assert.deepEqual(tags.map((t) => [t.name, t.articles]).sort(), [['coast', 1], ['guide', 0], ['margin-only', 0]]);
  await reloadPage(s, app);
  const options = await s.execute(`return [...document.querySelectorAll('#tag-filter option')].map((o) => o.value);`);
  assert.deepEqual(options, ['', 'coast']);

  await openArticle(s, TITLE);
  const link = await s.waitForElement('#sidebar .note-html a[href^="https:"]', { visible: true });
  await link.click();
  await waitFor(() => existsSync(opened) && readFileSync(opened, 'utf8').includes('https://lighthouse.example.org/log'),
    { what: 'the link handed to the system browser' });
  const where = await s.execute('return location.href;');
  assert.match(where, /^(tauri|http):\/\/(localhost|tauri\.localhost)/, `the window stayed on the app: ${where}`);
  // ammonia dropped the script link; nothing else was opened.
  assert.deepEqual(readFileSync(opened, 'utf8').trim().split('\n'), ['https://lighthouse.example.org/log']);
  await assertNoErrorToast(s, 'after following the note link');
});

test('4. deleting every article leaves the library empty after a restart', async () => {
  const s = app.session;
  const { items } = await s.invoke('list_articles', { query: { limit: 100 } });
  assert.ok(items.length >= 2, 'the sample articles and ours');
  await s.invoke('delete_permanently', { ids: items.map((a) => a.id) });
  await app.restart();
  const after = await app.session.invoke('list_articles', { query: {} });
  assert.deepEqual(after.items, [], 'the sample is not imported again');
  await waitFor(() => app.session.execute(`return document.querySelectorAll('[data-testid="article-item"]').length === 0
    && document.body.dataset.ready === 'true';`), { what: 'an empty library list' });
  // The reader says the library is empty and offers the ways in (the
  // session may have left another view open).
  await app.session.execute('document.querySelector(\'nav.views button[data-view="reader"]\').click(); return true;');
  await waitFor(() => app.session.execute(`const b = document.querySelector('[data-testid="empty-import"]');
    return !!b && !b.closest('[hidden]');`), { timeout: 30_000, what: 'the empty library offering Import' }).catch(async (e) => {
    const why = await app.session.execute(`return JSON.stringify({ tabs: document.getElementById('state-tabs').textContent,
      empty: document.getElementById('reader-empty').hidden, none: document.querySelector('#reader-empty .when-none').hidden,
      view: document.body.dataset.view });`);
    throw new Error(`${e.message}: ${why}`);
  });
  await app.shot('emptied-library');
});

test('5. a selection ending inside a word takes the whole word; the toolbar names each colour', async () => {
  const s = app.session;
  const file = join(app.dir, 'charter.txt');
  writeFileSync(file, 'The Charter\n\nThe agreement was signed at noon by both ministers.\n');
  const id = (await importFile(s, file, app)).articles[0].id;
  await reloadPage(s, app);
  await (await s.findElement('#state-tabs [data-list="all"]')).click();
  await openArticle(s, 'The Charter');
  const { article } = await s.invoke('get_article', { id });
  // "e agreeme": from inside "The" to inside "agreement".
  const start = cpIndexOf(article.text, 'e agreement');
  const end = cpIndexOf(article.text, 'nt was');
  await s.execute('return window.marginalia.selectRange(arguments[0], arguments[1]);', [start, end]);
  await s.waitForElement('[data-testid="highlight-toolbar"]', { visible: true });
  const seen = await s.execute(`return { selected: window.getSelection().toString(),
    labels: [...document.querySelectorAll('[data-testid="highlight-toolbar"] .color-btn')].map((b) => b.innerText.replace(/\\s+/g, ' ').trim()) };`);
  assert.equal(seen.selected, 'The agreement');
  assert.deepEqual(seen.labels.map((l) => l.replace(/ \d$/, '')), ['key point', 'agree', 'context', 'disagree', 'question']);
  await app.shot('toolbar-labels');
  await (await s.findElement('[data-testid="highlight-toolbar"] [data-testid="color-yellow"]')).click();
  const made = await waitFor(async () => (await s.invoke('get_article', { id })).annotations[0], { what: 'the highlight' });
  assert.equal(made.quote, 'The agreement');
});
