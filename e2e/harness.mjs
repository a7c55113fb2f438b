// Process harness for the end-to-end tests: one Xvfb display, one
// tauri-driver (which spawns WebKitWebDriver, which spawns the app) per test
// file, a fresh temp dir and library per file, and cleanup of everything
// started here, also when a test fails or the process is interrupted.
import { spawn } from 'node:child_process';
import {
  existsSync, mkdirSync, mkdtempSync, rmSync, openSync, closeSync, statSync, writeFileSync, readlinkSync,
  readFileSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir, homedir } from 'node:os';
import { join, resolve, dirname, delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Session, waitFor, request } from './webdriver.mjs';
import { descendants, freePortPair } from './host.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const ARTIFACTS = join(ROOT, 'artifacts', 'e2e');
export const APP = resolve(process.env.MARGINALIA_APP ||
  join(homedir(), '.cache', 'marginalia-target', 'debug', 'marginalia'));
export const SAMPLE_FILE = join(ROOT, 'samples', 'armenia-us-news.txt');

export const SAMPLE_TITLES = [
  'Armenia and US Sign Strategic Partnership Charter',
  'US Sends Border Security Team to Armenia to Strengthen Sovereignty',
  'Kremlin Comments on Armenia-US Strategic Partnership Plans',
  "Armenia's Partnership with US a Sovereign Choice, CSTO Leader Says",
];
/** The guide the first-run library holds beside the sample articles (listed first). */
export const WELCOME_TITLE = 'Welcome to Marginalia';
/** What a new user's library lists: the guide, then the sample articles. */
export const FIRST_RUN_TITLES = [WELCOME_TITLE, ...SAMPLE_TITLES];
/** The guide's example annotations: three highlights and an article note. */
export const WELCOME_ANNOTATIONS = 4;

const log = (...a) => { if (process.env.E2E_VERBOSE) console.error('[e2e]', ...a); };

// ---- process bookkeeping ------------------------------------------------------

/** Every process group this file started; killed on exit whatever happens. */
const started = new Set();

/**
 * Signals the process, its process group and every descendant, by pid: the
 * app is a grandchild (tauri-driver -> WebKitWebDriver -> app) and may have
 * its own group.
 */
function killGroup(child, signal) {
  if (!child || !child.pid) return;
  const pids = descendants(child.pid);
  if (child.exitCode === null && child.signalCode === null) {
    try { process.kill(-child.pid, signal); } catch { try { child.kill(signal); } catch { /* gone */ } }
  }
  for (const p of pids) { try { process.kill(p, signal); } catch { /* gone */ } }
}

/** Temp dirs of live fixtures; removed on exit unless E2E_KEEP is set. */
const tempDirs = new Set();

process.on('exit', () => {
  for (const c of started) killGroup(c, 'SIGKILL');
  if (!process.env.E2E_KEEP) for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => { for (const c of started) killGroup(c, 'SIGKILL'); process.exit(130); });
}

/** Spawns `cmd` in its own process group, output appended to `logFile`. */
function startProcess(cmd, args, { env, logFile, pipes = [] }) {
  const fd = openSync(logFile, 'a');
  const child = spawn(cmd, args, { env, detached: true, stdio: ['ignore', fd, fd, ...pipes] });
  closeSync(fd);
  started.add(child);
  child.once('exit', () => started.delete(child));
  child.exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
  // An error (ENOENT...) must not crash the runner; it shows as an early exit.
  child.on('error', (e) => { child.spawnError = e; });
  return child;
}

/** SIGTERM the group, then SIGKILL if it has not gone within `grace` ms. */
async function stopProcess(child, grace = 3000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const orphans = descendants(child.pid);
  killGroup(child, 'SIGTERM');
  const gone = await Promise.race([child.exited.then(() => true), new Promise((r) => setTimeout(() => r(false), grace))]);
  if (!gone) { killGroup(child, 'SIGKILL'); await Promise.race([child.exited, new Promise((r) => setTimeout(r, 2000))]); }
  // Descendants that outlived their parent (the app, WebKitWebDriver), by pid.
  for (const p of orphans) { try { process.kill(p, 'SIGKILL'); } catch { /* gone */ } }
}

// ---- tools ----------------------------------------------------------------------

function which(name) {
  for (const dir of (process.env.PATH || '').split(delimiter)) {
    const p = join(dir, name);
    if (dir && existsSync(p)) return p;
  }
  return null;
}

export function tauriDriverPath() {
  const p = process.env.TAURI_DRIVER || which('tauri-driver') || join(homedir(), '.cargo', 'bin', 'tauri-driver');
  if (!existsSync(p)) throw new Error(`tauri-driver not found (looked for ${p}); install it with: cargo install tauri-driver --locked`);
  return p;
}

/** The app binary may be being rebuilt: wait for it to exist and settle. */
export async function waitForApp(timeout = 240_000) {
  await waitFor(() => {
    if (!existsSync(APP)) return false;
    const st = statSync(APP);
    return st.size > 0 && Date.now() - st.mtimeMs > 2000 && (st.mode & 0o111) !== 0;
  }, { timeout, interval: 1000, what: `the app binary at ${APP} (set MARGINALIA_APP)` });
}


// ---- Xvfb ------------------------------------------------------------------------

/**
 * Starts Xvfb on a display it chooses itself (-displayfd: it takes the
 * display's lock file atomically and writes the number it got), so that
 * test files starting at the same moment never share one: a second Xvfb on
 * a taken display exits, while the socket it checked belongs to the first,
 * whose end would then take this file's app down with it.
 */
async function startXvfb(logFile) {
  const xvfb = which('Xvfb') || '/usr/bin/Xvfb';
  const child = startProcess(xvfb, ['-displayfd', '3', '-screen', '0', '1400x900x24', '-nolisten', 'tcp', '-noreset'],
    { env: process.env, logFile, pipes: ['pipe'] });
  let said = '';
  child.stdio[3]?.on('data', (d) => { said += d; });
  try {
    const n = await waitFor(() => {
      if (child.exitCode !== null || child.spawnError) throw Object.assign(new Error('Xvfb exited'), { fatal: true });
      const m = /^(\d+)\n/.exec(said);
      return m && existsSync(`/tmp/.X11-unix/X${m[1]}`) ? m[1] : null;
    }, { timeout: 10_000, interval: 50, what: 'Xvfb to choose a display' });
    child.stdio[3].destroy();
    log(`Xvfb on :${n}`);
    return { child, display: `:${n}` };
  } catch (e) {
    await stopProcess(child);
    throw new Error(`could not start Xvfb (${e.message}; see ${logFile})`);
  }
}

// ---- the fixture -----------------------------------------------------------------

/**
 * One test file's world: temp dir, library, display, driver. `name` labels
 * the temp dir and the log file (artifacts/e2e/logs/<name>.log).
 */
export class AppFixture {
  constructor(name, { env = {} } = {}) {
    this.name = name;
    this.extraEnv = env;
    this.dir = mkdtempSync(join(tmpdir(), `marginalia-e2e-${name}-`));
    this.db = join(this.dir, 'library.marginalia');
    // Native dialogs cannot be driven by WebDriver: the app answers its
    // open/save dialogs from this file instead (see answerDialogs).
    this.dialogs = join(this.dir, 'dialogs.json');
    tempDirs.add(this.dir);
    mkdirSync(join(ARTIFACTS, 'logs'), { recursive: true });
    this.logFile = join(ARTIFACTS, 'logs', `${name}.log`);
    rmSync(this.logFile, { force: true });
    this.session = null;
  }

  /**
   * What the app's next open/save dialogs answer, as a user picking files
   * would: `{open: [paths]}` for Import, `{save: path}` for Export; null
   * for either is "cancelled".
   */
  answerDialogs({ open = null, save = null } = {}) {
    writeFileSync(this.dialogs, JSON.stringify({ open, save }));
  }

  /** Starts Xvfb and tauri-driver; call once (in `before`). */
  async start() {
    await waitForApp();
    const driver = tauriDriverPath();
    if (!existsSync('/usr/bin/WebKitWebDriver') && !which('WebKitWebDriver')) {
      throw new Error('WebKitWebDriver not found: install webkit2gtk-driver');
    }
    const x = await startXvfb(this.logFile);
    this.xvfb = x.child;
    this.display = x.display;
    // The app inherits tauri-driver's environment: that is how it gets its
    // library path and display. Its config and data dirs (window state,
    // WebKit storage) go to the temp dir too, so runs do not share state with
    // each other or with a developer's own app. Note: do not set
    // WEBKIT_DISABLE_DMABUF_RENDERER=1 here; with it, WebDriver screenshots
    // hang under Xvfb (seen with WebKitGTK 2.50).
    const env = {
      ...process.env,
      DISPLAY: this.display,
      MARGINALIA_DB: this.db,
      MARGINALIA_TEST_DIALOGS: this.dialogs,
      // Links the app hands to the system browser are written here instead
      // (no browser is started, nothing leaves the machine).
      MARGINALIA_TEST_OPENED: join(this.dir, 'opened.txt'),
      XDG_CONFIG_HOME: join(this.dir, 'config'),
      XDG_DATA_HOME: join(this.dir, 'data'),
      NO_AT_BRIDGE: '1',
      ...this.extraEnv,
    };
    delete env.WAYLAND_DISPLAY;
    /** The app's environment, for starting it by hand beside the driver. */
    this.env = env;
    // A port found free may be taken before tauri-driver binds it: retry.
    for (let attempt = 1; ; attempt++) {
      this.port = await freePortPair();
      this.base = `http://127.0.0.1:${this.port}`;
      this.driver = startProcess(driver, ['--port', String(this.port), '--native-port', String(this.port + 1)],
        { env, logFile: this.logFile });
      try {
        await waitFor(async () => {
          if (this.driver.exitCode !== null || this.driver.spawnError) {
            throw Object.assign(new Error(`tauri-driver exited early (see ${this.logFile})`), { fatal: true });
          }
          const v = await request(this.base, 'GET', '/status', undefined, { timeout: 2000 });
          return v && v.ready !== false;
        }, { timeout: 20_000, interval: 200, what: `tauri-driver /status on port ${this.port}` });
        break;
      } catch (e) {
        await stopProcess(this.driver);
        if (attempt >= 3) throw new Error(`${e.message}\n--- log (tail) ---\n${await this.logTail()}`);
      }
    }
    log(`tauri-driver on ${this.base}, library ${this.db}`);
  }

  /**
   * New WebDriver session = a fresh app process on this file's library.
   * Waits for the UI to be ready unless `{ ready: false }` (to look at what
   * it shows before, such as an upgrade's progress).
   */
  async launch({ ready = true } = {}) {
    if (this.session) throw new Error('launch(): a session is already open');
    await waitForApp(); // it may be being rebuilt right now
    const s = await Session.newSession(this.base, {
      'tauri:options': { application: APP },
    }, { timeout: 60_000 }).catch(async (e) => {
      throw new Error(`starting the app through tauri-driver failed: ${e.message}\n--- driver log (tail) ---\n${await this.logTail()}`);
    });
    this.session = s;
    await s.setTimeouts({ script: 30_000, implicit: 0 });
    if (ready) await this.ready();
    return s;
  }

  /** Waits until the UI says it is ready (`body[data-ready=true]`). */
  async ready(timeout = 30_000) {
    const s = this.session;
    await waitFor(() => s.execute('return document.body && document.body.dataset.ready === "true";'),
      { timeout, what: 'the UI to be ready (document.body.dataset.ready === "true")' });
    return s;
  }

  /** Deletes the session, which closes the app. */
  async quit() {
    const s = this.session;
    this.session = null;
    if (!s) return;
    try { await s.deleteSession(); } catch (e) { log(`deleteSession: ${e.message}`); }
  }

  async restart() {
    await this.quit();
    return this.launch();
  }

  /**
   * SIGKILLs the app process (no shutdown, no flush, as a crash or a power
   * button would) and forgets the session; `launch()` starts it again.
   * Returns how many app processes were killed.
   */
  async killApp() {
    const apps = descendants(this.driver.pid).filter((pid) => {
      try { return readlinkSync(`/proc/${pid}/exe`) === APP; } catch { return false; }
    });
    for (const pid of apps) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
    const gone = (pid) => {
      try { return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].startsWith('Z'); } catch { return true; }
    };
    await waitFor(() => apps.every(gone), { timeout: 10_000, what: 'the killed app to be gone' });
    await this.quit();
    return apps.length;
  }

  async logTail(lines = 40) {
    try { return (await readFile(this.logFile, 'utf8')).split('\n').slice(-lines).join('\n'); } catch { return '(no log)'; }
  }

  /** Stops everything this fixture started; safe to call twice. */
  async stop() {
    await this.quit();
    await stopProcess(this.driver);
    await stopProcess(this.xvfb);
    if (!process.env.E2E_KEEP) { rmSync(this.dir, { recursive: true, force: true }); tempDirs.delete(this.dir); }
  }

  shot(name, opts) {
    return this.session.screenshot(join(ARTIFACTS, `${name}.png`), opts);
  }
}
