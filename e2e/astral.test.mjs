// Extra: offsets are Unicode code points, the DOM counts UTF-16 units. Text
// with characters outside the BMP (emoji, a skin-tone modifier, a math
// letter) before the passage must still highlight exactly the passage, and a
// selection across two paragraphs must round-trip through Rust.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppFixture } from './harness.mjs';
import { step, openArticle, cpIndexOf, cpLength, assertNoErrorToast, importFile, reloadPage } from './helpers.mjs';
import { waitFor } from './webdriver.mjs';

const app = new AppFixture('astral');
const TITLE = 'Emoji Offsets Check';
const PARAS = [
  'Emoji 😀 and 👍🏽 come before the target phrase, then more text.',
  'Second 𝒳 paragraph holds the closing words here.',
];
const TEXT = PARAS.join('\n\n');

before(async () => {
  await app.start();
  await app.launch();
});

after(async () => { await app.stop(); });

test('extra: highlights after astral characters and across paragraphs land on the right text', async () => {
  const s = app.session;
  const file = join(app.dir, 'emoji.txt');
  await writeFile(file, `${TITLE}\n\n${TEXT}\n`, 'utf8');
  const id = (await importFile(s, file, app)).articles[0].id;
  await reloadPage(s, app); // lists the new article
  await step('open the article', () => openArticle(s, TITLE, TEXT), app);

  const cases = [
    { phrase: 'the target phrase', color: 'blue' },
    { phrase: 'phrase, then more text.\n\nSecond 𝒳', color: 'pink' }, // overlaps the first, spans two paragraphs
  ];
  for (const c of cases) {
    const start = cpIndexOf(TEXT, c.phrase);
    const end = start + cpLength(c.phrase);
    assert.ok(start < TEXT.indexOf(c.phrase), 'the text before the phrase has astral characters');
    await step(`select ${JSON.stringify(c.phrase)} and click ${c.color}`, async () => {
      assert.equal(await s.execute('return window.marginalia.selectRange(arguments[0], arguments[1]);', [start, end]), true);
      await s.waitForElement('[data-testid="highlight-toolbar"]', { visible: true });
      await (await s.findElement(`[data-testid="highlight-toolbar"] [data-testid="color-${c.color}"]`)).click();
      await waitFor(() => s.execute('return document.querySelector(\'[data-testid="highlight-toolbar"]\').hidden;'),
        { what: 'the toolbar to close after highlighting' });
    }, app);
    const { annotations } = await s.invoke('get_article', { id });
    const a = annotations.find((x) => x.color === c.color);
    assert.ok(a, `a ${c.color} highlight is stored`);
    assert.equal(a.start, start, `${c.color}: start in code points`);
    assert.equal(a.end, end, `${c.color}: end in code points`);
    assert.equal(a.quote, c.phrase, `${c.color}: quote`);
    // Every mark carrying this id, in document order, joined per paragraph.
    const drawn = await waitFor(() => s.execute(`
      const out = [];
      for (const p of document.querySelectorAll('[data-testid="reader"] > p')) {
        const t = [...p.querySelectorAll('mark.hl')].filter((m) => m.dataset.ids.split(' ').includes(arguments[0]))
          .map((m) => m.textContent).join('');
        if (t) out.push(t);
      }
      return out.length ? out.join('\\n\\n') : null;`, [a.id]), { what: `marks for ${c.color}` });
    assert.equal(drawn, c.phrase, `${c.color}: the drawn marks cover exactly the phrase`);
  }
  await assertNoErrorToast(s, 'after highlighting');
});
