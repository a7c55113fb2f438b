// The hostile e2e test's in-page code: traps for anything a payload could
// run, the full-page check of the DOM, and IPC in batches.
import assert from 'node:assert/strict';
import { waitFor } from './webdriver.mjs';

// ---- in-page code (serialised with toString; self-contained) ------------------------

/** Traps for anything a payload could run, and a sentinel for "the page is the same". */
export function pageInstrument(token) {
  if (window.__hostile && window.__hostile.token === token) return true;
  const h = { token, calls: [], violations: [], errors: [] };
  for (const name of ['alert', 'prompt', 'confirm', 'print', 'open']) {
    window[name] = function trapped(...args) {
      h.calls.push(`${name}(${args.map((a) => String(a)).join(', ').slice(0, 120)})`);
      return null;
    };
  }
  document.addEventListener('securitypolicyviolation', (e) => {
    h.violations.push({
      directive: e.violatedDirective, blocked: String(e.blockedURI || ''), sample: String(e.sample || '').slice(0, 160),
      element: e.target && e.target.nodeName,
    });
  }, true);
  window.addEventListener('error', (e) => {
    if (e instanceof ErrorEvent) h.errors.push(String(e.message).slice(0, 200));
  }, true);
  window.__hostile = h;
  window.__hostileSentinel = token;
  return true;
}

/**
 * The safety report of the page (or of the elements under `roots`, plus the
 * global traps). `base` is the baseline: {url, title, token, sigs}.
 */
export function pageCheck(base, roots) {
  const DANGER = 'script, iframe, frame, frameset, object, embed, applet, img, image, svg, math, base, form, meta, '
    + 'link, style, video, audio, source, track, picture, portal, template, noscript, xmp, plaintext, listing, '
    + 'isindex, keygen, marquee, bgsound, param, input[type="image"]';
  const URL_ATTRS = new Set(['href', 'src', 'xlink:href', 'action', 'formaction', 'data', 'poster', 'background',
    'srcset', 'ping', 'codebase', 'dynsrc', 'lowsrc', 'manifest', 'icon', 'longdesc']);
  const BAD_URL = /^(javascript|data|vbscript|livescript|mocha|file|blob|view-source|jar):/;
  const BAD_STYLE = /url\s*\(|expression\s*\(|javascript:|behavior\s*:|binding\s*:/i;
  const NOTE_TAGS = new Set(('a abbr acronym area article aside b bdi bdo blockquote br caption center cite code col '
    + 'colgroup data dd del details dfn div dl dt em figcaption figure footer h1 h2 h3 h4 h5 h6 header hgroup hr i ins '
    + 'kbd li map mark nav ol p pre q rp rt rtc ruby s samp small span strike strong sub summary sup table tbody td '
    + 'tfoot th thead time tr tt u ul var wbr').split(' '));
  const NOTE_ATTRS = new Set(('href hreflang rel title lang dir cite datetime align char charoff span size width '
    + 'height alt start summary abbr axis colspan headers rowspan scope valign').split(' '));
  const XHTML = 'http://www.w3.org/1999/xhtml';
  // A figure's image in the reader, served from the library by its hash.
  const LIBRARY_SRC = /^(marginalia-image:\/\/localhost\/|http:\/\/marginalia-image\.localhost\/)[0-9a-f]{64}$/;
  const libraryImage = (el) => el.localName === 'img' && el.parentElement?.localName === 'figure'
    && !!el.closest('#reader') && LIBRARY_SRC.test(el.getAttribute('src') || '');
  const problems = [];
  let problemCount = 0;
  const where = (el) => {
    const parts = [];
    for (let e = el, i = 0; e && e.nodeType === 1 && i < 5; e = e.parentElement, i++) {
      parts.unshift(e.localName + (e.id ? `#${e.id}` : '') + (typeof e.className === 'string' && e.className
        ? `.${e.className.trim().split(/\s+/).slice(0, 2).join('.')}` : ''));
    }
    return parts.join(' > ');
  };
  const add = (kind, el, detail) => {
    problemCount++;
    if (problems.length < 25) problems.push({ kind, where: el ? where(el) : '', detail: String(detail).slice(0, 300) });
  };
  const sig = (el) => el.localName + [...el.attributes].filter((a) => a.name !== 'hidden')
    .map((a) => ` ${a.name}="${a.value}"`).sort().join('');
  const appDialogForm = (el) => el.localName === 'form' && el.getAttribute('method') === 'dialog'
    && !!el.closest('dialog') && !el.closest('.note-html')
    && [...el.attributes].every((a) => a.name === 'method' || a.name === 'class');
  const scopes = roots ? roots.map((r) => document.querySelector(r)).filter(Boolean) : [document.documentElement];
  const within = (sel) => scopes.flatMap((s) => [...(s.matches && s.matches(sel) ? [s] : []), ...s.querySelectorAll(sel)]);

  // Dangerous elements: only the ones the app ships, as many as at the baseline.
  const seen = {};
  for (const el of within(DANGER)) {
    const s = sig(el);
    seen[s] = (seen[s] || 0) + 1;
    if (appDialogForm(el) && el.parentElement && el.parentElement.localName === 'dialog') continue;
    if (libraryImage(el)) continue; // its attributes are checked with the reader's below
    if (el.closest('.note-html') || !base.sigs[s] || seen[s] > base.sigs[s]) add('element', el, el.outerHTML);
  }
  if (!roots) {
    for (const ns of ['http://www.w3.org/2000/svg', 'http://www.w3.org/1998/Math/MathML']) {
      for (const el of document.getElementsByTagNameNS(ns, '*')) add('namespace', el, el.outerHTML);
    }
  }
  // Attributes: handlers, script URLs, srcdoc, scripted styles.
  for (const el of within('*')) {
    for (const a of el.attributes) {
      const name = a.name.toLowerCase();
      if (name.startsWith('on')) add('handler attribute', el, `${a.name}="${a.value}"`);
      else if (name === 'srcdoc') add('srcdoc', el, a.value);
      else if (URL_ATTRS.has(name) && BAD_URL.test(a.value.replace(/[\u0000-\u0020]/g, '').toLowerCase())) {
        add('script URL', el, `${a.name}="${a.value}"`);
      } else if (name === 'style' && BAD_STYLE.test(a.value)) add('style', el, a.value);
    }
  }
  // Rendered notes: the sanitiser's formatting only; links to http(s), mailto or relative targets.
  let notes = 0;
  let links = 0;
  for (const root of within('.note-html')) {
    notes++;
    for (const el of root.querySelectorAll('*')) {
      if (el.namespaceURI !== XHTML || !NOTE_TAGS.has(el.localName)) add('note element', el, el.outerHTML);
      for (const a of el.attributes) {
        if (NOTE_ATTRS.has(a.name) || (a.name === 'class' && /^language-[\w-]+$/.test(a.value))) continue;
        add('note attribute', el, `${a.name}="${a.value}"`);
      }
    }
    for (const a of root.querySelectorAll('a')) {
      links++;
      const href = a.getAttribute('href');
      if (href !== null && /^[a-z][a-z0-9+.-]*:/i.test(href.trim()) && !/^(https?|mailto):/i.test(href.trim())) {
        add('note link', a, href);
      }
    }
  }
  // The reader: only the elements it draws a document's structure with
  // (blocks, spans, highlight marks), only the attributes it sets, links
  // without an href, images only from the library; search snippets: text and <mark>.
  const READER_TAGS = new Set(['p', 'h2', 'h3', 'h4', 'h5', 'h6', 'div', 'pre', 'figure', 'img', 'hr', 'table',
    'tr', 'td', 'th', 'mark', 'em', 'strong', 'code', 's', 'sub', 'sup', 'a']);
  const READER_ATTRS = new Set(['class', 'dir', 'data-start', 'data-ids', 'data-level', 'data-marker',
    'data-language', 'data-href', 'title', 'tabindex', 'role', 'alt', 'width', 'height', 'loading', 'decoding',
    'style']); // styles are checked for scripts above
  for (const el of within('#reader *')) {
    if (el.namespaceURI !== XHTML || !READER_TAGS.has(el.localName)) { add('reader element', el, el.outerHTML); continue; }
    for (const a of el.attributes) {
      if (READER_ATTRS.has(a.name)) continue;
      if (a.name === 'src' && libraryImage(el)) continue;
      add('reader attribute', el, `${a.name}="${a.value}"`);
    }
  }
  for (const el of within('#search-results .snippet *')) {
    if (el.localName !== 'mark' || el.attributes.length) add('snippet element', el, el.outerHTML);
  }
  const h = window.__hostile || { calls: ['(instrumentation missing)'], violations: [], errors: [] };
  return {
    pwned: typeof window.__pwned === 'undefined' ? null : String(window.__pwned),
    calls: h.calls.slice(0, 10),
    violations: h.violations.slice(0, 10),
    errors: h.errors.slice(0, 10),
    url: location.href,
    samePage: window.__hostileSentinel === base.token,
    title: document.title,
    problems,
    problemCount,
    notes,
    links,
  };
}

/** The baseline: the URL, title and the app's own "dangerous" elements, counted by signature. */
export function pageBaseline(token) {
  const DANGER = 'script, iframe, frame, frameset, object, embed, applet, img, image, svg, math, base, form, meta, '
    + 'link, style, video, audio, source, track, picture, portal, template, noscript, xmp, plaintext, listing, '
    + 'isindex, keygen, marquee, bgsound, param, input[type="image"]';
  const sig = (el) => el.localName + [...el.attributes].filter((a) => a.name !== 'hidden')
    .map((a) => ` ${a.name}="${a.value}"`).sort().join('');
  const sigs = {};
  for (const el of document.querySelectorAll(DANGER)) sigs[sig(el)] = (sigs[sig(el)] || 0) + 1;
  return { url: location.href, title: document.title, token, sigs };
}

/** Polls `fn` in the page (setTimeout steps) until truthy or `ms` pass. */
export function pageUntil(fn, ms = 10000, what = 'condition') {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const tick = () => {
      let v = null;
      try { v = fn(); } catch { v = null; }
      if (v) { resolve(v); return; }
      if (performance.now() - t0 > ms) { reject(new Error(`timed out waiting for ${what}`)); return; }
      setTimeout(tick, 10);
    };
    tick();
  });
}

/** An async in-page script body: `body` may use await, check(roots), until(fn, ms, what), and args[0..]. */
export function inPage(session, body, args = [], { timeout = 60_000 } = {}) {
  return session.executeAsync(`
    const done = arguments[arguments.length - 1];
    const args = Array.prototype.slice.call(arguments, 0, -1);
    const base = args.shift();
    const check = (roots) => (${pageCheck})(base, roots);
    const until = ${pageUntil};
    (async () => { ${body} })().then(
      (v) => done({ ok: true, value: v === undefined ? null : v }),
      (e) => done({ ok: false, error: String(e && e.stack || e) }));`, [state.base, ...args], { timeout })
    .then((r) => {
      if (!r || !r.ok) throw new Error(`in-page script failed: ${r ? r.error : 'no answer'}`);
      return r.value;
    });
}

/** Several IPC calls, in order, in one round trip; each {ok, value} or {ok: false, error}. */
export function invokeAll(session, calls) {
  return session.executeAsync(`
    const [calls, done] = arguments;
    (async () => {
      const out = [];
      for (const [cmd, args] of calls) {
        try {
          const v = await window.__TAURI__.core.invoke(cmd, args);
          out.push({ ok: true, value: v && typeof v === 'object' && 'id' in v ? { id: v.id, kind: v.kind } : v });
        } catch (e) {
          out.push({ ok: false, error: e && typeof e === 'object' ? e : { message: String(e) } });
        }
      }
      return out;
    })().then(done, (e) => done([{ ok: false, error: { message: String(e) } }]));`, [calls], { timeout: 120_000 });
}

/** Dismisses the toasts on screen with their × buttons (for clean screenshots). */
export function dismissToasts(s) {
  return waitFor(() => s.execute(`for (const b of document.querySelectorAll('#toasts .toast-close')) b.click();
    return document.querySelectorAll('#toasts .toast').length === 0;`), { what: 'the toasts to be dismissed' });
}

// ---- test state and assertions ------------------------------------------------------

export const state = {
  base: null, // pageBaseline()
  token: `hostile-${Date.now()}`,
  host: null, // {id, text}
  bodies: [], // [{id, title, text}]
  titled: [], // [{id, file, payload, expectTitle}]
  annotations: 0,
  tags: [],
  labels: [],
};

export async function instrument(s) {
  await s.execute(`return (${pageInstrument})(arguments[0]);`, [state.token]);
}

/** Full-page check of the current state; fails with what was found. */
export async function check(s, when, roots) {
  const r = await s.execute(`return (${pageCheck})(arguments[0], arguments[1]);`, [state.base, roots || null]);
  assertSafe(r, when);
  return r;
}

export function assertSafe(r, when) {
  const ctx = (what) => `${when}: ${what}`;
  assert.equal(r.pwned, null, ctx(`a payload ran: window.__pwned = ${r.pwned}`));
  assert.deepEqual(r.calls, [], ctx('a payload called alert/prompt/confirm/print/open'));
  assert.deepEqual(r.violations, [], ctx('the CSP blocked something a payload injected'));
  assert.deepEqual(r.problems, [], ctx(`${r.problemCount} dangerous element(s)/attribute(s) in the DOM`));
  assert.equal(r.url, state.base.url, ctx('the document URL changed'));
  assert.ok(r.samePage, ctx('the page was replaced (navigated or reloaded)'));
  assert.equal(r.title, state.base.title, ctx('the document title changed'));
}

/** Runs an in-page loop's per-item reports through assertSafe. */
export function assertAllSafe(reports, when) {
  for (const r of reports) assertSafe(r.report, `${when} (${r.label})`);
}

/** Clicks every link in rendered notes under `scope` (in the page), then reports. */
export function clickNoteLinks(s, scope, when) {
  return inPage(s, `
    const [scope] = args;
    const links = [...document.querySelectorAll(scope.split(',').map((x) => x.trim() + ' .note-html a').join(', '))];
    for (const a of links) a.click();
    await new Promise((r) => setTimeout(r, 500));
    return { links: links.length, withHref: links.filter((a) => a.hasAttribute('href')).length, report: check() };`, [scope])
    .then((r) => { assertSafe(r.report, when); return r; });
}

/** Real (WebDriver) clicks on up to `max` displayed links, and middle clicks on `middle` http(s) links. */
export async function clickSomeLinks(s, scope, when, { max = 20, middle = 3 } = {}) {
  const handles = await s.cmd('GET', '/window/handles');
  let clicked = 0;
  let middled = 0;
  for (const a of await s.findElements(`${scope} .note-html a`)) {
    if (clicked >= max && middled >= middle) break;
    // Only a link the pointer can reach: on the page (a virtual list drops
    // rows scrolled away), not clipped by a one-line note, not covered.
    const reachable = await s.execute(`const a = arguments[0];
      if (!a.isConnected) return false;
      a.scrollIntoView({ block: 'center' });
      const r = a.getBoundingClientRect();
      if (r.width < 2 || r.height < 2) return false;
      const e = document.elementFromPoint(r.left + Math.min(4, r.width / 2), r.top + r.height / 2);
      return !!e && (e === a || a.contains(e));`, [a]).catch(() => false);
    if (!reachable || !(await a.isDisplayed())) continue;
    const href = await a.getAttribute('href');
    if (middled < middle && href && /^https?:/i.test(href)) {
      await s.cmd('POST', '/actions', { actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' },
        actions: [{ type: 'pointerMove', origin: a.ref, x: 0, y: 0 }, { type: 'pointerDown', button: 1 }, { type: 'pointerUp', button: 1 }] }] });
      await s.cmd('DELETE', '/actions');
      middled++;
    } else if (clicked < max) {
      try { await a.click(); clicked++; } catch (e) {
        // Covered by another element (a toast): not a link that was clicked.
        if (!/intercepted|not interactable/i.test(e.message)) throw e;
      }
    }
  }
  await s.executeAsync('const done = arguments[arguments.length - 1]; setTimeout(() => done(true), 500);');
  assert.equal(await s.cmd('GET', '/url'), state.base.url, `${when}: the window did not navigate`);
  assert.deepEqual(await s.cmd('GET', '/window/handles'), handles, `${when}: no other window opened`);
  await check(s, when);
  return { clicked, middled };
}
