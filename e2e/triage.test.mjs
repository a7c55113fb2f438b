// The app remembers where you were and what you decided: the place read in
// an article comes back after a restart (a code-point offset, not pixels),
// with the percentage read in the reader and the list; the lists Inbox,
// Later, Archive, Starred and Continue reading with their counts; e, l and
// s move and star the open article, with Undo.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppFixture, SAMPLE_TITLES } from './harness.mjs';
import { step, importFile, reloadPage, openArticle, assertNoErrorToast, libraryTitles } from './helpers.mjs';
import { waitFor } from './webdriver.mjs';

const app = new AppFixture('triage');
const TITLE = 'Tide Tables For Beginners';
const PARAS = Array.from({ length: 120 }, (_, i) =>
  `Section ${i}. The tide comes in twice a day, a little later each day, and the tables say when. `.repeat(3).trim());

before(async () => {
  await app.start();
  await app.launch();
});

after(async () => { await app.stop(); });

const tabs = (s) => s.execute(`return Object.fromEntries([...document.querySelectorAll('#state-tabs button')]
  .map((b) => [b.dataset.list, { n: b.querySelector('.tab-count')?.textContent ?? null, on: b.getAttribute('aria-pressed') === 'true' }]));`);

/** The code-point start of the block at the top of the reader. */
const topBlock = (s) => s.execute(`const box = document.getElementById('main').getBoundingClientRect();
  const r = document.querySelector('[data-testid="reader"]').getBoundingClientRect();
  const el = document.elementFromPoint(r.left + 40, box.top + 20);
  const b = el && el.closest('[data-start]');
  return b ? Number(b.dataset.start) : null;`);

test('1. the place read comes back after a restart, with the percentage read', async () => {
  const s = app.session;
  const file = join(app.dir, 'tides.txt');
  writeFileSync(file, `${TITLE}\n\n${PARAS.join('\n\n')}\n`);
  const id = (await importFile(s, file, app)).articles[0].id;
  await reloadPage(s, app);
  await openArticle(s, TITLE);
  await waitFor(() => s.execute('return document.querySelector(\'[data-testid="reader"]\').dataset.render === "complete";'),
    { what: 'the whole article drawn' });
  // Scroll to section 70 and let the place be saved.
  const at = await s.execute(`const p = [...document.querySelectorAll('[data-testid="reader"] [data-start]')]
      .find((x) => x.textContent.startsWith('Section 70.'));
    p.scrollIntoView({ block: 'start' }); return Number(p.dataset.start);`);
  const saved = await step('the place is saved', () => waitFor(async () => {
    const { article } = await s.invoke('get_article', { id });
    return article.position != null && article.position > 0 ? article : null;
  }, { what: 'a saved position' }), app);
  assert.ok(Math.abs(saved.position - at) < 400, `saved ${saved.position}, scrolled to ${at}`);
  assert.ok(saved.progress > 50 && saved.progress < 100, `progress ${saved.progress}`);
  const info = await s.execute('return document.querySelector(\'[data-testid="reading-info"]\').textContent;');
  assert.match(info, /^\d+ min read · \d+% read$/);

  await app.restart();
  await openArticle(app.session, TITLE);
  // Blocks off screen take their real height as they are laid out, so the
  // reader settles over the first second (the jump is checked again meanwhile).
  let back = null;
  await waitFor(async () => {
    back = await topBlock(app.session);
    return back === saved.position;
  }, { what: 'the saved block at the top' }).catch(() => {});
  assert.equal(back, saved.position, 'the same block is at the top again');
  const row = await app.session.execute(`return document.querySelector('[data-testid="article-item"][data-id="${id}"] .progress')?.textContent;`);
  assert.equal(row, `${saved.progress}%`);
  await app.shot('position-restored');
});

test('2. lists with counts; e archives, l puts off, s stars, Undo moves back', async () => {
  const s = app.session;
  const counts = await waitFor(async () => { const t = await tabs(s); return t.inbox.n ? t : null; }, { what: 'counts' });
  assert.equal(counts.inbox.on, true, 'the Inbox is shown first');
  assert.equal(counts.inbox.n, '6', 'the guide, the four sample articles and the one imported');
  assert.equal(counts.continue.n, '1');
  await openArticle(s, SAMPLE_TITLES[0]);
  await s.pressKeys(['e']);
  await waitFor(async () => !(await libraryTitles(s)).includes(SAMPLE_TITLES[0]), { what: 'the archived article to leave the Inbox' });
  await waitFor(async () => (await tabs(s)).archive.n === '1', { what: 'Archive 1' });
  // Undo from the toast.
  await s.execute(`[...document.querySelectorAll('.toast button')].find((b) => b.textContent === 'Undo').click(); return true;`);
  await waitFor(async () => (await libraryTitles(s)).includes(SAMPLE_TITLES[0]), { what: 'back in the Inbox' });
  await s.pressKeys(['l']);
  await s.pressKeys(['s']);
  await waitFor(async () => { const t = await tabs(s); return t.later.n === '1' && t.starred.n === '1'; }, { what: 'Later 1, Starred 1' });
  const pressed = await s.execute(`return [...document.querySelectorAll('#article-meta .state-switch button[aria-pressed="true"]')].map((b) => b.textContent)
    .concat(document.querySelector('[data-testid="star"]').getAttribute('aria-pressed'));`);
  assert.deepEqual(pressed, ['Later', 'true']);
  await (await s.findElement('#state-tabs [data-list="later"]')).click();
  await waitFor(async () => JSON.stringify(await libraryTitles(s)) === JSON.stringify([`★ ${SAMPLE_TITLES[0]}`]) ||
    JSON.stringify(await libraryTitles(s)) === JSON.stringify([SAMPLE_TITLES[0]]), { what: 'the Later list' });
  await (await s.findElement('#state-tabs [data-list="continue"]')).click();
  await waitFor(async () => (await libraryTitles(s)).some((t) => t.includes(TITLE)), { what: 'Continue reading' });
  const going = await s.invoke('list_articles', { query: { continue_reading: true, sort: 'opened' } });
  assert.deepEqual(going.items.map((a) => a.title).sort(), [SAMPLE_TITLES[0], TITLE].sort(), JSON.stringify(going.items.map((a) => [a.title, a.progress, a.opened_at])));
  const shown = await libraryTitles(s);
  assert.equal(shown.length, 2, JSON.stringify(shown));
  await app.shot('lists');
  const cli = await s.invoke('list_articles', { query: { starred: true } });
  assert.deepEqual(cli.items.map((a) => [a.title, a.state]), [[SAMPLE_TITLES[0], 'later']]);
  await assertNoErrorToast(s, 'after triage');
});
