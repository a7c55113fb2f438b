// The Linux packages as a user gets them. `scripts/dev` builds the .deb and
// the .rpm, unpacks each into a clean root of its own (dpkg -x; rpm2cpio |
// cpio) and runs this file with:
//   MARGINALIA_DEB       the .deb file
//   MARGINALIA_DEB_ROOT  where it was unpacked
//   MARGINALIA_RPM_ROOT  where the .rpm was unpacked
//   MARGINALIA_APP       $MARGINALIA_DEB_ROOT/usr/bin/marginalia
// inside `dbus-run-session` (the single-instance plugin speaks D-Bus). The
// installed binary is started as a desktop launcher would start it: no
// MARGINALIA_DB, so it makes its library in the per-user data directory
// (XDG_DATA_HOME, a temp dir here) and fills it with the sample articles.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AppFixture, APP, SAMPLE_TITLES, FIRST_RUN_TITLES } from '../e2e/harness.mjs';
import { libraryTitles, openArticle, assertNoErrorToast } from '../e2e/helpers.mjs';
import { waitFor } from '../e2e/webdriver.mjs';

const need = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run this through scripts/dev (test or bundle)`);
  return v;
};
const DEB = need('MARGINALIA_DEB');
const DEB_ROOT = need('MARGINALIA_DEB_ROOT');
const RPM_ROOT = need('MARGINALIA_RPM_ROOT');

/** Every file under `root`, as paths relative to it, sorted. */
function files(root) {
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(root, p));
    }
  };
  walk(root);
  return out.sort();
}

const app = new AppFixture('installed-package', { env: { MARGINALIA_DB: '' } });
const dataDir = join(app.dir, 'data', 'app.marginalia.desktop');

before(async () => {
  assert.equal(APP, join(DEB_ROOT, 'usr', 'bin', 'marginalia'), 'MARGINALIA_APP is the installed binary');
  await app.start();
});

after(async () => { await app.stop(); });

test('1. the .deb holds the app, its launcher and icons; the .rpm holds the same files', () => {
  const debFiles = files(DEB_ROOT);
  assert.ok(debFiles.includes('usr/bin/marginalia'), `the binary is in usr/bin: ${debFiles.join(', ')}`);
  assert.ok(statSync(APP).mode & 0o111, 'the binary is executable');
  assert.deepEqual(files(RPM_ROOT), debFiles, 'the .rpm installs the same files as the .deb');
  for (const f of debFiles) {
    assert.equal(statSync(join(RPM_ROOT, f)).size, statSync(join(DEB_ROOT, f)).size, `${f}: the same size in both`);
  }

  const desktop = readFileSync(join(DEB_ROOT, 'usr/share/applications/Marginalia.desktop'), 'utf8');
  const entry = Object.fromEntries(desktop.split('\n').filter((l) => l.includes('='))
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  assert.equal(entry.Exec, 'marginalia', 'the launcher starts the installed binary');
  assert.equal(entry.Name, 'Marginalia');
  assert.equal(entry.Type, 'Application');
  const icons = debFiles.filter((f) => f.startsWith('usr/share/icons/hicolor/') && f.endsWith(`/apps/${entry.Icon}.png`));
  assert.ok(icons.length >= 3, `the launcher's icon "${entry.Icon}" in several sizes: ${icons.join(', ')}`);

  const field = (name) => execFileSync('dpkg-deb', ['-f', DEB, name], { encoding: 'utf8' }).trim();
  assert.equal(field('Package'), 'marginalia');
  const depends = field('Depends').split(',').map((d) => d.trim().split(' ')[0]).filter(Boolean);
  assert.ok(depends.includes('libwebkit2gtk-4.1-0'), `it depends on WebKitGTK: ${depends}`);
  for (const dep of depends) {
    const status = execFileSync('dpkg-query', ['-W', '-f=${Status}', dep], { encoding: 'utf8' });
    assert.match(status, /install ok installed/, `${dep}, which the package depends on, is installed here`);
  }
  const missing = execFileSync('ldd', [APP], { encoding: 'utf8' }).split('\n').filter((l) => l.includes('not found'));
  assert.deepEqual(missing, [], 'every shared library the binary links is found');
});

test('2. the installed binary starts on a library of its own in the data directory, with the sample articles', async () => {
  const s = await app.launch();
  const titles = await waitFor(async () => {
    const t = await libraryTitles(s);
    return t.length === FIRST_RUN_TITLES.length ? t : null;
  }, { what: 'the sample articles in the list' });
  assert.deepEqual([...titles].sort(), [...FIRST_RUN_TITLES].sort());
  assert.ok(existsSync(join(dataDir, 'library.sqlite3')), `the library is made in ${dataDir}`);
  const r = await openArticle(s, SAMPLE_TITLES[0]);
  assert.ok(r.text.includes('Armenia'), 'the article is shown');
  await assertNoErrorToast(s, 'after starting the installed app');
  await app.shot('installed-package');
});

test('3. a second launch hands over to the window already open and exits', async () => {
  // The first instance's environment: the same display, data directory and bus.
  const second = spawn(APP, [], { env: app.env, stdio: 'ignore' });
  const code = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => { second.kill('SIGKILL'); reject(new Error('the second launch is still running after 20 s')); }, 20_000);
    second.on('exit', (c) => { clearTimeout(timer); resolve(c); });
  });
  assert.equal(code, 0, 'the second launch exits cleanly');
  // The first is still there and answers.
  const titles = await libraryTitles(app.session);
  assert.equal(titles.length, FIRST_RUN_TITLES.length);
});
