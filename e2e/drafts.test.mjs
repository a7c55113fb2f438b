// Nothing typed is lost: a highlight's note saves as it is typed and when
// the editor closes (a click outside, Esc, another article); the editor
// redrawn for a colour or a tag keeps the text, the caret and a tag typed
// but not added; a new article note saves as it is typed; and what was
// typed a second before the app is SIGKILLed is there after it starts again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AppFixture, SAMPLE_TITLES } from './harness.mjs';
import { openArticle, assertNoErrorToast } from './helpers.mjs';
import { waitFor } from './webdriver.mjs';

const app = new AppFixture('drafts');
let ids = {};

before(async () => {
  await app.start();
  await app.launch();
  const { items } = await app.session.invoke('list_articles', { query: { sort: 'oldest' } });
  ids = Object.fromEntries(items.map((a) => [a.title, a.id]));
});

after(async () => { await app.stop(); });

/** Opens the editor of the article's first highlight by clicking its mark. */
async function openEditorOnMark(s) {
  const mark = await s.waitForElement('[data-testid="reader"] mark.hl', { visible: true });
  await s.execute('arguments[0].scrollIntoView({ block: "center" }); return true;', [mark]);
  await mark.click();
  await s.waitForElement('#annotation-editor textarea', { visible: true });
  return s.findElement('#annotation-editor textarea');
}

const noteOf = async (s, articleId) => (await s.invoke('get_article', { id: articleId })).annotations
  .filter((a) => a.kind === 'highlight').map((a) => a.note);

test('1. a note typed and left by a click outside, then another article and a restart, is kept', async () => {
  const s = app.session;
  const title = SAMPLE_TITLES[0];
  await s.invoke('create_highlight', { articleId: ids[title], start: 0, end: 8, input: { color: 'yellow' } });
  await openArticle(s, title);
  const area = await openEditorOnMark(s);
  await area.sendKeys('A first thought');
  // Clicking away at once (well within the pause before the autosave).
  await (await s.findElement('#article-title')).click();
  await waitFor(() => s.execute('return document.getElementById("annotation-editor").hidden;'), { what: 'the editor to close' });
  await openArticle(s, SAMPLE_TITLES[1]);
  await waitFor(async () => (await noteOf(s, ids[title]))[0] === 'A first thought', { what: 'the note saved' });
  await app.restart();
  assert.deepEqual(await noteOf(app.session, ids[title]), ['A first thought']);
  await openArticle(app.session, title);
  const shown = await waitFor(() => app.session.execute(`
    const n = document.querySelector('#sidebar [data-testid="annotation"] .note-html');
    return n ? n.textContent.trim() : null;`), { what: 'the note in the sidebar' });
  assert.equal(shown, 'A first thought');
});

test('2. the editor redrawn for a colour and a tag keeps the text, caret and typed tag', async () => {
  const s = app.session;
  const area = await openEditorOnMark(s);
  await area.sendKeys(' and a second');
  // A tag typed, not added yet; then a colour picked (the editor redraws).
  await (await s.findElement('#annotation-editor .tag-input')).sendKeys('half-typed');
  await area.click();
  await s.execute(`const t = document.querySelector('#annotation-editor textarea'); t.setSelectionRange(7, 7); return true;`);
  await (await s.findElement('#annotation-editor button.hl-green')).click();
  await waitFor(() => s.execute('return !!document.querySelector(\'#annotation-editor button.hl-green[aria-pressed="true"]\');'),
    { what: 'green chosen' });
  const after = await s.execute(`const t = document.querySelector('#annotation-editor textarea');
    return { value: t.value, caret: t.selectionStart, tag: document.querySelector('#annotation-editor .tag-input').value };`);
  assert.deepEqual(after, { value: 'A first thought and a second', caret: 7, tag: 'half-typed' });
  // The tag added with Enter: the editor redraws, the tag field keeps the focus for the next one.
  await (await s.findElement('#annotation-editor .tag-input')).sendKeys('\uE007');
  const tagged = await waitFor(() => s.execute(`const i = document.querySelector('#annotation-editor .tag-input');
    const chips = [...document.querySelectorAll('#annotation-editor .chip .chip-name')].map((c) => c.textContent);
    return chips.length ? { chips, focused: document.activeElement === i, typed: i.value,
      note: document.querySelector('#annotation-editor textarea').value } : null;`), { what: 'the tag chip' });
  assert.deepEqual(tagged, { chips: ['half-typed'], focused: true, typed: '', note: 'A first thought and a second' });
  // Typing goes on where the caret was; the status says when it is saved.
  await s.execute(`const t = document.querySelector('#annotation-editor textarea'); t.focus(); t.setSelectionRange(7, 7); return true;`);
  await s.pressKeys(['!']);
  const status = await waitFor(() => s.execute(`const st = document.querySelector('[data-testid="note-status"]');
    return st.dataset.state === 'saved' ? st.textContent : null;`), { what: 'the Saved state' });
  assert.equal(status, 'Saved');
  await app.shot('note-saved');
  const title = SAMPLE_TITLES[0];
  assert.deepEqual(await noteOf(s, ids[title]), ['A first! thought and a second']);
  // A tag typed and not added when the editor closes is added then.
  await (await s.findElement('#annotation-editor .tag-input')).sendKeys('left-typed');
  await s.pressKeys(['\uE00C']); // Esc
  await waitFor(() => s.execute('return document.getElementById("annotation-editor").hidden;'), { what: 'Esc closes the editor' });
  const tags = await waitFor(async () => {
    const { annotations } = await s.invoke('get_article', { id: ids[title] });
    const t = annotations.find((a) => a.note)?.tags || [];
    return t.length === 2 ? t : null;
  }, { what: 'the typed tag added as the editor closed' });
  assert.deepEqual([...tags].sort(), ['half-typed', 'left-typed']);
  await assertNoErrorToast(s, 'after editing');
});

test('3. a new article note saves as it is typed and is listed once written', async () => {
  const s = app.session;
  const title = SAMPLE_TITLES[1];
  await openArticle(s, title);
  await s.execute(`[...document.querySelectorAll('#article-notes button')].find((b) => b.textContent === 'Add note').click(); return true;`);
  const area = await s.waitForElement('#article-notes form.add-note textarea', { visible: true });
  await area.sendKeys('Worth rereading');
  const notes = async () => (await s.invoke('get_article', { id: ids[title] })).annotations
    .filter((a) => a.kind === 'note').map((a) => a.note);
  await waitFor(async () => (await notes())[0] === 'Worth rereading', { what: 'the note created while typing' });
  await area.sendKeys(' twice');
  await waitFor(async () => JSON.stringify(await notes()) === '["Worth rereading twice"]', { what: 'the same note updated' });
  await s.pressKeys(['\uE00C']);
  const listed = await waitFor(() => s.execute(`const l = [...document.querySelectorAll('#article-notes .article-note')];
    return l.length && !document.querySelector('#article-notes form.add-note') ? l.map((x) => x.textContent) : null;`),
  { what: 'the note in the list' });
  assert.equal(listed.length, 1);
  assert.match(listed[0], /Worth rereading twice/);
});

test('4. what was typed a second before a SIGKILL is there after the app starts again', async () => {
  let s = app.session;
  const title = SAMPLE_TITLES[2];
  await s.invoke('create_highlight', { articleId: ids[title], start: 0, end: 5, input: { color: 'blue' } });
  await s.execute('location.reload(); return true;');
  await waitFor(() => s.execute('return document.body.dataset.ready === "true";'), { what: 'the reload' });
  await openArticle(s, title);
  const area = await openEditorOnMark(s);
  await area.sendKeys('Typed just before the crash');
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal(await app.killApp(), 1);
  s = await app.launch();
  assert.deepEqual(await noteOf(s, ids[title]), ['Typed just before the crash']);
});
