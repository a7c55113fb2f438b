#!/usr/bin/env node
// App metrics for marginalia-bench, through the real release app in its real
// webview: tauri-driver + WebKitWebDriver under Xvfb, driven by the e2e tests'
// W3C WebDriver client (e2e/webdriver.mjs: Node's fetch, no npm packages).
//
//   node bench/app.mjs --app BIN --empty DB --big DB --render DB --render-id ID
//                      [--marks 1000] [--book-id ID --book-marks 200]
//                      [--scroll-frames 300 --scroll-step 40]
//                      [--runs 5] [--driver PATH] [--bare BIN]
//
// Measures
//   cold start: from the new-session request (which spawns the app) to the
//     first frame painted with the library: the UI's 'start: painted' mark
//     (after document.body.dataset.ready === "true" with at least one
//     [data-testid=article-item]), read as an epoch time; empty and big
//     library launches alternate, after one warm-up launch each; N runs.
//   bare: with --bare, a bare Tauri window (bench/bare-window: the same Tauri,
//     one static page that marks its first frame painted the same way) is
//     launched and measured alongside, cold start and PSS, as the baseline.
//   PSS: sum of Pss (/proc/<pid>/smaps_rollup) of the app process and all its
//     descendants (WebKitWebProcess, WebKitNetworkProcess, ...) after 3 s idle.
//   render: click the 1 MB article's list item; in-page time until the first
//     screen is painted (the reader shows this article: data-render set, then
//     requestAnimationFrame and a task), until the reader holds `marks`
//     mark.hl elements (dom: the whole article, rendered in chunks), and until
//     the frame after that has been rendered (painted); then the same article
//     opened again in the running app (warm: its first screen painted).
//   book: the same for the 2 MB EPUB book (--book-id, in the --render
//     library), first open after a fresh launch: first screen painted.
//   browser: the reader on the big library scrolled 40 px a frame for 300
//     frames (the time between frames: what scrolling text costs), then the
//     highlights browser: its first rows, the same scroll, the frames that
//     showed rows still loading, and a jump to the middle.
// Prints ONE JSON object on stdout; progress on stderr; the driver, Xvfb and
// app output go to a log file in the temp dir (its path is printed).
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, openSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { descendants, freePortPair } from '../e2e/host.mjs';
import { Session, request, waitFor } from '../e2e/webdriver.mjs';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) {
  const k = process.argv[i];
  if (!k.startsWith('--') || i + 1 >= process.argv.length) throw new Error(`bad argument ${k} (every option takes a value)`);
  args[k.slice(2)] = process.argv[i + 1];
}
for (const k of ['app', 'empty', 'big', 'render', 'render-id']) if (!args[k]) throw new Error(`--${k} is required`);
const APP = args.app;
const BARE = args.bare || null;
const comm15 = (bin) => basename(bin).slice(0, 15); // /proc/<pid>/comm is cut at 15 bytes
const RUNS = Math.max(1, Number(args.runs || 5));
const MARKS = Number(args.marks || 1000);
// The browser's scroll: 300 frames (5 s at 60 Hz) of 40 px, a fast wheel.
const SCROLL_FRAMES = Number(args['scroll-frames'] || 300);
const SCROLL_STEP = Number(args['scroll-step'] || 40);
const DRIVER = args.driver || process.env.TAURI_DRIVER || join(homedir(), '.cargo', 'bin', 'tauri-driver');

const log = (...m) => console.error('[app.mjs]', ...m);
const epochMs = () => performance.timeOrigin + performance.now();
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const n = s.length; return n ? (n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2) : null; };

// ---- processes ---------------------------------------------------------------

const started = new Set();
const tempDirs = [];
let logFd = 'ignore';

function startProcess(cmd, argv, { env = process.env, stdio } = {}) {
  const child = spawn(cmd, argv, { env, detached: true, stdio: stdio || ['ignore', logFd, logFd] });
  started.add(child);
  child.exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => { started.delete(child); resolve({ code, signal }); });
    child.once('error', (error) => { child.spawnError = error; started.delete(child); resolve({ error }); });
  });
  return child;
}

const alive = (pid) => existsSync(`/proc/${pid}`);
const comm = (pid) => { try { return readFileSync(`/proc/${pid}/comm`, 'utf8').trim(); } catch { return ''; } };

/** Signals a child we started, its group and its descendants, by pid. */
function signalTree(child, sig) {
  if (!child || !child.pid) return;
  const pids = descendants(child.pid);
  try { process.kill(-child.pid, sig); } catch { try { child.kill(sig); } catch { /* gone */ } }
  for (const p of pids) { try { process.kill(p, sig); } catch { /* gone */ } }
}

async function stopProcess(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null || child.spawnError) return;
  signalTree(child, 'SIGTERM');
  const gone = await Promise.race([child.exited.then(() => true), sleep(3000).then(() => false)]);
  if (!gone) signalTree(child, 'SIGKILL');
}

function cleanup() {
  for (const c of started) signalTree(c, 'SIGKILL');
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
  tempDirs.length = 0;
}
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => { cleanup(); process.exit(130); });

function which(name) {
  for (const dir of (process.env.PATH || '').split(delimiter)) if (dir && existsSync(join(dir, name))) return join(dir, name);
  return null;
}

// ---- Xvfb and drivers ------------------------------------------------------------

async function startXvfb() {
  const xvfb = which('Xvfb') || '/usr/bin/Xvfb';
  // -displayfd: Xvfb picks a free display itself and writes its number to fd 3.
  const child = startProcess(xvfb, ['-displayfd', '3', '-screen', '0', '1400x900x24', '-nolisten', 'tcp', '-noreset'],
    { stdio: ['ignore', logFd, logFd, 'pipe'] });
  const display = await new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error('Xvfb reported no display within 15 s')), 15_000);
    child.stdio[3].on('data', (d) => {
      buf += d;
      const m = buf.match(/(\d+)\s/);
      if (m) { clearTimeout(timer); resolve(`:${m[1]}`); }
    });
    child.exited.then((r) => { clearTimeout(timer); reject(new Error(`Xvfb exited (${JSON.stringify(r)})`)); });
  });
  log(`Xvfb on ${display}`);
  return { child, display };
}


/** One tauri-driver per library: the app inherits its environment (MARGINALIA_DB). */
async function startDriver(name, db, display) {
  const dir = mkdtempSync(join(tmpdir(), `marginalia-bench-app-${name}-`));
  tempDirs.push(dir);
  const env = {
    ...process.env, DISPLAY: display, MARGINALIA_DB: db, NO_AT_BRIDGE: '1',
    XDG_CONFIG_HOME: join(dir, 'config'), XDG_DATA_HOME: join(dir, 'data'), XDG_CACHE_HOME: join(dir, 'cache'),
  };
  delete env.WAYLAND_DISPLAY;
  for (let attempt = 1; ; attempt++) {
    const port = await freePortPair();
    const base = `http://127.0.0.1:${port}`;
    const child = startProcess(DRIVER, ['--port', String(port), '--native-port', String(port + 1)], { env });
    try {
      await waitFor(async () => {
        if (child.exitCode !== null || child.spawnError) throw Object.assign(new Error('tauri-driver exited'), { fatal: true });
        const v = await request(base, 'GET', '/status', undefined, { timeout: 2000 });
        return v && v.ready !== false;
      }, { timeout: 20_000, what: `tauri-driver /status on ${port}` });
      log(`tauri-driver for ${name} on ${base}`);
      return { name, base, child };
    } catch (e) {
      await stopProcess(child);
      if (attempt >= 3) throw e;
    }
  }
}

// ---- one launch ------------------------------------------------------------------

// The time is the UI's own 'start: painted' mark (set in the task after the
// first frame painted with the library), as an epoch time: exact, whenever
// this script gets to run (WebDriver injects it only after the page's load
// event, up to ~100 ms late).
const WAIT_READY = `
  const done = arguments[arguments.length - 1];
  const painted = () => document.body && document.body.dataset.ready === 'true'
    && (document.body.dataset.bare || document.querySelector('[data-testid="article-item"]'))
    && performance.getEntriesByName('start: painted', 'mark')[0];
  // Where the page's own time went before the UI's first step: the HTML
  // served, the files it loads (modules, stylesheets) fetched, the DOM parsed.
  const page = () => {
    const nav = performance.getEntriesByType('navigation')[0];
    const files = performance.getEntriesByType('resource');
    const fetched = files.reduce((t, r) => Math.max(t, r.responseEnd), 0);
    return 'page: html ' + (nav ? nav.responseEnd.toFixed(0) : '?') + ' ms, ' + files.length
      + ' files fetched by ' + fetched.toFixed(0) + ' ms, DOMContentLoaded '
      + (nav ? nav.domContentLoadedEventEnd.toFixed(0) : '?') + ' ms';
  };
  const report = (m) => done({ at: performance.timeOrigin + m.startTime, origin: performance.timeOrigin,
    steps: [page(), ...performance.getEntriesByType('measure').filter((e) => e.name.startsWith('start:'))
      .map((e) => e.name + ' ' + e.duration.toFixed(0) + ' ms')].join(', ') });
  const m = painted();
  if (m) { report(m); return; }
  const t = setInterval(() => { const m = painted(); if (m) { clearInterval(t); report(m); } }, 10);
  setTimeout(() => { clearInterval(t); done({ at: null }); }, 2000);`;

/** The app's pid: the descendant of the driver running the binary `bin`. */
function appPid(driver, bin) {
  return descendants(driver.child.pid).find((p) => comm(p) === comm15(bin)) || null;
}

/**
 * New session (spawns the app, or the bare window for the 'bare' driver),
 * then waits in-page until the library (the bare page) is painted.
 */
async function launch(driver) {
  const bin = driver.name === 'bare' ? BARE : APP;
  const t0 = epochMs();
  const session = await Session.newSession(driver.base, { 'tauri:options': { application: bin } }, { timeout: 120_000 });
  await session.setTimeouts({ script: 5_000 });
  const deadline = Date.now() + 90_000;
  let last;
  for (;;) {
    let r = null;
    try { r = await session.executeAsync(WAIT_READY, [], { timeout: 15_000 }); } catch (e) { last = e; }
    // origin - t0: from the session request to the page's start (spawning
    // the process, the window and the webview, before any of the page runs).
    if (r && r.at) return { session, ms: r.at - t0, steps: `webview up ${(r.origin - t0).toFixed(0)} ms, ${r.steps}`, pid: appPid(driver, bin) };
    if (Date.now() > deadline) {
      await session.deleteSession().catch(() => {});
      throw new Error(`the library never showed (${last ? last.message : 'not ready'})`);
    }
    await sleep(10);
  }
}

/** Ends the session and makes sure the app process is gone before the next launch. */
async function close(l) {
  try { await l.session.deleteSession(); } catch (e) { log(`quit: ${e.message}`); }
  if (!l.pid) return;
  const deadline = Date.now() + 5_000;
  while (alive(l.pid) && Date.now() < deadline) await sleep(50);
  for (const p of [l.pid, ...descendants(l.pid)]) { try { process.kill(p, 'SIGKILL'); } catch { /* gone */ } }
}

function pssKb(pid) {
  try {
    const m = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8').match(/^Pss:\s+(\d+) kB/m);
    return m ? Number(m[1]) : 0;
  } catch { return 0; }
}

/**
 * Where a process's PSS is (kB), from /proc/<pid>/smaps: anonymous memory
 * (heaps, stacks, the JavaScript heap), its own executable, and the shared
 * libraries and other files it maps.
 */
function pssParts(pid) {
  const parts = { anon: 0, exe: 0, files: 0 };
  let exe = '';
  try { exe = readlinkSync(`/proc/${pid}/exe`); } catch { return parts; }
  let kind = 'anon';
  try {
    for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
      const head = line.match(/^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \d+\s*(.*)$/);
      if (head) {
        const path = head[1];
        kind = !path || path.startsWith('[') || path.startsWith('/memfd:') || path.includes('(deleted)') ? 'anon' : path === exe ? 'exe' : 'files';
        continue;
      }
      const m = line.match(/^Pss:\s+(\d+) kB/);
      if (m) parts[kind] += Number(m[1]);
    }
  } catch { /* gone */ }
  return parts;
}

const RENDER = `
  const [id, want, again, done] = arguments;
  const reader = document.querySelector('[data-testid="reader"]');
  // A second open in the same session: forget the first, so that only this
  // open's drawing is seen (opening an article always draws it anew).
  if (again) { delete reader.dataset.article; delete reader.dataset.render; }
  const li = document.querySelector('[data-testid="article-item"][data-id="' + CSS.escape(id) + '"]');
  if (!reader || !li) { done({ error: 'reader or article item not found' }); return; }
  const marks = reader.getElementsByClassName('hl');
  const out = { first: null, firstPainted: null, dom: null, painted: null, marks: 0 };
  let finished = false;
  let mo = null;
  let poll = null;
  const t0 = performance.now();
  // The frame after 'now' has been rendered: requestAnimationFrame, then a task.
  const afterPaint = (set) => requestAnimationFrame(() => setTimeout(() => set(performance.now() - t0), 0));
  const stop = () => { finished = true; if (mo) mo.disconnect(); if (poll) clearInterval(poll); };
  const check = () => {
    if (finished) return;
    if (out.first == null && reader.dataset.article === id && reader.dataset.render && reader.firstElementChild) {
      out.first = performance.now() - t0;
      afterPaint((t) => { out.firstPainted = t; });
    }
    if (out.first == null || marks.length < want) return; // (the marks of this open, not an earlier one)
    out.dom = performance.now() - t0;
    stop();
    let sent = false;
    const send = (painted) => {
      if (sent) return;
      sent = true;
      out.painted = painted;
      out.marks = reader.querySelectorAll('mark.hl').length;
      // Where the first screen's time went (the UI's own performance.measure entries).
      out.steps = performance.getEntriesByType('measure').filter((m) => m.name.startsWith('article:'))
        .slice(-7).map((m) => m.name + ' ' + m.duration.toFixed(0) + ' ms').join(', ');
      done(out);
    };
    afterPaint(send);
    setTimeout(() => send(null), 2000);
  };
  mo = new MutationObserver(check);
  mo.observe(reader, { childList: true, subtree: true, attributes: true });
  poll = setInterval(check, 5);
  setTimeout(() => { if (!finished) { stop(); done({ error: 'timeout', marks: marks.length }); } }, 60000);
  (li.querySelector('button') || li).click();`;

/** Opens the first listed article other than `id` and waits until it is drawn. */
// The highlights browser on the big library, against the reader: first an
// article of the list is opened and the main pane scrolled FRAMES frames,
// STEP px a frame (back up at the end), timing the frames
// (requestAnimationFrame): what scrolling plain text costs this webview.
// Then All highlights: from its button to its first rows; the same scroll,
// with the frames that showed rows still loading; how long rows scrolled to
// take to arrive; a jump to the middle of the list until its rows are drawn.
const BROWSE = `
const [frames, step, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
const frame = () => new Promise((r) => requestAnimationFrame(r));
const main = document.getElementById('main');
const drawn = () => {
  const top = main.getBoundingClientRect().top;
  const rows = [...document.querySelectorAll('#highlights-view .hl-row')]
    .filter((r) => { const b = r.getBoundingClientRect(); return b.bottom > top && b.top < top + main.clientHeight; });
  return rows.length > 0 && rows.every((r) => !r.classList.contains('placeholder'));
};
const until = async (ok, ms) => { const t0 = performance.now(); while (!ok()) { if (performance.now() - t0 > ms) return null; await new Promise((r) => setTimeout(r, 5)); } return performance.now() - t0; };
const scroll = async (check) => {
  const deltas = [];
  let blank = 0;
  let dir = 1;
  let last = await frame();
  for (let i = 0; i < frames; i++) {
    const was = main.scrollTop;
    main.scrollTop += dir * step;
    if (main.scrollTop === was) { dir = -dir; main.scrollTop += dir * step; }
    const t = await frame();
    deltas.push(t - last);
    last = t;
    if (check && !check()) blank++;
  }
  return { deltas, blank };
};
(async () => {
  // An article long enough to scroll through without turning back (new text
  // every frame, as the list shows new rows), or the longest of the first ten.
  let tallest = null;
  for (const item of [...document.querySelectorAll('[data-testid="article-item"]')].slice(0, 10)) {
    item.querySelector('.article-title').click();
    const id = item.dataset.id;
    if ((await until(() => document.querySelector('[data-testid="reader"]').dataset.article === id
      && document.querySelector('[data-testid="reader"]').childElementCount > 0, 30000)) == null) return done({ error: 'no article opened' });
    await new Promise((r) => setTimeout(r, 300));
    if (!tallest || main.scrollHeight > tallest.height) tallest = { item, height: main.scrollHeight };
    if (main.scrollHeight >= (frames + 20) * step + main.clientHeight) break;
  }
  if (document.querySelector('[data-testid="reader"]').dataset.article !== tallest.item.dataset.id) {
    tallest.item.querySelector('.article-title').click();
    await until(() => document.querySelector('[data-testid="reader"]').dataset.article === tallest.item.dataset.id, 30000);
  }
  main.scrollTop = 0;
  await new Promise((r) => setTimeout(r, 500));
  const reader = (await scroll(null)).deltas;
  main.scrollTop = 0;
  const t0 = performance.now();
  document.querySelector('nav.views button[data-view="highlights"]').click();
  const count = () => /^[\\d,]+/.test(document.querySelector('[data-testid="highlights-count"]')?.textContent || '');
  if ((await until(() => count() && drawn(), 60000)) == null) return done({ error: 'the browser showed no rows' });
  await frame();
  const open = performance.now() - t0;
  const total = Number(document.querySelector('[data-testid="highlights-count"]').textContent.match(/^[\\d,]+/)[0].replace(/,/g, ''));
  const { deltas, blank } = await scroll(drawn);
  const fill = await until(drawn, 30000);
  const j0 = performance.now();
  main.scrollTop = main.scrollHeight / 2;
  const jump = await until(drawn, 30000);
  done({ open, total, reader, deltas, blank, fill, jump: jump == null ? null : performance.now() - j0 });
})().catch((e) => done({ error: String(e && e.message || e) }));
`;

const OPEN_ANOTHER = `
  const [id, done] = arguments;
  const reader = document.querySelector('[data-testid="reader"]');
  const li = [...document.querySelectorAll('[data-testid="article-item"]')].find((e) => e.dataset.id !== id);
  if (!reader || !li) { done({ error: 'no other article in the list' }); return; }
  const t = setInterval(() => {
    if (reader.dataset.article === li.dataset.id && reader.dataset.render) { clearInterval(t); done({ ok: true }); }
  }, 10);
  setTimeout(() => { clearInterval(t); done({ error: 'the other article was not drawn' }); }, 25000);
  (li.querySelector('button') || li).click();`;

// ---- the measurements --------------------------------------------------------------

const SIDE_FILES = ['', '-wal', '-shm'];

/**
 * Keeps a copy of the library at `db` (with its WAL) and returns a function
 * that puts it back. Each render run then starts from the same library: the
 * app brings back the last session (the article opened in the run before,
 * its place, the list), which would make every run open on top of the last.
 */
function pristine(db, dir) {
  const kept = SIDE_FILES.filter((s) => existsSync(db + s));
  for (const s of kept) copyFileSync(db + s, join(dir, `pristine${s}`));
  return () => {
    for (const s of SIDE_FILES) rmSync(db + s, { force: true });
    for (const s of kept) copyFileSync(join(dir, `pristine${s}`), db + s);
  };
}

async function main() {
  const result = { cold_start_ms: { empty: [], big: [], bare: [] }, pss_mb: {}, pss_processes: {}, render_ms: { first: [], warm: [], dom: [], painted: [], book: [] }, errors: [] };
  const logDir = mkdtempSync(join(tmpdir(), 'marginalia-bench-app-log-'));
  const logFile = join(logDir, 'app.log');
  logFd = openSync(logFile, 'a');
  log(`driver, Xvfb and app output: ${logFile}`);
  const phase = async (what, fn) => {
    try { await fn(); } catch (e) { log(`${what} failed: ${e.stack || e}`); result.errors.push(`${what}: ${e.message || e}`); }
  };
  let xvfb = null;
  const drivers = {};
  try {
    xvfb = await startXvfb();
    drivers.empty = await startDriver('empty', args.empty, xvfb.display);
    drivers.big = await startDriver('big', args.big, xvfb.display);
    if (BARE) drivers.bare = await startDriver('bare', args.empty, xvfb.display);
    const launched = BARE ? ['empty', 'big', 'bare'] : ['empty', 'big'];
    const resetRender = pristine(args.render, logDir);
    drivers.render = await startDriver('render', args.render, xvfb.display);

    await phase('cold start', async () => {
      for (const name of launched) await close(await launch(drivers[name])); // warm-up
      for (let i = 0; i < RUNS; i++) {
        for (const name of launched) {
          const l = await launch(drivers[name]);
          await close(l);
          result.cold_start_ms[name].push(l.ms);
          log(`cold start ${name} run ${i + 1}: ${l.ms.toFixed(0)} ms (${l.steps})`);
        }
      }
    });

    await phase('memory', async () => {
      for (const name of launched) {
        const l = await launch(drivers[name]);
        try {
          if (!l.pid) throw new Error('app process not found among the driver\'s descendants');
          await sleep(3000);
          const sums = [];
          for (let k = 0; k < 3; k++) {
            const pids = [l.pid, ...descendants(l.pid)];
            sums.push(pids.reduce((s, p) => s + pssKb(p), 0));
            if (k === 0) {
              result.pss_processes[name] = pids.map((p) => `${comm(p)}:${pssKb(p)}kB`);
              const mb = (kb) => (kb / 1024).toFixed(1);
              log(`PSS ${name} by kind (MB): ${pids.map((p) => { const x = pssParts(p); return `${comm(p)} anon ${mb(x.anon)} exe ${mb(x.exe)} files ${mb(x.files)}`; }).join('; ')}`);
            }
            await sleep(500);
          }
          result.pss_mb[name] = median(sums) / 1024;
          log(`PSS ${name}: ${result.pss_mb[name].toFixed(1)} MB (${result.pss_processes[name].join(', ')})`);
        } finally {
          await close(l);
        }
      }
    });

    await phase('render', async () => {
      for (let i = 0; i <= RUNS; i++) { // run 0 is a warm-up
        resetRender();
        const l = await launch(drivers.render);
        try {
          await sleep(500); // let start-up work settle
          await l.session.setTimeouts({ script: 70_000 });
          const r = await l.session.executeAsync(RENDER, [args['render-id'], MARKS, false], { timeout: 80_000 });
          if (!r || r.error) throw new Error(`render: ${r ? r.error : 'no result'} (${r ? r.marks : '?'} marks)`);
          const f = (v) => (v == null ? '?' : v.toFixed(0));
          log(`render run ${i}: first screen painted ${f(r.firstPainted)} ms, all marks in dom ${f(r.dom)} ms, painted ${f(r.painted)} ms, ${r.marks} marks (${r.steps})${i === 0 ? ' (warm-up)' : ''}`);
          if (i > 0) {
            if (r.firstPainted != null) result.render_ms.first.push(r.firstPainted);
            result.render_ms.dom.push(r.dom);
            if (r.painted != null) result.render_ms.painted.push(r.painted);
          }
          // The same article opened again in the running app (JIT warm, start-up done).
          // Choosing the open article again in the list only shows the reader
          // where it was, so another article is opened in between.
          await sleep(1000);
          const away = await l.session.executeAsync(OPEN_ANOTHER, [args['render-id']], { timeout: 30_000 });
          if (!away || away.error) throw new Error(`opening another article: ${away ? away.error : 'no result'}`);
          await sleep(500);
          const w = await l.session.executeAsync(RENDER, [args['render-id'], MARKS, true], { timeout: 80_000 });
          if (!w || w.error) throw new Error(`render again: ${w ? w.error : 'no result'}`);
          log(`render run ${i}, opened again: first screen painted ${f(w.firstPainted)} ms, all marks in dom ${f(w.dom)} ms (${w.steps})`);
          if (i > 0 && w.firstPainted != null) result.render_ms.warm.push(w.firstPainted);
        } finally {
          await close(l);
        }
      }
    });

    await phase('browser', async () => {
      const l = await launch(drivers.big);
      try {
        await sleep(1000); // let start-up work settle
        await l.session.setTimeouts({ script: 120_000 });
        const r = await l.session.executeAsync(BROWSE, [SCROLL_FRAMES, SCROLL_STEP], { timeout: 130_000 });
        if (!r || r.error) throw new Error(`browser: ${r ? r.error : 'no result'}`);
        result.browser = r;
        const f = (v) => (v == null ? '?' : v.toFixed(1));
        const frames = (xs) => { const d = [...xs].sort((a, b) => a - b); return `median ${f(median(d))} ms, p95 ${f(d[Math.floor(d.length * 0.95)])} ms, max ${f(d[d.length - 1])} ms`; };
        log(`browser: the reader scrolling ${SCROLL_STEP} px a frame: ${frames(r.reader)}`);
        log(`browser: ${r.total} rows, open ${f(r.open)} ms; ${r.deltas.length} frames scrolling ${SCROLL_STEP} px each: ${frames(r.deltas)}; `
          + `${r.blank} frames showed rows still loading, filled ${f(r.fill)} ms after; jump to the middle ${f(r.jump)} ms`);
      } finally {
        await close(l);
      }
    });

    if (args['book-id']) await phase('book', async () => {
      for (let i = 0; i <= RUNS; i++) { // run 0 is a warm-up
        resetRender();
        const l = await launch(drivers.render);
        try {
          await sleep(500);
          await l.session.setTimeouts({ script: 70_000 });
          const r = await l.session.executeAsync(RENDER, [args['book-id'], Number(args['book-marks'] || 0), false], { timeout: 80_000 });
          if (!r || r.error) throw new Error(`book: ${r ? r.error : 'no result'} (${r ? r.marks : '?'} marks)`);
          const f = (v) => (v == null ? '?' : v.toFixed(0));
          log(`book run ${i}: first screen painted ${f(r.firstPainted)} ms, all marks in dom ${f(r.dom)} ms, ${r.marks} marks (${r.steps})${i === 0 ? ' (warm-up)' : ''}`);
          if (i > 0 && r.firstPainted != null) result.render_ms.book.push(r.firstPainted);
        } finally {
          await close(l);
        }
      }
    });
  } catch (e) {
    log(`setup failed: ${e.stack || e}`);
    result.errors.push(`setup: ${e.message || e}`);
  } finally {
    for (const d of Object.values(drivers)) await stopProcess(d.child);
    if (xvfb) await stopProcess(xvfb.child);
  }
  if (result.errors.length) log(`see ${logFile}`); else rmSync(logDir, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((e) => {
  log(e.stack || e);
  process.stdout.write(`${JSON.stringify({ errors: [String(e.message || e)] })}\n`);
  process.exitCode = 1;
});
