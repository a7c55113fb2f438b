// Context menus in the real webview: a right click (a real pointer action)
// and Shift+F10 on an article in the list, on a highlight in the text, in
// the sidebar and in the highlights browser, and on a text selection; each
// offers what applies there and does it; Esc closes it and gives the focus
// back; a menu on a selected article acts on the whole selection.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AppFixture, SAMPLE_TITLES, WELCOME_TITLE } from './harness.mjs';
import { step, articleItem, openArticle, assertNoErrorToast, cpIndexOf } from './helpers.mjs';
import { waitFor, Keys } from './webdriver.mjs';

const app = new AppFixture('contextmenu');

before(async () => {
  await app.start();
  await app.launch();
});

after(async () => { await app.stop(); });

/** The open menu's label and items, or null. */
const menu = (s) => s.execute(`const m = document.querySelector('[data-testid="context-menu"]');
  return m ? { label: m.getAttribute('aria-label'), items: [...m.querySelectorAll('[role="menuitem"]')].map((b) => b.textContent),
    focused: document.activeElement?.getAttribute('role') === 'menuitem' ? document.activeElement.textContent : null } : null;`);
/**
 * A right click on `el`, scrolled into view first. Once more if no menu
 * came (a busy machine may still be laying the page out when the pointer
 * arrives).
 */
async function rightClick(s, el) {
  for (let attempt = 1; ; attempt++) {
    await s.execute('arguments[0].scrollIntoView({ block: "center" }); return true;', [el]);
    await new Promise((r) => setTimeout(r, 100));
    await s.contextClick(el);
    const shown = await waitFor(() => menu(s), { timeout: 3000, what: 'a menu' }).catch(() => null);
    if (shown || attempt === 3) return;
  }
}
const waitMenu = (s, what) => waitFor(() => menu(s), { what: `the context menu of ${what}` });
const choose = (s, label) => s.execute(`const b = [...document.querySelectorAll('[data-testid="context-menu"] [role="menuitem"]')]
  .find((x) => x.textContent === arguments[0]); if (!b) return false; b.click(); return true;`, [label]);

test('1. an article: right click offers what applies to it, and does it', async () => {
  const s = app.session;
  const title = SAMPLE_TITLES[1];
  await rightClick(s, await (await articleItem(s, title)).findElement('.article-title'));
  const m = await waitMenu(s, 'an article');
  assert.equal(m.label, title);
  assert.equal(m.items[0], 'Open');
  for (const want of ['Tag…', 'Move to Later', 'Move to Archive', 'Star', 'Export…', 'Move to Trash']) {
    assert.ok(m.items.includes(want), `${want} in ${JSON.stringify(m.items)}`);
  }
  assert.ok(!m.items.includes('Move to Inbox'), 'not the list it is in');
  assert.ok(!m.items.includes('Remove the star'), 'not a star it does not have');
  assert.equal(m.focused, 'Open', 'the first item has the focus');
  await app.shot('contextmenu-article');
  assert.ok(await choose(s, 'Move to Later'));
  await waitFor(async () => (await s.invoke('list_articles', { query: { state: 'later' } })).items.some((a) => a.title === title),
    { what: 'the article in Later' });
  assert.equal(await menu(s), null, 'the menu closed');
  await assertNoErrorToast(s, 'after Move to Later');
});

test('2. the keyboard: Shift+F10 on the focused article, arrows, Esc gives the focus back', async () => {
  const s = app.session;
  await s.execute(`document.querySelector('#library [role="option"][tabindex="0"]').focus(); return true;`);
  const focusedId = await s.execute('return document.activeElement.dataset.id;');
  await s.chord([Keys.SHIFT], Keys.F10);
  const m = await waitMenu(s, 'the focused article');
  await s.pressKeys([Keys.ARROW_DOWN, Keys.ARROW_DOWN]);
  const second = (await menu(s)).focused;
  assert.equal(second, m.items[2], 'ArrowDown moves through the items');
  await s.pressKeys([Keys.ESCAPE]);
  await waitFor(async () => (await menu(s)) === null, { what: 'Esc closing the menu' });
  assert.equal(await s.execute('return document.activeElement.dataset.id;'), focusedId, 'the focus is back on the article');
});

test('3. a menu on a selected article acts on the whole selection', async () => {
  const s = app.session;
  const a = await articleItem(s, SAMPLE_TITLES[2]);
  const b = await articleItem(s, SAMPLE_TITLES[3]);
  await (await a.findElement('.article-title')).click();
  await s.clickWith([Keys.CONTROL], await b.findElement('.article-title'));
  await waitFor(() => s.execute('return document.querySelectorAll(\'#library [aria-selected="true"]\').length === 2;'), { what: 'two selected' });
  await rightClick(s, await b.findElement('.article-title'));
  const m = await waitMenu(s, 'the selection');
  assert.equal(m.label, '2 articles');
  assert.ok(!m.items.includes('Open'));
  assert.ok(await choose(s, 'Star'));
  await waitFor(async () => (await s.invoke('list_articles', { query: { starred: true } })).items.length === 2, { what: 'both starred' });
  await s.pressKeys([Keys.ESCAPE]);
});

test('4. a highlight in the text and in the sidebar: colour, copy, edit', async () => {
  const s = app.session;
  await openArticle(s, WELCOME_TITLE);
  const mark = await s.waitForElement('[data-testid="reader"] mark.hl-blue', { visible: true });
  await rightClick(s, mark);
  const m = await waitMenu(s, 'a highlight');
  assert.match(m.label, /^Highlight: context$/);
  for (const want of ['Edit…', 'Copy the quote', 'Tag…', 'Colour: key point', 'Delete', 'Show what is tagged “guide”']) {
    assert.ok(m.items.includes(want), `${want} in ${JSON.stringify(m.items)}`);
  }
  assert.ok(!m.items.includes('Colour: context'), 'not the colour it has');
  await app.shot('contextmenu-highlight');
  assert.ok(await choose(s, 'Colour: disagree'));
  await waitFor(() => s.execute('return !!document.querySelector(\'[data-testid="reader"] mark.hl-pink\');'), { what: 'the highlight turned pink' });
  // Undo takes it back, as for any change.
  await s.execute('document.activeElement.blur(); return true;');
  await s.chord([Keys.CONTROL], 'z');
  await waitFor(() => s.execute('return !!document.querySelector(\'[data-testid="reader"] mark.hl-blue\');'), { what: 'blue again after Undo' });

  const item = await s.waitForElement('#sidebar [data-testid="annotation"] .ann-quote', { visible: true });
  await rightClick(s, item);
  const side = await waitMenu(s, 'a sidebar highlight');
  assert.deepEqual(side.items.slice(0, 2), ['Go to it', 'Edit…']);
  assert.ok(await choose(s, 'Edit…'));
  await s.waitForElement('#annotation-editor', { visible: true });
  await s.pressKeys([Keys.ESCAPE]);
  await assertNoErrorToast(s, 'after the highlight menus');
});

test('5. a text selection: highlight it in a named colour', async () => {
  const s = app.session;
  const { article } = await s.invoke('get_article', { id: await s.execute('return document.querySelector(\'[data-testid="reader"]\').dataset.article;') });
  const words = 'Rename them in the Colours view';
  const at = cpIndexOf(article.text, words);
  assert.ok(at > 0);
  await s.execute('window.marginalia.selectRange(arguments[0], arguments[1]); return true;', [at, at + [...words].length]);
  // On the selected words themselves (the toolbar beside them covers others).
  for (let attempt = 1; attempt <= 3 && !(await menu(s)); attempt++) {
    const point = await s.execute(`const range = window.getSelection().getRangeAt(0);
      range.startContainer.parentElement.scrollIntoView({ block: 'center' });
      const r = range.getClientRects()[0];
      return { x: r.left + Math.min(20, r.width / 2), y: r.top + r.height / 2 };`);
    await new Promise((r) => setTimeout(r, 100));
    await s.contextClick(null, point);
    await waitFor(() => menu(s), { timeout: 3000, what: 'a menu' }).catch(() => null);
  }
  const m = await waitMenu(s, 'a selection');
  assert.equal(m.label, 'Selection');
  assert.equal(await s.execute('return document.getElementById("highlight-toolbar").hidden;'), true, 'the menu, not the toolbar too');
  assert.deepEqual(m.items.slice(0, 5), ['Highlight as key point (1)', 'Highlight as agree (2)', 'Highlight as context (3)',
    'Highlight as disagree (4)', 'Highlight as question (5)']);
  assert.ok(m.items.some((x) => x.startsWith('Search the library for “Rename them')), JSON.stringify(m.items));
  await app.shot('contextmenu-selection');
  assert.ok(await choose(s, 'Highlight as question (5)'));
  await waitFor(async () => (await s.invoke('get_article', { id: article.id })).annotations
    .some((a) => a.quote === words && a.color === 'purple'), { what: 'the purple highlight stored' });
});

test('6. a row of All highlights: edit from the menu, and E', async () => {
  const s = app.session;
  await (await s.findElement('nav.views button[data-view="highlights"]')).click();
  const row = await s.waitForElement('[data-testid="highlight-row"]', { visible: true });
  await rightClick(s, row);
  const m = await waitMenu(s, 'a row');
  assert.deepEqual(m.items.slice(0, 3), ['Open in its article', 'Edit…', 'Copy the quote']);
  assert.ok(await choose(s, 'Edit…'));
  await s.waitForElement('[data-testid="edit-annotation"]', { visible: true });
  await s.pressKeys([Keys.ESCAPE]);
  await waitFor(() => s.execute('return !document.querySelector(\'[data-testid="edit-annotation"]\');'), { what: 'the dialog closed' });
  // Closing it saved the note and the rows were fetched again: the focus is
  // back on the row it was opened from.
  await waitFor(() => s.execute(`return !document.querySelector('#highlights-view .placeholder')
    && document.activeElement?.dataset.testid === 'highlight-row';`), { what: 'the focus back on the row' });
  await s.pressKeys(['e']);
  await s.waitForElement('[data-testid="edit-annotation"]', { visible: true });
  await s.pressKeys([Keys.ESCAPE]);
  // Nothing focusable inside a row: it is an option of a list box.
  const inner = await s.execute(`return [...document.querySelectorAll('[data-testid="highlight-row"] a, [data-testid="highlight-row"] button, [data-testid="highlight-row"] [tabindex]')].length;`);
  assert.equal(inner, 0);
  await assertNoErrorToast(s, 'after the row menu');
});
