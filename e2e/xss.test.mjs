// Script payloads in imported text and in notes must stay inert: article text
// is rendered as text nodes, notes as sanitised HTML.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppFixture, SAMPLE_TITLES, FIRST_RUN_TITLES } from './harness.mjs';
import { step, openArticle, readerState, libraryTitles, assertNoErrorToast } from './helpers.mjs';
import { waitFor } from './webdriver.mjs';

const app = new AppFixture('xss');
const TITLE = 'Payload Test Article';
const SCRIPT = '<script>window.__pwned=1</script>';
const IMG = '<img src=x onerror="window.__pwned=2">';
const PARAS = [
  `This paragraph carries a literal ${SCRIPT} tag that must stay plain text.`,
  `This one carries an image payload ${IMG} that must never load.`,
  'A third, harmless paragraph closes the article.',
];
const NOTE = '<img src=x onerror="window.__pwned=3"> **bold** <script>window.__pwned=4</script>';

let articleId = null;

/** What a payload could have done, and what the page holds. */
function pageSafety(session) {
  return session.execute(`
    const reader = document.querySelector('[data-testid="reader"]');
    const sidebar = document.getElementById('sidebar');
    const notes = document.getElementById('article-notes');
    return {
      pwned: typeof window.__pwned === 'undefined' ? null : window.__pwned,
      readerText: reader.textContent,
      readerEls: reader.querySelectorAll('script, img, iframe, object, embed, svg').length,
      sidebarEls: sidebar.querySelectorAll('script, img, iframe, object, embed').length,
      notesEls: notes.querySelectorAll('script, img, iframe, object, embed').length,
      handlers: [...document.querySelectorAll('#reader *, #sidebar *, #article-notes *')]
        .filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).length,
    };`);
}

/** Waits a moment for any late payload (an image error event) to fire. */
function settle(session) {
  return session.executeAsync('const done = arguments[arguments.length - 1]; setTimeout(() => done(true), 500);');
}

before(async () => {
  await app.start();
  await app.launch();
});

after(async () => { await app.stop(); });

test('6a. script and image payloads in an imported article are shown as text', async () => {
  const s = app.session;
  const file = join(app.dir, 'xss.txt');
  await writeFile(file, `${TITLE}\n\n${PARAS.join('\n\n')}\n`, 'utf8');

  // The Import button opens the open dialog from Rust; the fixture answers it
  // as a user picking the file would, so the whole flow is the real one.
  await step('import through the UI', async () => {
    app.answerDialogs({ open: [file] });
    await s.execute('document.getElementById("import-btn").click(); return true;');
    await waitFor(() => s.execute(`const d = document.querySelector('dialog[open] .import-summary');
      return !!d && d.textContent.includes('added') && d.textContent.includes(${JSON.stringify(TITLE)});`),
    { what: 'the import summary listing the article as added' });
    await app.shot('import-summary');
    await s.execute(`document.querySelector('dialog[open]').close(); return true;`);
    await waitFor(async () => (await libraryTitles(s)).includes(TITLE), { what: `"${TITLE}" in the library list` });
  }, app);
  articleId = await s.execute(`return [...document.querySelectorAll('[data-testid=article-item]')]
    .find((el) => el.textContent.includes(${JSON.stringify(TITLE)})).dataset.id;`);
  assert.ok(articleId, 'the new article has an id in the list');
  const titles = await libraryTitles(s);
  assert.deepEqual([...titles].sort(), [...FIRST_RUN_TITLES, TITLE].sort(), 'the guide and the sample articles plus the payload article');

  const expected = PARAS.join('\n\n');
  const shown = await step('open the payload article', () => openArticle(s, TITLE, expected), app);
  assert.equal(shown.text, expected, 'the reader shows the paragraphs verbatim');

  await settle(s);
  const st = await pageSafety(s);
  assert.ok(st.readerText.includes('<script>'), 'reader textContent contains the literal "<script>"');
  assert.ok(st.readerText.includes(SCRIPT), 'the whole script payload is visible as text');
  assert.ok(st.readerText.includes(IMG), 'the whole img payload is visible as text');
  assert.equal(st.readerEls, 0, 'no <script>/<img>/... element inside the reader');
  assert.equal(st.handlers, 0, 'no on* attribute anywhere in reader, sidebar or notes');
  assert.equal(st.pwned, null, 'window.__pwned is undefined');
  await assertNoErrorToast(s, 'after opening the payload article');
  await app.shot('xss');
});

test('6b. a note with HTML payloads shows them as typed text and renders its Markdown', async () => {
  const s = app.session;
  assert.ok(articleId, 'needs the article imported in 6a');
  const ann = await step('invoke create_note', () => s.invoke('create_note', { articleId, input: { note: NOTE } }), app);
  assert.equal(ann.kind, 'note');
  assert.equal(ann.note, NOTE, 'the Markdown source is kept verbatim');
  assert.ok(!/<script|<img/i.test(ann.note_html), `note_html has no script or image element: ${ann.note_html}`);

  // Re-open the article (the UI re-fetches it) so the sidebar shows the note.
  await step('re-open the article via another one', async () => {
    await openArticle(s, SAMPLE_TITLES[0]);
    await openArticle(s, TITLE);
  }, app);
  const note = await step('wait for the note in the sidebar', () => waitFor(() => s.execute(`
    const li = document.querySelector('#sidebar [data-testid="annotation"][data-id="' + arguments[0] + '"]');
    if (!li) return null;
    const html = li.querySelector('.note-html');
    return { strong: [...li.querySelectorAll('.note-html strong')].map((e) => e.textContent),
             html: html ? html.innerHTML : null, text: li.textContent };`, [ann.id]),
  { what: `sidebar annotation ${ann.id}` }), app);
  assert.deepEqual(note.strong, ['bold'], `the note renders <strong>bold</strong> (html: ${note.html})`);
  // Raw HTML in a note is shown as the text the user typed, never run.
  assert.ok(note.text.includes('<img src=x onerror="window.__pwned=3">'), `the img payload shows as text: ${note.text}`);
  assert.ok(note.text.includes('<script>window.__pwned=4</script>'), `the script payload shows as text: ${note.text}`);

  // The article header's notes section renders the same note_html.
  const headerStrong = await s.execute(
    'return [...document.querySelectorAll("#article-notes .note-html strong")].map((e) => e.textContent);');
  assert.deepEqual(headerStrong, ['bold'], 'the article notes section renders <strong>bold</strong>');

  await settle(s);
  const st = await pageSafety(s);
  assert.equal(st.sidebarEls, 0, 'no <script>/<img> inside the sidebar');
  assert.equal(st.notesEls, 0, 'no <script>/<img> inside the article notes');
  assert.equal(st.readerEls, 0, 'still none in the reader');
  assert.equal(st.handlers, 0, 'no on* attribute anywhere in reader, sidebar or notes');
  assert.equal(st.pwned, null, 'window.__pwned is still undefined');
  const r = await readerState(s);
  assert.equal(r.title, TITLE);
  await assertNoErrorToast(s, 'after re-opening the article with the note');
  await app.shot('xss-note');
});
