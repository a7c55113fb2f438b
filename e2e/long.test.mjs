// A long article (about 250 KB, 300 highlights) renders in chunks: the first
// screens at once, the rest in later tasks. The whole text and every mark
// must still arrive; jumping to the last highlight, selecting deep in the
// article before it is drawn and highlighting there must work, and the edit
// keeps the reader where it was.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppFixture, SAMPLE_TITLES } from './harness.mjs';
import { step, assertNoErrorToast, importFile, reloadPage, openArticle } from './helpers.mjs';
import { waitFor } from './webdriver.mjs';

const app = new AppFixture('long');
const TITLE = 'A Very Long Report On Harbours';
const PARAS = Array.from({ length: 400 }, (_, i) =>
  `Paragraph ${i} opens with a harbour note. ` +
  'Cranes, ferries and tugs worked the quays through the night while the tide turned twice. '.repeat(7).trimEnd());
const TEXT = PARAS.join('\n\n');
const HIGHLIGHTS = 300;

/** Code-point start of paragraph i (the text is ASCII: code points = UTF-16 units). */
const paraStart = (i) => PARAS.slice(0, i).reduce((n, p) => n + p.length + 2, 0);

before(async () => {
  await app.start();
  await app.launch();
});

after(async () => { await app.stop(); });

test('extra: a long article renders in chunks, completely, and stays usable while it does', async () => {
  const s = app.session;
  const file = join(app.dir, 'long.txt');
  await writeFile(file, `${TITLE}\n\n${TEXT}\n`, 'utf8');
  const id = (await importFile(s, file, app)).articles[0].id;
  // Highlight the first 40 characters of 300 paragraphs spread over the text, the last one included.
  const marked = Array.from({ length: HIGHLIGHTS }, (_, k) => Math.round((k * (PARAS.length - 1)) / (HIGHLIGHTS - 1)));
  await step('create the highlights over IPC', async () => {
    for (const i of marked) {
      await s.invoke('create_highlight', { articleId: id, start: paraStart(i), end: paraStart(i) + 40, input: { color: 'blue' } });
    }
  }, app);
  await reloadPage(s, app); // lists the new article

  const seen = await step('open it: the first chunk first, then the rest', () => s.executeAsync(`
    const [id, done] = arguments;
    const reader = document.querySelector('[data-testid="reader"]');
    const li = document.querySelector('[data-testid="article-item"][data-id="' + CSS.escape(id) + '"]');
    if (!li) { done({ error: 'no list item' }); return; }
    const out = { first: null, firstState: null };
    const check = () => {
      if (out.first == null && reader.dataset.article === id && reader.dataset.render) {
        out.first = reader.children.length;
        out.firstState = reader.dataset.render;
      }
      if (out.first != null && reader.dataset.render === 'complete') {
        mo.disconnect();
        done(out);
      }
    };
    const mo = new MutationObserver(check);
    mo.observe(reader, { childList: true, attributes: true });
    (li.querySelector('button') || li).click();
    setTimeout(() => { mo.disconnect(); done({ error: 'timeout', ...out }); }, 30000);`, [id]), app);
  assert.equal(seen.error, undefined, JSON.stringify(seen));
  assert.equal(seen.firstState, 'partial', 'a 250 KB article does not render in one go');
  assert.ok(seen.first > 0 && seen.first < PARAS.length, `first chunk: ${seen.first} of ${PARAS.length} paragraphs`);

  const full = await step('the whole text and every mark arrive', () => waitFor(() => s.execute(`
    const reader = document.querySelector('[data-testid="reader"]');
    const items = document.querySelectorAll('#sidebar [data-testid="annotation"]').length;
    if (reader.dataset.render !== 'complete' || items < arguments[0]) return null;
    return { text: [...reader.children].map((p) => p.textContent).join('\\n\\n'),
             marks: new Set([...reader.querySelectorAll('mark.hl')].flatMap((m) => m.dataset.ids.split(' '))).size,
             items };`, [HIGHLIGHTS]), { what: 'the complete article and sidebar' }), app);
  assert.equal(full.text, TEXT);
  assert.equal(full.marks, HIGHLIGHTS);
  assert.equal(full.items, HIGHLIGHTS);

  await step('jump to the last highlight from the sidebar', async () => {
    const last = await s.findElement('#sidebar [data-testid="annotation"]:nth-of-type(300) .ann-quote');
    await last.click();
    await waitFor(() => s.execute(`
      const marks = document.querySelectorAll('[data-testid="reader"] mark.hl');
      const r = marks[marks.length - 1].getBoundingClientRect();
      return document.getElementById('main').scrollTop > 0 && r.top >= 0 && r.bottom <= window.innerHeight;`),
    { what: 'the last highlight to be scrolled into view' });
  }, app);

  // Reopen (rendering starts over) and select deep in the article at once:
  // the selection must land on the right text although it was not drawn yet.
  // Another article first: choosing the open one again only shows it.
  await step('open another article', () => openArticle(s, SAMPLE_TITLES[0]), app);
  const lastPara = 350;
  const start = paraStart(lastPara) + PARAS[lastPara].indexOf('the tide turned');
  const end = start + 'the tide turned'.length;
  let selectedTop = null;
  await step('reopen, select deep in the article and highlight it', async () => {
    const ok = await s.executeAsync(`
      const [id, a, b, para, done] = arguments;
      const reader = document.querySelector('[data-testid="reader"]');
      const li = document.querySelector('[data-testid="article-item"][data-id="' + CSS.escape(id) + '"]');
      reader.dataset.article = '';
      (li.querySelector('button') || li).click();
      const poll = setInterval(() => {
        if (reader.dataset.article !== id) return;
        clearInterval(poll);
        const state = reader.dataset.render;
        // Selecting draws the rest of the article first if it is not there yet.
        const first = window.marginalia.selectRange(a, b);
        // Scroll there; paragraphs off screen have estimated heights
        // (content-visibility) until drawn, so let the ones near the
        // viewport be drawn and scroll again before selecting.
        const last = reader.children[para];
        let n = 0;
        const settle = () => {
          last.scrollIntoView({ block: 'center' });
          if (++n < 4) { setTimeout(settle, 150); return; }
          done({ state, selected: first && window.marginalia.selectRange(a, b) });
        };
        settle();
      }, 1);`, [id, start, end, lastPara]);
    assert.equal(ok.selected, true, JSON.stringify(ok));
    await s.waitForElement('[data-testid="highlight-toolbar"]', { visible: true });
    selectedTop = await s.execute('return window.getSelection().getRangeAt(0).getBoundingClientRect().top;');
    await (await s.findElement('[data-testid="highlight-toolbar"] [data-testid="color-green"]')).click();
    await waitFor(() => s.execute('return document.querySelector(\'[data-testid="highlight-toolbar"]\').hidden;'),
      { what: 'the toolbar to close after highlighting' });
  }, app);
  const { annotations } = await s.invoke('get_article', { id });
  const green = annotations.find((a) => a.color === 'green');
  assert.ok(green, 'the new highlight is stored');
  assert.deepEqual([green.start, green.end, green.quote], [start, end, 'the tide turned']);

  await step('after the edit the reader stays deep in the article', async () => {
    const where = await waitFor(() => s.execute(`
      const m = document.querySelector('[data-testid="reader"] mark.hl-green');
      if (!m) return null;
      const r = m.getBoundingClientRect();
      return { top: document.getElementById('main').scrollTop, visible: r.bottom > 0 && r.top < window.innerHeight,
               markTop: r.top, height: window.innerHeight, render: document.querySelector('[data-testid="reader"]').dataset.render };`),
    { what: 'the green mark to be drawn' });
    assert.ok(where.top > 1000, `scrollTop ${where.top}`);
    assert.equal(where.visible, true, `the new highlight is on screen: ${JSON.stringify(where)}, selected at ${selectedTop}`);
    assert.ok(Math.abs(where.markTop - selectedTop) < 40,
      `the passage stays where it was selected (${selectedTop} px from the top, now ${where.markTop})`);
  }, app);
  await app.shot('long-article');
  await assertNoErrorToast(s, 'after the long article');
});

test('extra: a document with 150 headings lists them all in its contents, the last marked at the end', async () => {
  const s = app.session;
  const SECTIONS = 150;
  const md = ['# A Long Handbook', ''];
  for (let i = 1; i <= SECTIONS; i++) md.push(`## Section ${i}`, '', `Section ${i} says what the tide does at quay ${i}. `.repeat(3).trimEnd(), '');
  const file = join(app.dir, 'handbook.md');
  await writeFile(file, md.join('\n'), 'utf8');
  const id = (await importFile(s, file, app)).articles[0].id;
  await reloadPage(s, app);
  await (await s.findElement(`[data-testid="article-item"][data-id="${id}"] .article-btn`)).click();
  // The first entries come with the article; the rest follow after it is painted.
  const entries = await step('every heading arrives in the contents', () => waitFor(() => s.execute(`
    const el = document.getElementById('article-contents');
    const b = [...el.querySelectorAll('button')].map((x) => x.textContent);
    return !el.hidden && b.length >= arguments[0] ? { summary: el.querySelector('summary').textContent, b } : null;`,
  [SECTIONS]), { what: 'all contents entries' }), app);
  // (The first-level heading is the title, above the text.)
  assert.equal(entries.summary, `Contents · ${SECTIONS} sections`);
  assert.deepEqual(entries.b, Array.from({ length: SECTIONS }, (_, i) => `Section ${i + 1}`));
  await step('scrolled to the end, the last section is marked', async () => {
    await s.execute(`const m = document.getElementById('main'); m.scrollTop = m.scrollHeight;`);
    await waitFor(() => s.execute(`const m = document.getElementById('main'); m.scrollTop = m.scrollHeight;
      const b = document.querySelector('#article-contents button[aria-current]');
      return b && b.textContent === 'Section ${SECTIONS}';`), { what: 'the last section marked' });
  }, app);
  await assertNoErrorToast(s, 'after the handbook');
});
