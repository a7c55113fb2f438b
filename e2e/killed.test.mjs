// The app killed (SIGKILL) right after a save keeps what it acknowledged: a
// highlight with its note and tag and an article note, saved through the
// same IPC the UI uses, are there after the app is started again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AppFixture, SAMPLE_TITLES } from './harness.mjs';
import { step, openArticle, assertNoErrorToast } from './helpers.mjs';
import { waitFor } from './webdriver.mjs';

const app = new AppFixture('killed');

before(async () => {
  await app.start();
  await app.launch();
});

after(async () => { await app.stop(); });

test('extra: saves acknowledged just before a SIGKILL of the app are there after it starts again', async () => {
  let s = app.session;
  const { items } = await step('list the articles', () => s.invoke('list_articles', { query: { sort: 'oldest' } }), app);
  const article = items.find((a) => a.title === SAMPLE_TITLES[0]);
  assert.ok(article, 'the first sample article');
  const saved = await step('save a highlight and a note', async () => [
    await s.invoke('create_highlight', {
      articleId: article.id, start: 0, end: 7, input: { note: 'kept through a **kill**', color: 'blue', tags: ['survivor'] },
    }),
    await s.invoke('create_note', { articleId: article.id, input: { note: 'the article note, too' } }),
  ], app);
  // Straight after the acknowledgements: no shutdown, no flush.
  const killed = await step('SIGKILL the app', () => app.killApp(), app);
  assert.equal(killed, 1, 'one app process killed');

  s = await step('start the app again', () => app.launch(), app);
  const { annotations } = await step('read the article back', () => s.invoke('get_article', { id: article.id }), app);
  for (const want of saved) {
    const got = annotations.find((a) => a.id === want.id);
    assert.ok(got, `annotation ${want.id} (${want.kind}) survived the kill`);
    assert.equal(got.note, want.note);
    assert.deepEqual(got.tags, want.tags);
    assert.equal(got.color, want.color);
  }
  await step('the highlight is drawn in the reader', async () => {
    await openArticle(s, SAMPLE_TITLES[0]);
    await waitFor(() => s.execute('return document.querySelectorAll("#reader mark.hl-blue").length > 0;'),
      { what: 'the blue highlight in the reader' });
  }, app);
  await assertNoErrorToast(s, 'after the restart');
  await app.shot('after-kill');
});
