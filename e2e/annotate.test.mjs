// The main reading flow on a fresh library, in order (each test builds on the
// one before): sample library -> highlight with note and tag -> restart ->
// search -> CSV export.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppFixture, SAMPLE_TITLES, FIRST_RUN_TITLES, WELCOME_ANNOTATIONS } from './harness.mjs';
import {
  step, sampleArticles, cpIndexOf, cpLength, csvRecords, libraryTitles, openArticle, readerState, settleFlash,
  assertNoErrorToast,
} from './helpers.mjs';
import { waitFor } from './webdriver.mjs';

const app = new AppFixture('annotate');
const ARTICLE = SAMPLE_TITLES[0]; // "Armenia and US Sign Strategic Partnership Charter"
const OTHER = SAMPLE_TITLES[2]; // "Kremlin Comments on Armenia-US Strategic Partnership Plans"
const PHRASE = 'a robust framework and injects greater ambition into our cooperation';
const NOTE = 'zebra-note-42 check this';
const TAG = 'e2e-tag';

const sample = Object.fromEntries(sampleArticles().map((a) => [a.title, a.text]));
// What the test learns as it goes, for the later tests.
const seen = { articleId: null, annotationId: null, start: null, end: null };

/** The green highlight(s) in the reader, and the sidebar entries. */
function highlightState(session) {
  return session.execute(`
    const reader = document.querySelector('[data-testid="reader"]');
    const marks = [...reader.querySelectorAll('mark.hl')].map((m) => ({
      cls: m.className, ids: m.dataset.ids, text: m.textContent }));
    const anns = [...document.querySelectorAll('#sidebar [data-testid="annotation"]')].map((li) => ({
      id: li.dataset.id,
      quote: li.querySelector('.ann-quote')?.textContent ?? '',
      note: li.querySelector('.note-html')?.textContent.trim() ?? '',
      tags: [...li.querySelectorAll('.chip, .tag')].map((t) => t.textContent.trim()),
      text: li.textContent }));
    return { marks, anns };`);
}

before(async () => {
  assert.equal(Object.keys(sample).length, 4, 'the sample file should hold four articles');
  await app.start();
  await app.launch();
});

after(async () => { await app.stop(); });

test('1. the guide and the four sample articles are listed', async () => {
  const s = app.session;
  const titles = await step('read the library list', () => waitFor(async () => {
    const t = await libraryTitles(s);
    return t.length >= FIRST_RUN_TITLES.length ? t : null;
  }, { what: 'five article items in the library list' }), app);
  assert.deepEqual([...titles].sort(), [...FIRST_RUN_TITLES].sort(), 'library titles (exact text)');
  assert.equal(titles[0], FIRST_RUN_TITLES[0], 'the guide is listed first');
  await app.shot('library');
});

test('2. open an article, select a passage, highlight it green with a note and a tag', async () => {
  const s = app.session;
  const expected = sample[ARTICLE];

  const shown = await step('open the article by clicking its library item', () => openArticle(s, ARTICLE, expected), app);
  assert.equal(shown.text, expected, "reader text = the article's paragraphs joined by a blank line");

  // Offsets from the canonical text, cross-checked against what Rust holds.
  const start = cpIndexOf(expected, PHRASE);
  assert.ok(start > 0, `phrase must occur in the sample text: ${PHRASE}`);
  const end = start + cpLength(PHRASE);
  const id = await s.execute(`return document.querySelector('[data-testid="article-item"][aria-current="true"]')?.dataset.id;`);
  assert.ok(id, 'the opened article is marked current in the list');
  const data = await step('get_article', () => s.invoke('get_article', { id }), app);
  assert.equal(data.article.text, expected, 'get_article text equals the sample paragraphs joined by "\\n\\n"');
  assert.equal([...data.article.text].slice(start, end).join(''), PHRASE, 'code-point slice is the phrase');
  Object.assign(seen, { articleId: id, start, end });

  await step('select the phrase and wait for the toolbar', async () => {
    const ok = await s.execute('return window.marginalia.selectRange(arguments[0], arguments[1]);', [start, end]);
    assert.equal(ok, true, 'window.marginalia.selectRange returned true');
    const selected = await s.execute('return String(window.getSelection());');
    assert.equal(selected, PHRASE, 'the DOM selection is the phrase');
    await s.waitForElement('[data-testid="highlight-toolbar"]', { visible: true });
  }, app);

  await step('type a note and a tag into the toolbar', async () => {
    const note = await s.findElement('[data-testid="highlight-toolbar"] [data-testid="note-input"]');
    await note.sendKeys(NOTE);
    const tags = await s.findElement('[data-testid="highlight-toolbar"] [data-testid="tags-input"]');
    await tags.sendKeys(TAG);
    assert.equal(await note.getProperty('value'), NOTE, 'note field value');
    assert.equal(await tags.getProperty('value'), TAG, 'tags field value');
    assert.equal(await (await s.findElement('[data-testid="highlight-toolbar"]')).isDisplayed(), true,
      'toolbar still open after typing');
  }, app);
  await app.shot('toolbar');

  await step('click the green colour button', async () => {
    const green = await s.findElement('[data-testid="highlight-toolbar"] [data-testid="color-green"]');
    await green.click();
  }, app);

  const st = await step('wait for the green mark and the sidebar entry', () => waitFor(async () => {
    const x = await highlightState(s);
    return x.marks.some((m) => /\bhl-green\b/.test(m.cls)) && x.anns.length > 0 ? x : null;
  }, { what: 'a mark.hl-green in the reader and an annotation in the sidebar' }), app);

  const green = st.marks.filter((m) => /\bhl-green\b/.test(m.cls));
  assert.equal(green.map((m) => m.text).join(''), PHRASE, 'the green mark(s) cover exactly the phrase');
  assert.equal(st.anns.length, 1, 'one annotation in the sidebar');
  const ann = st.anns[0];
  assert.equal(ann.quote, PHRASE, 'sidebar entry shows the quote');
  assert.ok(ann.note.includes(NOTE), `sidebar entry shows the note (got ${JSON.stringify(ann.note)})`);
  assert.ok(ann.text.includes(TAG), `sidebar entry shows the tag (got ${JSON.stringify(ann.text)})`);
  assert.ok(green.every((m) => m.ids.split(' ').includes(ann.id)), 'the mark carries the annotation id');
  seen.annotationId = ann.id;

  assert.equal(await s.execute('return document.querySelector(\'[data-testid="highlight-toolbar"]\').hidden;'), true,
    'the toolbar closes after highlighting');

  // Rust agrees: one highlight, with the exact offsets, note, colour and tag.
  const after = await s.invoke('get_article', { id: seen.articleId });
  const h = after.annotations.find((a) => a.id === ann.id);
  assert.ok(h, 'the annotation is stored');
  assert.equal(h.kind, 'highlight');
  assert.equal(h.start, start);
  assert.equal(h.end, end);
  assert.equal(h.quote, PHRASE);
  assert.equal(h.note, NOTE);
  assert.equal(h.color, 'green');
  assert.deepEqual(h.tags, [TAG]);

  await assertNoErrorToast(s, 'after highlighting');
  await settleFlash(s);
  // artifacts/e2e/highlight.png; docs/screenshot.png (the README's) is
  // updated from it by hand, so test runs never change tracked files.
  await app.shot('highlight');
});

test('3. the highlight survives a restart of the app', async () => {
  assert.ok(seen.annotationId, 'needs the highlight from test 2');
  const s = await step('restart: delete the session and start a new one on the same library', () => app.restart(), app);
  const titles = await waitFor(async () => ((await libraryTitles(s)).length >= FIRST_RUN_TITLES.length ? libraryTitles(s) : null),
    { what: 'the library list after the restart' });
  assert.deepEqual([...titles].sort(), [...FIRST_RUN_TITLES].sort(), 'same five articles after restart (no re-import)');
  await step('re-open the article', () => openArticle(s, ARTICLE, sample[ARTICLE]), app);
  const st = await step('wait for the green mark and the sidebar entry after restart', () => waitFor(async () => {
    const x = await highlightState(s);
    return x.marks.length && x.anns.length ? x : null;
  }, { what: 'the highlight and sidebar entry after restart' }), app);
  const green = st.marks.filter((m) => /\bhl-green\b/.test(m.cls));
  assert.equal(green.map((m) => m.text).join(''), PHRASE, 'green mark text after restart');
  assert.equal(st.anns.length, 1, 'one sidebar entry after restart');
  assert.equal(st.anns[0].id, seen.annotationId, 'same annotation id');
  assert.equal(st.anns[0].quote, PHRASE, 'sidebar quote after restart');
  assert.ok(st.anns[0].note.includes(NOTE), 'sidebar note after restart');
  await assertNoErrorToast(s, 'after the restart');
});

test('4. search finds the note and a hit opens the article', async () => {
  const s = app.session;
  assert.ok(seen.annotationId, 'needs the highlight from test 2');
  // Open another article first, so that the click on the hit has to switch.
  await step('open a different article', () => openArticle(s, OTHER, sample[OTHER]), app);

  await step('type "zebra" into the search box', async () => {
    const box = await s.findElement('[data-testid="search"]');
    await box.click();
    await box.sendKeys('zebra');
  }, app);
  const hits = await step('wait for search hits', () => waitFor(async () => {
    const hs = await s.execute(`return [...document.querySelectorAll('[data-testid="search-hit"]')].map((li) => ({
      article: li.dataset.articleId, annotation: li.dataset.annotationId, kind: li.dataset.kind,
      title: li.querySelector('.hit-title')?.textContent, snippet: li.querySelector('.snippet')?.textContent,
      marked: [...li.querySelectorAll('.snippet mark')].map((m) => m.textContent) }));`);
    return hs.length ? hs : null;
  }, { what: 'at least one [data-testid="search-hit"]' }), app);

  const hit = hits.find((x) => x.annotation === seen.annotationId);
  assert.ok(hit, `a hit for the highlight's annotation (hits: ${JSON.stringify(hits)})`);
  assert.equal(hit.article, seen.articleId, 'hit points at the article');
  assert.equal(hit.title, ARTICLE, 'hit shows the article title');
  assert.ok(hit.marked.some((m) => m.toLowerCase().includes('zebra')), `"zebra" is marked in the snippet: ${JSON.stringify(hit)}`);
  assert.equal(await s.execute('return document.querySelector(\'[data-testid="library"]\').hidden;'), true,
    'the article list is replaced by the results while searching');
  await app.shot('search');

  await step('click the hit', async () => {
    const li = await s.findElement(`[data-testid="search-hit"][data-annotation-id="${seen.annotationId}"]`);
    await li.click();
  }, app);
  await step('the hit opens the article with its highlight', () => waitFor(async () => {
    const r = await readerState(s);
    if (r.title !== ARTICLE || r.text !== sample[ARTICLE]) return null;
    const st = await highlightState(s);
    return st.marks.some((m) => /\bhl-green\b/.test(m.cls) && m.text === PHRASE) && st.anns.length === 1;
  }, { what: `the reader to show "${ARTICLE}" with its green highlight` }), app);
  await assertNoErrorToast(s, 'after searching');
});

test('5. CSV export holds the highlight with note, colour and tag', async () => {
  const s = app.session;
  assert.ok(seen.annotationId, 'needs the highlight from test 2');
  // Export through the UI: the export form, then the save dialog opened by
  // Rust (the fixture answers it as a user choosing the file would).
  const out = join(app.dir, 'export.csv');
  app.answerDialogs({ save: out });
  await step('export through the UI', async () => {
    await s.execute('document.getElementById("export-btn").click(); return true;');
    await waitFor(() => s.execute('return !!document.querySelector("#export-dialog[open] button.primary");'),
      { what: 'the export form' });
    await s.execute('document.querySelector("#export-dialog button.primary").click(); return true;');
    // This highlight, and the guide's examples.
    await waitFor(() => s.execute(`return [...document.querySelectorAll('.toast')].some((t) => t.textContent.includes(arguments[0]));`,
      [`Exported ${1 + WELCOME_ANNOTATIONS} annotations`]), { what: 'the "Exported 5 annotations" toast' });
  }, app);

  const csv = await readFile(out, 'utf8');
  assert.ok(csv.includes('\r\n'), 'CSV records end with CRLF');
  assert.notEqual(csv.charCodeAt(0), 0xfeff, 'no BOM when bom:false');
  const rows = csvRecords(csv);
  assert.equal(rows.length, 1 + WELCOME_ANNOTATIONS, 'this highlight and the guide\'s examples');
  const row = rows.find((r) => r.quote === PHRASE);
  assert.ok(row, `a row with the quote (rows: ${JSON.stringify(rows)})`);
  assert.equal(row.annotation_id, seen.annotationId);
  assert.equal(row.kind, 'highlight');
  assert.equal(row.article_id, seen.articleId);
  assert.equal(row.article_title, ARTICLE);
  assert.equal(row.note, NOTE);
  assert.equal(row.color, 'green');
  assert.deepEqual(row.tags.split(',').map((t) => t.trim()).filter(Boolean), [TAG]);
  assert.equal(Number(row.start), seen.start);
  assert.equal(Number(row.end), seen.end);
});
