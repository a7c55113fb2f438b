// Shared helpers for the end-to-end tests: named steps, the sample's
// canonical texts, code-point offsets, an RFC 4180 CSV parser and a few
// UI actions (open an article, wait for the reader).
import { readFileSync } from 'node:fs';
import { waitFor } from './webdriver.mjs';
import { SAMPLE_FILE, SAMPLE_TITLES } from './harness.mjs';

/**
 * Runs one named step; a failure is rethrown as "step <name>: <message>" and,
 * when a fixture is given, a screenshot artifacts/e2e/failure-<name>.png is
 * taken (best effort) to show the state the step left behind.
 */
export async function step(name, fn, fixture) {
  try {
    return await fn();
  } catch (e) {
    let shot = '';
    if (fixture && fixture.session) {
      const file = `failure-${fixture.name}-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`;
      try { shot = ` [screenshot: artifacts/e2e/${file}.png]`; await fixture.shot(file, { timeout: 10_000 }); } catch { shot = ''; }
    }
    const err = new Error(`step "${name}" failed: ${e && e.message ? e.message : e}${shot}`);
    err.cause = e;
    throw err;
  }
}

/** WCAG contrast ratio of two CSS rgb()/rgba() colours (alpha ignored). */
export function contrast(a, b) {
  const lum = (c) => {
    const [r, g, bl] = c.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

/** Code-point length of a string (what Rust's offsets count). */
export const cpLength = (s) => [...s].length;

/** Code-point index of `needle` in `hay` (first occurrence), or -1. */
export function cpIndexOf(hay, needle) {
  const u = hay.indexOf(needle);
  return u < 0 ? -1 : cpLength(hay.slice(0, u));
}

/**
 * The sample file split into its four articles, each {title, text} where
 * `text` is what the importer makes of it: the non-empty, trimmed paragraph
 * lines after the headline, joined by "\n\n" (the headline is not part of it).
 */
export function sampleArticles() {
  const lines = readFileSync(SAMPLE_FILE, 'utf8').replace(/\r\n?/g, '\n').normalize('NFC').split('\n')
    .map((l) => l.trim());
  const out = [];
  let cur = null;
  for (const line of lines) {
    if (SAMPLE_TITLES.includes(line)) { cur = { title: line, paras: [] }; out.push(cur); continue; }
    if (line && cur) cur.paras.push(line);
  }
  return out.map((a) => ({ title: a.title, text: a.paras.join('\n\n') }));
}

/** RFC 4180 CSV: quoted fields, "" escapes, CRLF (or LF) record ends, optional BOM. */
export function parseCsv(src) {
  let s = src.charCodeAt(0) === 0xfeff ? src.slice(1) : src;
  const rows = [];
  let row = [];
  let field = '';
  let i = 0;
  let quoted = false;
  let any = false; // the current record has content
  while (i < s.length) {
    const c = s[i];
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') { field += '"'; i += 2; continue; }
        quoted = false; i++; continue;
      }
      field += c; i++; continue;
    }
    if (c === '"' && field === '') { quoted = true; any = true; i++; continue; }
    if (c === ',') { row.push(field); field = ''; any = true; i++; continue; }
    if (c === '\r' || c === '\n') {
      row.push(field); rows.push(row); row = []; field = ''; any = false;
      i += c === '\r' && s[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += c; any = true; i++;
  }
  if (quoted) throw new Error('CSV: unterminated quoted field');
  if (any || field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/** CSV rows as objects keyed by the header row. */
export function csvRecords(src) {
  const [header, ...rows] = parseCsv(src);
  if (!header) return [];
  return rows.map((r, n) => {
    if (r.length !== header.length) throw new Error(`CSV row ${n + 2} has ${r.length} fields, header has ${header.length}`);
    return Object.fromEntries(header.map((h, i) => [h, r[i]]));
  });
}

// ---- UI actions ---------------------------------------------------------------

/** Titles of the article items in the library list, in order. */
export function libraryTitles(session) {
  return session.execute(`return [...document.querySelectorAll('[data-testid="library"] [data-testid="article-item"]')]
    .map((li) => (li.querySelector('.article-title') || li).textContent.trim());`);
}

/** The article item whose title is `title` (waits for it). */
export function articleItem(session, title) {
  return waitFor(async () => {
    for (const li of await session.findElements('[data-testid="article-item"]')) {
      const t = await li.findElement('.article-title').then((e) => e.getText(), () => li.getText());
      if (t.trim() === title) return li;
    }
    return null;
  }, { what: `library item "${title}"` });
}

/** The open article as the UI shows it: title and the reader's paragraphs. */
export function readerState(session) {
  return session.execute(`
    const art = document.getElementById('article');
    const reader = document.querySelector('[data-testid="reader"]');
    return {
      open: !!art && !art.hidden,
      title: document.getElementById('article-title')?.textContent ?? null,
      text: reader ? [...reader.children].map((p) => p.textContent).join('\\n\\n') : null,
    };`);
}

/** Clicks the library item for `title` and waits until the reader shows it. */
export async function openArticle(session, title, expectedText) {
  const li = await articleItem(session, title);
  // The title: the middle of the item may be a tag chip, which filters.
  const name = await li.findElement('.article-title');
  await session.execute('arguments[0].scrollIntoView({ block: "center" }); return true;', [name]);
  await name.click();
  return waitFor(async () => {
    const r = await readerState(session);
    if (!r.open || r.title !== title || !r.text) return null;
    if (expectedText != null && r.text !== expectedText) return null;
    return r;
  }, { what: `the reader to show "${title}"` });
}

/** Waits until no highlight or sidebar item is mid-flash (for clean screenshots). */
export function settleFlash(session) {
  return waitFor(() => session.execute('return document.querySelectorAll(".flash").length === 0;'),
    { timeout: 5000, what: 'the highlight flash to end' }).catch(() => {});
}

/** Messages of error toasts on screen (the UI shows every failed command as one). */
export function errorToasts(session) {
  return session.execute(`return [...document.querySelectorAll('#toasts .toast-error')]
    .map((t) => (t.querySelector('.toast-msg') || t).textContent);`);
}

/** Asserts that the UI shows no error toast (`when` names the moment). */
export async function assertNoErrorToast(session, when) {
  const msgs = await errorToasts(session);
  if (msgs.length) throw new Error(`error toast(s) shown ${when}: ${JSON.stringify(msgs)}`);
}

/**
 * Imports one file through the same IPC the Import button makes: the open
 * dialog (answered by the fixture, as a user picking `file` would) hands
 * back a token, and import_files imports what it stands for. Fails unless
 * the file was imported. Returns its report.
 */
export async function importFile(session, file, fixture) {
  const [res] = await step(`import ${file}`, async () => {
    fixture.answerDialogs({ open: [file] });
    const choice = await session.invoke('choose_import_files', {});
    if (!choice || !choice.token) throw new Error(`the open dialog gave no files: ${JSON.stringify(choice)}`);
    return session.invoke('import_files', { token: choice.token }, { channels: ['onProgress'] });
  }, fixture);
  if (res.error !== null) throw new Error(`import ${file}: ${JSON.stringify(res.error)}`);
  return res;
}

/** Reloads the page (e.g. to list articles added over IPC) and waits until it is ready. */
export function reloadPage(session, fixture) {
  return step('reload the page', async () => {
    await session.execute('window.__e2eOldPage = true; setTimeout(() => location.reload(), 0); return true;');
    await waitFor(() => session.execute('return !window.__e2eOldPage && document.body && document.body.dataset.ready === "true";'),
      { what: 'the reloaded page to be ready' });
  }, fixture);
}

/**
 * Asserts that every error toast on screen is the refusal of a link that is
 * not a web or mail address (what open_link says of a hostile note link),
 * closes them, and returns how many there were.
 */
export async function dismissLinkRefusals(session) {
  const refusals = await errorToasts(session);
  for (const r of refusals) {
    if (!/not a full web address|links are not opened/.test(r)) throw new Error(`an error toast that is not a link refusal: ${r}`);
  }
  await session.execute('document.querySelectorAll(".toast-close").forEach((b) => b.click()); return true;');
  return refusals.length;
}
