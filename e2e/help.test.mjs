// Keyboard help: "?" opens the shortcut overlay, Escape closes it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AppFixture } from './harness.mjs';
import { step, assertNoErrorToast } from './helpers.mjs';
import { waitFor, Keys } from './webdriver.mjs';

const app = new AppFixture('help');

function helpState(session) {
  return session.execute(`
    const d = document.getElementById('help-dialog');
    const r = d.getBoundingClientRect();
    const cs = getComputedStyle(d);
    return {
      open: d.open,
      visible: d.open && cs.display !== 'none' && cs.visibility !== 'hidden' && r.width > 0 && r.height > 0,
      heading: d.querySelector('h2')?.textContent ?? null,
      keys: [...d.querySelectorAll('dt')].map((e) => e.textContent.replace(/\\s+/g, ' ').trim()),
      descriptions: [...d.querySelectorAll('dd')].map((e) => e.textContent.trim()),
      active: document.activeElement ? document.activeElement.tagName : null,
    };`);
}

before(async () => {
  await app.start();
  await app.launch();
});

after(async () => { await app.stop(); });

test('7. "?" opens the keyboard help, Escape closes it', async () => {
  const s = app.session;
  const before = await helpState(s);
  assert.equal(before.open, false, 'help is closed at start');
  // Make sure no text field has focus (shortcuts are ignored while typing).
  await s.execute('document.activeElement && document.activeElement.blur && document.activeElement.blur(); return true;');

  await step('press "?"', () => s.pressKeys(['?']), app);
  const open = await step('wait for the help overlay', () => waitFor(async () => {
    const st = await helpState(s);
    return st.visible ? st : null;
  }, { what: 'the help dialog to be open and visible' }), app);
  assert.equal(open.heading, 'Keyboard shortcuts');
  assert.ok(open.keys.length >= 8, `lists the shortcuts (got ${open.keys.length})`);
  assert.equal(open.keys.length, open.descriptions.length, 'each key has a description');
  for (const d of ['Focus search', 'Next / previous article', 'Highlight the selection in yellow', 'This help']) {
    assert.ok(open.descriptions.includes(d), `help lists "${d}" (got ${JSON.stringify(open.descriptions)})`);
  }
  assert.ok(open.keys.includes('?'), `help lists the "?" key (got ${JSON.stringify(open.keys)})`);
  await app.shot('help');

  await step('press Escape', () => s.pressKeys([Keys.ESCAPE]), app);
  await step('wait for the help overlay to close', () => waitFor(async () => !(await helpState(s)).open,
    { what: 'the help dialog to close' }), app);
  await assertNoErrorToast(s, 'with the help overlay');
});
