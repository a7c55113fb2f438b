// Another process changes the library while the app is open (the CLI, as a
// script would): the app notices (PRAGMA data_version, polled once a
// second) and shows the new article and tag without a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppFixture, APP, SAMPLE_TITLES, FIRST_RUN_TITLES } from './harness.mjs';
import { step, libraryTitles, openArticle, assertNoErrorToast } from './helpers.mjs';
import { waitFor } from './webdriver.mjs';

const app = new AppFixture('elsewhere');
const CLI = process.env.MARGINALIA_CLI || join(dirname(APP), 'marginalia-cli');
const TITLE = 'Written By Another Process';

before(async () => {
  await app.start();
  await app.launch();
});

after(async () => { await app.stop(); });

test('extra: an article imported by the CLI while the app is open appears in it', async () => {
  assert.ok(existsSync(CLI), `marginalia-cli at ${CLI} (set MARGINALIA_CLI)`);
  const s = app.session;
  await step('the sample library is shown', () => waitFor(async () =>
    (await libraryTitles(s)).length === FIRST_RUN_TITLES.length, { what: 'the guide and the four sample titles' }), app);
  const file = join(app.dir, 'elsewhere.txt');
  await writeFile(file, `${TITLE}\nThis paragraph was imported from outside the app.\n`, 'utf8');
  const out = execFileSync(CLI, ['--db', app.db, 'import', file], { encoding: 'utf8' });
  const id = out.split('\t')[0];
  execFileSync(CLI, ['--db', app.db, 'tag', id, 'from-the-cli']);
  await step('the new article appears without a reload', () => waitFor(async () =>
    (await libraryTitles(s)).includes(TITLE), { timeout: 10_000, what: `"${TITLE}" in the list` }), app);
  const tags = await step('its tag appears in the tag filter', () => waitFor(() => s.execute(
    'return [...document.querySelectorAll("#tag-filter option")].some((o) => o.textContent.includes("from-the-cli"));'),
  { timeout: 10_000, what: 'the tag from the CLI' }), app);
  assert.ok(tags);
  await assertNoErrorToast(s, 'after the outside change');
  await app.shot('changed-elsewhere');
});

test('extra: a note being typed is not drawn over when the library changes elsewhere', async () => {
  const s = app.session;
  await step('open an article and start a note', async () => {
    await openArticle(s, SAMPLE_TITLES[0]);
    await s.execute(`[...document.querySelectorAll('#article-notes button')].find((b) => b.textContent === 'Add note').click();
      const area = document.querySelector('#article-notes form.add-note textarea');
      area.focus(); area.value = 'half a thought, not saved yet'; return true;`);
  }, app);
  const file = join(app.dir, 'while-typing.txt');
  await writeFile(file, 'Imported While Someone Types\nAnother paragraph from outside.\n', 'utf8');
  execFileSync(CLI, ['--db', app.db, 'import', file]);
  await step('the list shows the new article', () => waitFor(async () =>
    (await libraryTitles(s)).includes('Imported While Someone Types'), { timeout: 10_000, what: 'the new title' }), app);
  // Two more polls of the watcher, then the text must still be there.
  await new Promise((r) => setTimeout(r, 2500));
  const typed = await s.execute(`const a = document.querySelector('#article-notes form.add-note textarea');
    return a ? a.value : null;`);
  assert.equal(typed, 'half a thought, not saved yet', 'the unsaved note text is kept');
  await app.shot('changed-elsewhere-typing');
});
