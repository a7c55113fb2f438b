// A library as the last release (schema 7) left it, large enough that its
// upgrade to the lighter storage (migration 8) takes a while: the window
// shows the upgrade's progress, then the library, with every article there
// and found by search.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { AppFixture, ROOT } from './harness.mjs';
import { step, libraryTitles, assertNoErrorToast } from './helpers.mjs';
import { waitFor } from './webdriver.mjs';

const app = new AppFixture('upgrade');
const ARTICLES = 40_000;

/** Migrations 1-7 as shipped, then rows written as schema 7 wrote them. */
function writeVersion7(db) {
  const dir = join(ROOT, 'core', 'src', 'store', 'sql');
  const later = readdirSync(dir).filter((f) => /^000[2-7]_.*\.sql$/.test(f)).sort();
  assert.equal(later.length, 6, 'migrations 2-7');
  const sql = [readFileSync(join(ROOT, 'schema.sql'), 'utf8'), ...later.map((f) => readFileSync(join(dir, f), 'utf8')),
    `PRAGMA user_version = 7;
     INSERT INTO settings (key, value) VALUES ('sample_offered', '1');
     WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ARTICLES})
     INSERT INTO articles (seq, id, title, source, imported_at, updated_at, text, content_hash)
     SELECT i, printf('article-%05d', i), printf('Old Article %05d', i), 'old.txt',
            '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z',
            printf('Tide pools, number %d. ', i)
              || replace(replace(hex(randomblob(500)), '0', ' the '), '7', ' river '),
            printf('hash-%d', i) FROM n;
     INSERT INTO search_index (rowid, title, body, tags, kind, article_id)
     SELECT seq * 2, title, text, '', 'article', id FROM articles;`].join('\n');
  execFileSync('sqlite3', [db], { input: sql, maxBuffer: 1 << 20 });
}

before(async () => {
  writeVersion7(app.db);
  await app.start();
});

after(async () => { await app.stop(); });

test('extra: a large library from the last release shows its upgrade, then opens with everything in it', async () => {
  const s = await app.launch({ ready: false });
  const shown = await step('the upgrade panel shows the rows moved so far', () => waitFor(() => s.execute(`
      const p = document.getElementById('upgrade-panel');
      return p && !p.hidden && p.querySelector('progress') ? p.textContent : null;`),
  { timeout: 30_000, interval: 50, what: 'the upgrade panel' }), app);
  assert.match(shown, /Upgrading your library/);
  assert.match(shown, /of 40,?000 articles and notes \(\d+%\)|space it no longer needs/);
  // Two frames, so the screenshot shows the panel just drawn.
  await s.executeAsync('const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));');
  await app.shot('upgrade-progress');
  await step('the library opens once the upgrade is done', () => app.ready(180_000), app);
  assert.equal(await s.execute("return document.getElementById('upgrade-panel').hidden;"), true, 'the panel is gone');
  const info = await s.execute("return document.getElementById('library-path').title;");
  // Every migration ran: schema.sql is the first, each file the next.
  const latest = readdirSync(join(ROOT, 'core', 'src', 'store', 'sql')).filter((f) => /^\d{4}_.*\.sql$/.test(f)).length + 1;
  assert.match(info, new RegExp(`^${ARTICLES} articles · schema ${latest}`), info);
  const titles = await libraryTitles(s);
  assert.ok(titles.includes('Old Article 40000'), `the newest article listed: ${titles.slice(0, 3)}`);
  await step('search finds an article by words of its moved text', async () => {
    await s.execute(`const q = document.getElementById('search');
      q.focus(); q.value = '"number 31337"'; q.dispatchEvent(new Event('input', { bubbles: true })); return true;`);
    await waitFor(() => s.execute(`return [...document.querySelectorAll('.hit-title')]
      .some((t) => t.textContent.includes('Old Article 31337'));`), { timeout: 15_000, what: 'the hit for "number 31337"' });
  }, app);
  await assertNoErrorToast(s, 'after the upgrade');
  await app.shot('upgrade-done');
});
