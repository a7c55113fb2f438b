// The native application menu (src-tauri/src/menu.rs), through its keys:
// GTK gives a menu item's accelerator to the menu, which tells the page its
// id. The keys are real X events (xdotool, through the X server to GTK);
// WebDriver's keys go straight into the web view and never reach the menu.
// Ctrl+1-4 and Ctrl+E have no key handler in the page at all, so a view
// that changes or a dialog that opens came through the native menu.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppFixture } from './harness.mjs';
import { waitFor, Keys } from './webdriver.mjs';

const app = new AppFixture('menu');

before(async () => {
  await app.start();
  await app.launch();
});

after(async () => { await app.stop(); });

const view = (s) => s.execute('return document.body.dataset.view;');

/** Presses `keys` (xdotool's names, e.g. ctrl+3) on the app's window, as a keyboard would. */
function press(keys) {
  const env = { ...process.env, DISPLAY: app.display };
  const ids = execFileSync('xdotool', ['search', '--onlyvisible', '--name', '^Marginalia$'], { env }).toString().trim().split('\n');
  execFileSync('xdotool', ['windowfocus', '--sync', ids[ids.length - 1]], { env });
  execFileSync('xdotool', ['key', '--clearmodifiers', keys], { env });
}

test('menu accelerators switch views and open the export dialog', async () => {
  const s = app.session;
  await s.execute('document.activeElement.blur(); return true;');
  for (const [key, name] of [['3', 'tags'], ['2', 'highlights'], ['4', 'colors'], ['1', 'reader']]) {
    press(`ctrl+${key}`);
    await waitFor(async () => (await view(s)) === name, { what: `Ctrl+${key}: the ${name} view` });
  }
  press('ctrl+e');
  await waitFor(() => s.execute('return document.getElementById("export-dialog").open;'), { what: 'Ctrl+E: the export dialog' });
  await app.shot('menu-export');
  await s.pressKeys([Keys.ESCAPE]);
  await waitFor(() => s.execute('return !document.getElementById("export-dialog").open;'), { what: 'the dialog closed' });
  assert.equal(await view(s), 'reader');
});

test('File › Back Up… (Ctrl+Shift+B) writes a backup to the file chosen in the save dialog', async () => {
  const s = app.session;
  const file = join(app.dir, 'backup-from-the-menu.sqlite3');
  app.answerDialogs({ save: file });
  await s.execute('document.activeElement.blur(); return true;');
  press('ctrl+shift+b');
  await waitFor(() => s.execute(`return [...document.querySelectorAll('#toasts .toast-msg')]
    .some((t) => t.textContent.startsWith('Backed up to backup-from-the-menu.sqlite3'));`), { what: 'the backup toast' });
  assert.ok(existsSync(file), 'the backup file is there');
  const head = readFileSync(file).subarray(0, 16).toString('latin1');
  assert.equal(head, 'SQLite format 3\0');
  await app.shot('menu-backup');
});

test('Ctrl+Z through the menu undoes a change; in a text field it is the field\'s own', async () => {
  const s = app.session;
  const { items } = await s.invoke('list_articles', { query: { sort: 'oldest' } });
  await s.invoke('set_state', { ids: [items[0].id], to: 'archive' });
  const stateOf = async () => (await s.invoke('get_article', { id: items[0].id })).article.state;
  assert.equal(await stateOf(), 'archive');
  await s.execute('document.activeElement.blur(); return true;');
  press('ctrl+z');
  await waitFor(async () => (await stateOf()) === 'inbox', { what: 'Ctrl+Z (menu) undoing the move' });
  press('ctrl+shift+z');
  await waitFor(async () => (await stateOf()) === 'archive', { what: 'Ctrl+Shift+Z (menu) redoing it' });
  // In the search field: the field's undo, not the library's.
  const search = await s.findElement('#search');
  await search.click();
  await search.sendKeys('tide');
  press('ctrl+z');
  await new Promise((r) => setTimeout(r, 400));
  assert.equal(await stateOf(), 'archive', 'the library is untouched');
  const typed = await s.execute('return document.getElementById("search").value;');
  assert.notEqual(typed, 'tide', 'the field took its own undo');
});

test('Ctrl+C and Ctrl+V with real keys still copy and paste (the Edit menu has them)', async () => {
  const s = app.session;
  await s.execute(`const f = document.getElementById('search'); f.focus(); f.value = 'copy me please'; f.select(); return true;`);
  press('ctrl+c');
  await new Promise((r) => setTimeout(r, 300));
  await s.execute(`const f = document.getElementById('search'); f.value = ''; f.focus(); return true;`);
  press('ctrl+v');
  await waitFor(async () => (await s.execute('return document.getElementById("search").value;')) === 'copy me please',
    { what: 'the copied text pasted back' });
  await s.execute(`const f = document.getElementById('search'); f.value = ''; f.dispatchEvent(new Event('input')); f.blur(); return true;`);
});
