// Reading with the keyboard, and nothing typed lost: find in the article
// (Ctrl+F, its count, Enter / Shift+Enter, Esc); selecting sentences and
// paragraphs with ] [ } { and highlighting them with 1–5; n / p between
// highlights and c to copy one as a quote with its title (read back from
// the real clipboard); colour labels saved as typed; a tag typed and left
// without Enter is added when the field loses focus.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppFixture } from './harness.mjs';
import { step, importFile, reloadPage, openArticle, assertNoErrorToast, cpIndexOf, cpLength } from './helpers.mjs';
import { waitFor, Keys } from './webdriver.mjs';

const app = new AppFixture('keys');
const TITLE = 'Notes On Estuaries';
const PARAS = [
  'The tide turns twice a day. Salt water pushes up the river! Where does the fresh water go? It rides on top, for a while.',
  ...Array.from({ length: 40 }, (_, i) => `Paragraph ${i}: the estuary mixes salt and fresh water, and the Estuary keeps changing.`),
  'Last words about the ESTUARY.',
];
const TEXT = `${PARAS.join('\n\n')}\n`;
let id;

before(async () => {
  await app.start();
  await app.launch();
  const file = join(app.dir, 'estuaries.md');
  writeFileSync(file, `# ${TITLE}\n\n${TEXT}`);
  id = (await importFile(app.session, file, app)).articles[0].id;
  await reloadPage(app.session, app);
});

after(async () => { await app.stop(); });

/**
 * Reloads the page: the app opens the article the session left (this one)
 * from its saved position, and is ready once it is drawn. (Choosing the open
 * article in the list would only show it where it was.)
 */
async function reopen(s) {
  await reloadPage(s, app);
  const title = await s.execute('return document.getElementById("article-title").textContent;');
  assert.equal(title, TITLE, 'the session brings the article back');
}

const toasts = (s) => s.execute('return [...document.querySelectorAll("#toasts .toast-msg")].map((t) => t.textContent);');
const selection = (s) => s.execute('return String(window.getSelection());');

test('1. Ctrl+F finds every match with its count; Enter and Shift+Enter step; Esc closes', async () => {
  const s = app.session;
  await openArticle(s, TITLE);
  const { article } = await s.invoke('get_article', { id });
  const expected = [...article.text.matchAll(/estuary/giu)].length;
  assert.ok(expected > 40, `${expected} matches expected`);
  await s.chord([Keys.CONTROL], 'f');
  const input = await s.waitForElement('[data-testid="find-input"]', { visible: true });
  assert.equal(await s.execute('return document.activeElement?.dataset.testid;'), 'find-input');
  await input.sendKeys('estuary');
  const count = () => s.execute('return document.querySelector(\'[data-testid="find-count"]\').textContent;');
  await waitFor(async () => (await count()) === `1 of ${expected}`, { what: `1 of ${expected}` });
  await s.pressKeys([Keys.ENTER]);
  assert.equal(await count(), `2 of ${expected}`);
  const second = await s.execute('return window.marginalia.findState().current;');
  assert.equal(second.start, cpIndexOf(article.text, 'Estuary keeps'), 'the second match is the second of the first paragraph');
  await s.chord([Keys.SHIFT], Keys.ENTER);
  await s.chord([Keys.SHIFT], Keys.ENTER);
  assert.equal(await count(), `${expected} of ${expected}`, 'Shift+Enter from the first goes round to the last');
  const last = await s.execute('return window.marginalia.findState().current;');
  assert.equal(last.start, cpIndexOf(article.text, 'ESTUARY.'));
  // The last match is on screen.
  await waitFor(() => s.execute(`const r = document.querySelector('[data-testid="reader"]');
    const p = [...r.querySelectorAll('[data-start]')].pop().getBoundingClientRect();
    const box = document.getElementById('main').getBoundingClientRect();
    return p.top >= box.top && p.bottom <= box.bottom;`), { what: 'the last match scrolled into view' });
  await new Promise((r) => setTimeout(r, 400)); // the marks set again once scrolling stops
  await app.shot('find-in-article');
  await input.clear();
  await input.sendKeys('no such words');
  await waitFor(async () => (await count()) === 'No matches', { what: 'No matches' });
  await s.pressKeys([Keys.ESCAPE]);
  assert.equal(await s.execute('return document.getElementById("find-bar").hidden;'), true);
  assert.equal(await s.execute('return CSS.highlights.has("find-match");'), false, 'the marks are gone');
});

test('2. ] [ } { select sentences and the paragraph; a number highlights the selection', async () => {
  const s = app.session;
  await s.execute('document.getElementById("main").scrollTop = 0; document.activeElement?.blur(); return true;');
  await s.invoke('save_position', { id, position: 0, progress: 0 });
  await reopen(s);
  await s.pressKeys([']']);
  assert.equal(await selection(s), 'The tide turns twice a day.');
  await s.pressKeys([']']);
  assert.equal(await selection(s), 'Salt water pushes up the river!');
  await s.pressKeys(['}']);
  assert.equal(await selection(s), 'Salt water pushes up the river! Where does the fresh water go?');
  await s.pressKeys(['[']);
  assert.equal(await selection(s), 'The tide turns twice a day.');
  await s.pressKeys(['{']);
  assert.equal(await selection(s), PARAS[0]);
  await s.pressKeys([']']);
  assert.equal(await selection(s), PARAS[1], 'the next sentence is the next paragraph\'s first');
  // Esc closes the toolbar, then lets go of the selection: ] starts again from the top.
  await s.pressKeys([Keys.ESCAPE, Keys.ESCAPE]);
  assert.equal(await selection(s), '');
  await s.pressKeys([']', ']', '2']);
  const colors = await s.invoke('list_colors');
  const made = await step('the highlight is made', () => waitFor(async () => {
    const { annotations } = await s.invoke('get_article', { id });
    return annotations.length === 1 ? annotations[0] : null;
  }, { what: 'a highlight' }), app);
  const { article } = await s.invoke('get_article', { id });
  assert.equal(made.quote, 'Salt water pushes up the river!');
  assert.equal(made.start, cpIndexOf(article.text, 'Salt water'));
  assert.equal(made.end, made.start + cpLength('Salt water pushes up the river!'));
  assert.equal(made.color, colors[1].name);
});

test('3. n and p go between highlights; c copies one as a quote with the title', async () => {
  const s = app.session;
  const { article } = await s.invoke('get_article', { id });
  const at = cpIndexOf(article.text, 'Last words');
  await s.invoke('create_highlight', { articleId: id, start: at, end: at + cpLength('Last words'), input: { color: 'yellow' } });
  await s.invoke('save_position', { id, position: 0, progress: 0 });
  await reopen(s);
  const focused = () => s.execute('return [...new Set([...document.querySelectorAll("mark.hl.focused")].map((m) => m.textContent))].join("|");');
  await s.pressKeys(['n']);
  assert.equal(await focused(), 'Salt water pushes up the river!');
  await s.pressKeys(['n']);
  assert.equal(await focused(), 'Last words');
  await waitFor(() => s.execute(`const m = document.querySelector('mark.hl.focused').getBoundingClientRect();
    const box = document.getElementById('main').getBoundingClientRect(); return m.top >= box.top && m.bottom <= box.bottom;`),
  { what: 'the highlight in view' });
  await s.pressKeys(['p']);
  assert.equal(await focused(), 'Salt water pushes up the river!');
  // Not the colour alone: its name shows over the highlight and is said.
  const colors = await s.invoke('list_colors');
  const named = await s.execute(`const m = document.querySelector('mark.hl.named');
    return { label: getComputedStyle(m, '::before').content, said: document.querySelector('[data-testid="announcer"]').textContent };`);
  assert.equal(named.label, `"${colors[1].label}"`);
  assert.equal(named.said, `Highlight 1 of 2, ${colors[1].label}: Salt water pushes up the river!`);
  await s.pressKeys(['c']);
  await waitFor(async () => (await toasts(s)).includes('Quote copied'), { what: 'Quote copied' });
  // Read the clipboard back as a user would: paste it into a field.
  await s.execute('const f = document.createElement("textarea"); f.id = "paste-here"; document.body.append(f); f.focus(); return true;');
  await s.chord([Keys.CONTROL], 'v');
  const pasted = await waitFor(() => s.execute('const v = document.getElementById("paste-here").value; return v || null;'),
    { what: 'the pasted quote' });
  assert.equal(pasted, `“Salt water pushes up the river!”\n— ${TITLE}`);
  await s.execute('document.getElementById("paste-here").remove(); return true;');
  await app.shot('highlight-focused');
});

test('4. a colour label is saved as it is typed; a tag left typed is added when the field loses focus', async () => {
  const s = app.session;
  await s.execute('document.querySelector(\'nav.views [data-view="colors"]\').click(); return true;');
  const input = await s.waitForElement('input[aria-label="Label for green"]', { visible: true });
  await input.clear();
  await input.sendKeys('agree');
  const stored = await step('the label saved without Enter', () => waitFor(async () => {
    const c = (await s.invoke('list_colors')).find((x) => x.name === 'green');
    return c.label === 'agree' ? c : null;
  }, { what: 'the label saved' }), app);
  assert.equal(stored.label, 'agree');
  assert.equal(await s.execute('return document.activeElement?.getAttribute("aria-label");'), 'Label for green', 'the field keeps the focus');
  await waitFor(() => s.execute('return document.querySelector(".color-row .save-state[data-state=saved]") !== null;'), { what: 'Saved shown' });
  await app.shot('colour-label-saved');

  await s.execute('document.querySelector(\'nav.views [data-view="reader"]\').click(); return true;');
  await openArticle(s, TITLE);
  const tag = await s.waitForElement('#article-tags .tag-input', { visible: true });
  await tag.sendKeys('brackish');
  await s.execute('document.activeElement.blur(); return true;');
  const tags = await waitFor(async () => {
    const { article } = await s.invoke('get_article', { id });
    return article.tags.length ? article.tags : null;
  }, { what: 'the tag added on blur' });
  assert.deepEqual(tags, ['brackish']);
  await assertNoErrorToast(s, 'after the keyboard tests');
});
