// A tiny W3C WebDriver client over Node's global fetch (no npm packages).
// Only what the end-to-end tests need: sessions, CSS lookups, clicks, keys,
// text/attributes, script execution, screenshots and a polling helper.
import { writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';

/** W3C key codes for the non-printable keys the tests use. */
export const Keys = Object.freeze({
  ENTER: '\uE007',
  ESCAPE: '\uE00C',
  TAB: '\uE004',
  BACKSPACE: '\uE003',
  SHIFT: '\uE008',
  CONTROL: '\uE009',
  ARROW_UP: '\uE013',
  ARROW_DOWN: '\uE015',
  HOME: '\uE011',
  END: '\uE010',
  SPACE: '\uE00D',
  F10: '\uE03A',
});

export class WebDriverError extends Error {
  constructor(method, path, status, value) {
    const v = value && typeof value === 'object' ? value : {};
    super(`WebDriver ${method} ${path} failed (HTTP ${status}): ${v.error || 'error'}: ${v.message || JSON.stringify(value)}`);
    this.name = 'WebDriverError';
    this.status = status;
    this.error = v.error;
    this.data = v.data;
  }
}

/** Low-level request; returns the `value` of the W3C response. */
export async function request(base, method, path, body, { timeout = 60_000 } = {}) {
  const init = { method, headers: {}, signal: AbortSignal.timeout(timeout) };
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json; charset=utf-8';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(base + path, init);
  } catch (e) {
    throw new Error(`WebDriver ${method} ${path}: no answer from ${base} (${e.cause?.code || e.name}: ${e.message})`);
  }
  const raw = await res.text();
  let json;
  try { json = raw ? JSON.parse(raw) : {}; } catch { json = { value: raw }; }
  if (!res.ok) throw new WebDriverError(method, path, res.status, json.value);
  return json.value;
}

/**
 * Polls `fn` until it returns a truthy value (which is returned) or `timeout`
 * ms pass. Errors thrown by `fn` count as "not yet" (the last one is
 * reported), except an error with `fatal: true`, which is rethrown at once.
 */
export async function waitFor(fn, { timeout = 15_000, interval = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let lastErr;
  let lastVal;
  for (;;) {
    try {
      lastVal = await fn();
      if (lastVal) return lastVal;
    } catch (e) {
      if (e && e.fatal) throw e; // no point in waiting any longer
      lastErr = e;
    }
    if (Date.now() >= deadline) {
      const why = lastErr ? ` (last error: ${lastErr.message})` : ` (last value: ${JSON.stringify(lastVal)})`;
      throw new Error(`Timed out after ${timeout} ms waiting for ${what}${why}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

export class Element {
  constructor(session, id, selector = '?') {
    this.session = session;
    this.id = id;
    this.selector = selector;
  }

  get ref() { return { [ELEMENT_KEY]: this.id }; }
  #path(suffix) { return `/element/${encodeURIComponent(this.id)}${suffix}`; }

  click() { return this.session.cmd('POST', this.#path('/click'), {}); }
  clear() { return this.session.cmd('POST', this.#path('/clear'), {}); }
  /** Element Send Keys: types `text` into the element (focusing it first). */
  sendKeys(text) { return this.session.cmd('POST', this.#path('/value'), { text: String(text) }); }
  getText() { return this.session.cmd('GET', this.#path('/text')); }
  getAttribute(name) { return this.session.cmd('GET', this.#path(`/attribute/${encodeURIComponent(name)}`)); }
  getProperty(name) { return this.session.cmd('GET', this.#path(`/property/${encodeURIComponent(name)}`)); }
  getTagName() { return this.session.cmd('GET', this.#path('/name')); }
  /** Visibility computed in-page (the W3C spec has no "displayed" endpoint). */
  isDisplayed() {
    return this.session.execute(
      'const e = arguments[0]; if (!e.isConnected || e.closest("[hidden]")) return false;' +
      'const s = getComputedStyle(e); const r = e.getBoundingClientRect();' +
      'return s.display !== "none" && s.visibility !== "hidden" && r.width > 0 && r.height > 0;', [this]);
  }
  async findElement(css) {
    const v = await this.session.cmd('POST', this.#path('/element'), { using: 'css selector', value: css });
    return new Element(this.session, v[ELEMENT_KEY], `${this.selector} ${css}`);
  }
  async findElements(css) {
    const v = await this.session.cmd('POST', this.#path('/elements'), { using: 'css selector', value: css });
    return v.map((x) => new Element(this.session, x[ELEMENT_KEY], `${this.selector} ${css}`));
  }
  toJSON() { return this.ref; }
}

/** Replaces Element instances in script arguments by W3C element references. */
function encodeArgs(args) {
  return args.map((a) => (a instanceof Element ? a.ref : a));
}

/** Turns W3C element references in script results back into Elements. */
function decode(session, v) {
  if (Array.isArray(v)) return v.map((x) => decode(session, x));
  if (v && typeof v === 'object') {
    if (typeof v[ELEMENT_KEY] === 'string') return new Element(session, v[ELEMENT_KEY]);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decode(session, x)]));
  }
  return v;
}

export class Session {
  constructor(base, id, capabilities) {
    this.base = base;
    this.id = id;
    this.capabilities = capabilities;
  }

  /**
   * POST /session. `capabilities` is the W3C `alwaysMatch` object, e.g.
   * {'tauri:options': {application: '/path/to/app'}}.
   */
  static async newSession(base, alwaysMatch, { timeout = 60_000 } = {}) {
    const v = await request(base, 'POST', '/session', { capabilities: { alwaysMatch } }, { timeout });
    if (!v || !v.sessionId) throw new Error(`New session: no sessionId in ${JSON.stringify(v)}`);
    return new Session(base, v.sessionId, v.capabilities);
  }

  cmd(method, path, body, opts) {
    return request(this.base, method, `/session/${encodeURIComponent(this.id)}${path}`, body, opts);
  }

  async deleteSession() {
    await request(this.base, 'DELETE', `/session/${encodeURIComponent(this.id)}`, undefined, { timeout: 30_000 });
  }

  setTimeouts(t) { return this.cmd('POST', '/timeouts', t); }

  async findElement(css) {
    const v = await this.cmd('POST', '/element', { using: 'css selector', value: css });
    return new Element(this, v[ELEMENT_KEY], css);
  }

  async findElements(css) {
    const v = await this.cmd('POST', '/elements', { using: 'css selector', value: css });
    return v.map((x) => new Element(this, x[ELEMENT_KEY], css));
  }

  /** Polls until `css` matches at least one element; returns the first. */
  async waitForElement(css, { timeout = 15_000, visible = false, what } = {}) {
    return waitFor(async () => {
      const els = await this.findElements(css);
      for (const e of els) if (!visible || await e.isDisplayed()) return e;
      return null;
    }, { timeout, what: what || `element ${css}${visible ? ' (visible)' : ''}` });
  }

  /** Execute Script (sync). `script` is a function body; use `arguments[i]`. */
  async execute(script, args = []) {
    return decode(this, await this.cmd('POST', '/execute/sync', { script, args: encodeArgs(args) }));
  }

  /**
   * Execute Async Script: the last argument is the callback, call it with the
   * result. The session's script timeout applies (see setTimeouts); `timeout`
   * is how long this client waits for the answer (default 60 s).
   */
  async executeAsync(script, args = [], { timeout } = {}) {
    return decode(this, await this.cmd('POST', '/execute/async', { script, args: encodeArgs(args) },
      timeout ? { timeout } : undefined));
  }

  /**
   * Calls a Tauri command from the page, exactly as the UI does, and returns
   * its result; a rejection becomes an Error carrying {code, message}.
   */
  async invoke(command, args = {}, { channels = [] } = {}) {
    const r = await this.executeAsync(`
      const [cmd, args, channels, done] = arguments;
      try {
        const core = window.__TAURI__.core;
        for (const name of channels) args[name] = new core.Channel();
        core.invoke(cmd, args).then(
          (value) => done({ ok: true, value: value === undefined ? null : value }),
          (error) => done({ ok: false, error: (error && typeof error === 'object') ? error : { message: String(error) } }));
      } catch (e) {
        done({ ok: false, error: { code: 'script', message: String(e && e.stack || e) } });
      }`, [command, args, channels]);
    if (!r || !r.ok) {
      const e = new Error(`invoke('${command}') rejected: ${r && r.error ? `${r.error.code || ''} ${r.error.message}` : JSON.stringify(r)}`);
      e.code = r?.error?.code;
      throw e;
    }
    return r.value;
  }

  /** Perform Actions: presses and releases each key of `keys` in turn. */
  async pressKeys(keys) {
    const actions = [];
    for (const k of keys) actions.push({ type: 'keyDown', value: k }, { type: 'keyUp', value: k });
    await this.cmd('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
    await this.cmd('DELETE', '/actions');
  }

  /** Presses `key` while holding `modifiers` (e.g. [Keys.CONTROL], 'f'). */
  async chord(modifiers, key) {
    const actions = [
      ...modifiers.map((m) => ({ type: 'keyDown', value: m })),
      { type: 'keyDown', value: key }, { type: 'keyUp', value: key },
      ...modifiers.map((m) => ({ type: 'keyUp', value: m })),
    ];
    await this.cmd('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
    await this.cmd('DELETE', '/actions');
  }

  /**
   * Clicks `element` with the pointer while holding `modifiers` (Ctrl+click,
   * Shift+click): a key source and a pointer source acting together.
   */
  /**
   * A right click on `element` (x, y from its centre), or with no element
   * at (x, y) in the viewport. The menu opens on the press (as GTK does).
   * The button is let go at the window's top-left corner: WebKitWebDriver
   * reports a right button's release as the left one's, with a click, which
   * a real mouse does not make.
   */
  async contextClick(element, { x = 0, y = 0 } = {}) {
    await this.cmd('POST', '/actions', {
      actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions: [
        { type: 'pointerMove', origin: element ? element.ref : 'viewport', x: Math.round(x), y: Math.round(y) },
        { type: 'pointerDown', button: 2 },
        { type: 'pointerMove', origin: 'viewport', x: 1, y: 1 },
        { type: 'pointerUp', button: 2 },
      ] }],
    });
    await this.cmd('DELETE', '/actions');
  }

  async clickWith(modifiers, element) {
    const hold = modifiers.map((m) => ({ type: 'keyDown', value: m }));
    const keys = [...hold, { type: 'pause' }, { type: 'pause' }, { type: 'pause' },
      ...modifiers.map((m) => ({ type: 'keyUp', value: m }))];
    const pointer = [...hold.map(() => ({ type: 'pause' })),
      { type: 'pointerMove', origin: element.ref, x: 0, y: 0 },
      { type: 'pointerDown', button: 0 }, { type: 'pointerUp', button: 0 },
      ...modifiers.map(() => ({ type: 'pause' }))];
    await this.cmd('POST', '/actions', {
      actions: [
        { type: 'key', id: 'keyboard', actions: keys },
        { type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions: pointer },
      ],
    });
    await this.cmd('DELETE', '/actions');
  }

  /** Resizes the window (Set Window Rect). */
  setWindowSize(width, height) {
    return this.cmd('POST', '/window/rect', { width, height });
  }

  /** Takes a screenshot of the window and writes it as PNG to `file`. */
  async screenshot(file, { timeout = 30_000 } = {}) {
    const b64 = await this.cmd('GET', '/screenshot', undefined, { timeout });
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, Buffer.from(b64, 'base64'));
    return file;
  }

  getTitle() { return this.cmd('GET', '/title'); }
}
