// Hostile content, end to end: a few hundred script payloads drawn from
// public XSS cheat sheets and sanitiser test suites (fixtures/xss-payloads.txt,
// sources and licences in its header) are put everywhere text a user controls
// reaches the screen: article titles, authors, file names and bodies (plain
// text and Markdown), Markdown notes on highlights and on articles (raw HTML,
// links, images, autolinks, reference links), highlight quotes, tags, colour
// labels and search queries. Then every view that draws them is opened and,
// after each step, the page is checked:
//   - nothing ran: window.__pwned (which every payload that can run code
//     tries to set) is undefined, alert/prompt/confirm/print/open were never
//     called, and the CSP reported no violation (an inline script or handler
//     that got into the DOM but was blocked would show up there);
//   - no dangerous element (script, iframe, object, embed, img, svg, math,
//     base, form, meta, link, style, ...) is in the document other than the
//     ones the app itself ships (a baseline taken before any payload was
//     added); no SVG or MathML element at all; no attribute named on*; no
//     href/src/xlink:href/action/formaction/... with a javascript:, data:,
//     vbscript: (or similar) URL; no srcdoc; no style with url() or
//     expression();
//   - rendered notes hold only the sanitiser's formatting elements and
//     attributes, links only http(s)/mailto/relative targets; the reader
//     holds only paragraphs and highlight marks; search snippets only text
//     and <mark>;
//   - the document URL, title and page (a sentinel set by the test) are
//     unchanged: clicking (and middle-clicking) links in notes never
//     navigates the window or opens another one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AppFixture, SAMPLE_TITLES, FIRST_RUN_TITLES, WELCOME_ANNOTATIONS } from './harness.mjs';
import { step, openArticle, cpIndexOf, cpLength, assertNoErrorToast, dismissLinkRefusals, importFile, reloadPage } from './helpers.mjs';
import { waitFor, Keys } from './webdriver.mjs';
import {
  HERE, CORPUS, SOURCES, COLORS, decodeLine, loadCorpus, PAYLOADS, single, imported, collapse, hasControl, forFile, tagNames, labelTexts, urlWrappers, chunks,
} from './hostile-corpus.mjs';
import {
  pageInstrument, pageCheck, pageBaseline, pageUntil, inPage, invokeAll, dismissToasts,
  state, instrument, check, assertSafe, assertAllSafe, clickNoteLinks, clickSomeLinks,
} from './hostile-page.mjs';

const app = new AppFixture('hostile');
before(async () => {
  await app.start();
  await app.launch();
});

after(async () => { await app.stop(); });

// ---- 1. the corpus ---------------------------------------------------------------------

test('hostile: the corpus holds 300-500 payloads from the listed sources, their actions rewritten', (t) => {
  const counts = Object.fromEntries(SOURCES.map((k) => [k, PAYLOADS.filter((p) => p.source === k).length]));
  t.diagnostic(`payloads: ${PAYLOADS.length} (${Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', ')})`);
  assert.ok(PAYLOADS.length >= 300 && PAYLOADS.length <= 500, `${PAYLOADS.length} payloads`);
  const unknown = [...new Set(PAYLOADS.map((p) => p.source))].filter((k) => !SOURCES.includes(k));
  assert.deepEqual(unknown, [], 'every source is one the header names');
  for (const k of SOURCES) assert.ok(counts[k] > 0, `payloads from ${k}`);
  const header = readFileSync(CORPUS, 'utf8').split(/^#@source /m)[0];
  for (const k of SOURCES) assert.ok(header.includes(k), `the header describes ${k}`);
  assert.equal(new Set(PAYLOADS.map((p) => p.text)).size, PAYLOADS.length, 'no duplicates');
  const live = PAYLOADS.filter((p) => /(alert|prompt|confirm)\s*[(`]/.test(p.text));
  assert.deepEqual(live.map((p) => p.n), [], 'no alert()/prompt()/confirm() left: actions set window.__pwned');
  assert.ok(PAYLOADS.filter((p) => p.text.includes('__pwned')).length > PAYLOADS.length * 0.7,
    'most payloads try to set window.__pwned');
});

// ---- 2. baseline -------------------------------------------------------------------------

test('hostile: baseline of the untouched app (its own elements; the check finds nothing)', async () => {
  const s = app.session;
  await instrument(s);
  // With an article open, so the baseline holds its "Add note" form.
  await step('open a sample article', () => openArticle(s, SAMPLE_TITLES[0]), app);
  state.base = await s.execute(`return (${pageBaseline})(arguments[0]);`, [state.token]);
  assert.match(state.base.url, /^(tauri|https?):\/\//, `the app's own URL (${state.base.url})`);
  await check(s, 'baseline');

  // The check itself: planted (inert) offenders are all found, and the CSP
  // reports what it blocks; then they are removed and the page is clean again.
  const canary = await step('plant offenders for the check to find', () => s.executeAsync(`
    const [base, done] = arguments;
    const box = document.createElement('div');
    box.className = 'note-html';
    const a = document.createElement('a');
    a.setAttribute('href', ' java\tscript:void 0');
    const b = document.createElement('b');
    b.setAttribute('onclick', 'void 0');
    const styled = document.createElement('span');
    styled.setAttribute('style', 'background:url(javascript:void 0)'); // blocked by the CSP: a violation
    const img = document.createElement('img');
    img.src = 'https://example.invalid/canary.png'; // blocked by the CSP (img-src 'self'): a violation
    box.append(document.createElement('script'), a, b, styled, img, document.createElement('input'),
      document.createElementNS('http://www.w3.org/2000/svg', 'svg'));
    document.body.append(box);
    window.__pwned = 'canary';
    window.alert('canary');
    setTimeout(() => {
      const r = (${pageCheck})(base, null);
      box.remove();
      delete window.__pwned;
      window.__hostile.calls.length = 0;
      window.__hostile.violations.length = 0;
      done({ ...r, kinds: [...new Set(r.problems.map((x) => x.kind))].sort() });
    }, 300);`, [state.base]), app);
  assert.equal(canary.pwned, 'canary', 'the check sees window.__pwned');
  assert.deepEqual(canary.calls, ['alert(canary)'], 'the check sees alert() calls');
  assert.ok(canary.violations.length > 0, 'the CSP is in force and its violations are seen');
  for (const kind of ['element', 'handler attribute', 'script URL', 'style', 'note element', 'namespace']) {
    assert.ok(canary.kinds.includes(kind), `the check finds a planted ${kind} (found: ${canary.kinds.join(', ')})`);
  }
  await check(s, 'after removing the planted offenders');
});

// ---- 3. placing the payloads ---------------------------------------------------------

test('hostile: payloads go into titles, authors, file names, bodies, notes, quotes and tags', async (t) => {
  const s = app.session;
  assert.ok(state.base, 'needs the baseline');
  const dir = join(app.dir, 'hostile');
  await mkdir(join(dir, 'md'), { recursive: true });

  // Plain text: each payload a paragraph of its own, inside a sentence.
  const bodyParas = single.map((p) => `Payload ${p.n} reads: ${forFile(p.text)} (end of payload ${p.n}).`);
  const parts = chunks(bodyParas, Math.ceil(bodyParas.length / 4));
  const bodyTitles = ['Hostile Payload Bodies Part One', 'Hostile Payload Bodies Part Two',
    'Hostile Payload Bodies Part Three', 'Hostile Payload Bodies Part Four'];
  await step('import the plain-text bodies', async () => {
    for (const [i, paras] of parts.entries()) {
      const file = join(dir, `bodies-${i + 1}.txt`);
      await writeFile(file, `${bodyTitles[i]}\n\n${paras.join('\n\n')}\n`, 'utf8');
      const res = await importFile(s, file, app);
      assert.equal(res.articles.length, 1, `${file}: one article`);
      state.bodies.push({ id: res.articles[0].id, title: bodyTitles[i], text: imported(paras.join('\n\n')) });
    }
  }, app);

  // The host article for highlights: each paragraph carries a payload, so quotes do too.
  const quoted = single.filter((_, i) => i % 9 === 4).slice(0, 48);
  const hostParas = quoted.map((p) => `Quote ${p.n}: ${forFile(p.text)} (end of quote ${p.n}).`);
  await step('import the host article', async () => {
    const file = join(dir, 'host.txt');
    await writeFile(file, `Hostile Notes Host Article\n\n${hostParas.join('\n\n')}\n`, 'utf8');
    const res = await importFile(s, file, app);
    state.host = { id: res.articles[0].id };
  }, app);
  const hostArticle = await s.invoke('get_article', { id: state.host.id });
  state.host.text = hostArticle.article.text;

  // Markdown: a payload as the title (front matter), another as the author,
  // a fragment of it in the file name, and one in the body (after a plain
  // sentence: an unclosed <script> block would take the rest of the file).
  // (Titles of at most 1,000 characters: a file with a longer one is refused.)
  const mdFiles = [];
  for (const [i, p] of single.filter((x) => [...x.text].length <= 1000).entries()) {
    const frag = p.text.replace(/[/\u0000-\u001f\u007f]/g, '').trim();
    let name = `t${String(i + 1).padStart(3, '0')} ${frag}`;
    while (Buffer.byteLength(name) > 180) name = name.slice(0, -1);
    const file = join(dir, 'md', `${name.trimEnd()}.md`);
    const author = forFile(single[(i + 17) % single.length].text);
    const body = forFile(PAYLOADS[(i * 7) % PAYLOADS.length].text);
    await writeFile(file, `---\ntitle: ${forFile(p.text)}\nauthor: ${author}\n---\n\nBody of titled article ${i + 1}.\n\n${body}\n`, 'utf8');
    let expectTitle = imported(forFile(p.text)).trim().replace(/^["']+|["']+$/g, '').trim();
    expectTitle = collapse(expectTitle) || null;
    mdFiles.push({ file, payload: p, expectTitle });
  }

  // Through the UI: the Import button, its open dialog (answered by the
  // fixture as a user choosing the files would), the progress dialog and the
  // summary, which lists every file name and title.
  await step('import the Markdown files through the UI', async () => {
    app.answerDialogs({ open: mdFiles.map((f) => f.file) });
    await s.execute('document.getElementById("import-btn").click(); return true;');
    await waitFor(() => s.execute(`const d = document.querySelector('#import-dialog[open] .import-summary');
      return !!d && d.querySelectorAll(':scope > li').length === arguments[0];`, [mdFiles.length]),
    { timeout: 60_000, what: `the import summary listing ${mdFiles.length} files` });
    await check(s, 'the import summary');
    await app.shot('hostile-import');
    const refused = await s.execute('return [...document.querySelectorAll(".import-summary li.refused")].map((li) => li.textContent);');
    assert.deepEqual(refused, [], 'no Markdown file refused');
    await s.execute(`document.querySelector('#import-dialog').close(); return true;`);
  }, app);

  const { items } = await s.invoke('list_articles', { query: { sort: 'oldest' } });
  const bySource = new Map(items.map((a) => [a.source.split('/').pop(), a]));
  let titleMismatch = 0;
  for (const f of mdFiles) {
    const base = f.file.split('/').pop();
    const a = bySource.get(base);
    assert.ok(a, `the article of ${base} is listed`);
    if (f.expectTitle !== null && a.title !== f.expectTitle) titleMismatch++;
    state.titled.push({ id: a.id, file: base, payload: f.payload, title: a.title });
  }
  t.diagnostic(`${mdFiles.length} titled articles; ${titleMismatch} titles differ from the payload trimmed as front matter is`);

  // Notes: every payload (and every bare URL as link, image, autolink,
  // reference and <a>), a few to a note, alternately on a highlight of the
  // host article and on the article itself.
  state.tags = tagNames(120);
  const pieces = [...PAYLOADS.map((p) => p.text), ...urlWrappers()];
  const notes = chunks(pieces, 8).map((c, i) => `**Hostile note ${i + 1}**\n\n${c.join('\n\n')}\n`);
  const calls = [];
  let q = 0;
  for (const [i, note] of notes.entries()) {
    const tags = [state.tags[(2 * i) % state.tags.length], state.tags[(2 * i + 1) % state.tags.length]];
    const color = COLORS[i % COLORS.length];
    if (i % 2 === 0 && q < hostParas.length) {
      const para = imported(hostParas[q++]);
      const start = cpIndexOf(state.host.text, para);
      assert.ok(start >= 0, `host paragraph ${q} found in the article text`);
      calls.push(['create_highlight', { articleId: state.host.id, start, end: start + cpLength(para), input: { note, color, tags } }]);
    } else {
      calls.push(['create_note', { articleId: state.host.id, input: { note, color, tags } }]);
    }
  }
  // Plain highlights for the rest of the host paragraphs: their quotes are payloads too.
  for (; q < hostParas.length; q++) {
    const para = imported(hostParas[q]);
    const start = cpIndexOf(state.host.text, para);
    calls.push(['create_highlight', { articleId: state.host.id, start, end: start + cpLength(para), input: { color: COLORS[q % 5] } }]);
  }
  // Tags on articles: the host, the bodies and the first titled articles.
  const tagged = [state.host.id, ...state.bodies.map((b) => b.id), ...state.titled.slice(0, 60).map((a) => a.id)];
  for (const [i, id] of tagged.entries()) {
    calls.push(['add_tags', { ids: [id], tags: [state.tags[(3 * i) % state.tags.length], state.tags[(3 * i + 2) % state.tags.length]] }]);
  }
  // A colour that is a payload is refused.
  calls.push(['create_note', { articleId: state.host.id, input: { note: 'x', color: '<img src=x onerror=window.__pwned=1>' } }]);
  const results = await step('create the notes, highlights and tags', () => invokeAll(s, calls), app);
  const last = results.pop();
  assert.equal(last.ok, false, 'a payload as colour is refused');
  const failed = results.map((r, i) => ({ r, call: calls[i] })).filter((x) => !x.r.ok);
  assert.deepEqual(failed.map((x) => `${x.call[0]}: ${x.r.error.message}`), [], 'every note, highlight and tag is created');
  state.annotations = results.filter((r, i) => calls[i][0] !== 'add_tags').length;
  t.diagnostic(`${notes.length} notes (${pieces.length} payloads and wrappers), ${state.annotations} annotations, ${state.tags.length} tags`);

  // The UI lists what arrived over IPC after a reload.
  await reloadPage(s, app);
  await instrument(s);
  await check(s, 'the reloaded app with every payload in the library');
  await assertNoErrorToast(s, 'after placing the payloads');
});

// ---- 4. colour labels --------------------------------------------------------------------

test('hostile: colour labels set to payloads in the Colours view', async (t) => {
  const s = app.session;
  assert.ok(state.titled.length, 'needs the payloads placed');
  const labels = labelTexts(100);
  // The last round's labels stay for the views opened later: script-looking ones.
  const nasty = labels.filter((l) => /</.test(l)).slice(-5);
  const rounds = chunks([...labels.filter((l) => !nasty.includes(l)), ...nasty], 5);
  t.diagnostic(`${labels.length} labels in ${rounds.length} rounds`);
  const reports = await step('set the labels', () => inPage(s, `
    const [rounds] = args;
    const out = [];
    document.querySelector('[data-view="colors"]').click();
    const inputs = () => [...document.querySelectorAll('#colors-view .color-row input')];
    await until(() => inputs().length === 5, 5000, 'the colour rows');
    for (const [r, round] of rounds.entries()) {
      for (const [i, label] of round.entries()) {
        const input = inputs()[i];
        if (input.value === label) continue;
        // Typed, then left: saved as typed (the row stays).
        input.value = label;
        input.dispatchEvent(new Event('input'));
        input.dispatchEvent(new Event('blur'));
        const status = input.closest('.color-row').querySelector('.save-state');
        await until(() => status.dataset.state === 'saved' && inputs()[i].value === label, 5000, 'label ' + label);
      }
      out.push({ label: 'round ' + (r + 1), report: check() });
    }
    return out;`, [rounds]), app);
  assertAllSafe(reports, 'colour labels');
  state.labels = rounds[rounds.length - 1];
  // Any toasts: dismissed (their × buttons) for the screenshot.
  await dismissToasts(s);
  const shown = await s.execute('return [...document.querySelectorAll("#colors-view .color-row input")].map((i) => i.value);');
  assert.deepEqual(shown, state.labels, 'the Colours view shows the last labels verbatim');
  const toolbar = await s.execute('return [...document.querySelectorAll("#highlight-toolbar .color-btn")].map((b) => b.title);');
  assert.deepEqual(toolbar, state.labels.map((l, i) => `Highlight as ${l} (${i + 1})`), 'the toolbar buttons carry them as text');
  await app.shot('hostile-colors');
  await assertNoErrorToast(s, 'after setting the labels');
});

// ---- 5. the library list -----------------------------------------------------------------

/** Sorts the list, loads every page of it and returns what each item shows. */
function showWholeList(s, sort, total) {
  return step(`show the whole list (${sort})`, () => inPage(s, `
    const [sort, total] = args;
    const items = () => document.querySelectorAll('[data-testid="library"] [data-testid="article-item"]');
    const select = document.getElementById('sort');
    if (select.value !== sort) {
      const first = items()[0];
      select.value = sort;
      select.dispatchEvent(new Event('change'));
      await until(() => items()[0] !== first, 10000, 'the list sorted ' + sort);
    }
    for (let i = 0; i < 30 && items().length < total; i++) {
      const more = document.getElementById('load-more');
      if (!more.hidden) more.click();
      const before = items().length;
      await until(() => items().length > before || items().length >= total, 10000, 'more list items');
    }
    await until(() => items().length >= total, 10000, 'all ' + total + ' list items');
    return [...items()].map((li) => ({
      id: li.dataset.id,
      title: li.querySelector('.article-title').textContent,
      meta: li.querySelector('.item-meta').textContent,
      tags: [...li.querySelectorAll('.chip')].map((c) => c.textContent),
    }));`, [sort, total]), app);
}

test('hostile: the library list shows every payload title as text', async () => {
  const s = app.session;
  assert.ok(state.titled.length, 'needs the payloads placed');
  const { items, total } = await s.invoke('list_articles', { query: { sort: 'newest' } });
  await s.execute('document.querySelector(\'[data-view="reader"]\').click(); return true;');
  const listed = await showWholeList(s, 'newest', total);
  assert.equal(listed.length, total, 'every article listed');
  const want = new Map(items.map((a) => [a.id, a]));
  for (const li of listed) {
    const a = want.get(li.id);
    assert.ok(a, `list item ${li.id} is an article`);
    assert.equal(li.title, a.title || 'Untitled', 'the title is drawn as text, verbatim');
    // Who and when, when known; else the file name.
    const who = a.author || a.published ? [a.author, (a.published || '').slice(0, 10)].filter(Boolean).join(' · ') : a.source;
    assert.ok(li.meta.startsWith(who), 'the author or file name is drawn as text, verbatim');
    assert.deepEqual(li.tags, a.tags, 'the tags are drawn as text, verbatim');
  }
  await check(s, 'the whole library list');
  // Filtering by a payload tag lists only articles carrying it.
  const tag = state.tags[0];
  await s.execute(`const sel = document.getElementById('tag-filter'); sel.value = arguments[0];
    sel.dispatchEvent(new Event('change')); return true;`, [tag]);
  await waitFor(() => s.execute(`const items = [...document.querySelectorAll('[data-testid="article-item"]')];
    return items.length > 0 && items.length < 50
      && items.every((li) => [...li.querySelectorAll('.chip')].some((c) => c.textContent === arguments[0]));`, [tag]),
  { what: `the list filtered by tag ${JSON.stringify(tag)}` });
  await check(s, 'the list filtered by a payload tag');
  await app.shot('hostile-library');
  await s.execute(`const sel = document.getElementById('tag-filter'); sel.value = '';
    sel.dispatchEvent(new Event('change')); return true;`);
});

// ---- 6. the reader ---------------------------------------------------------------------------

test('hostile: every article with payloads opens in the reader as text', async (t) => {
  const s = app.session;
  assert.ok(state.titled.length, 'needs the payloads placed');
  const ids = [...state.bodies.map((b) => b.id), ...state.titled.map((a) => a.id)];
  const listed = await showWholeList(s, 'oldest', 4 + state.bodies.length + 1 + state.titled.length);
  assert.ok(ids.every((id) => listed.some((li) => li.id === id)), 'every article is in the list');
  let opened = 0;
  let textMismatch = 0;
  for (const batch of chunks(ids, 50)) {
    const reports = await step(`open ${batch.length} articles`, () => inPage(s, `
      const [ids] = args;
      const reader = document.getElementById('reader');
      const title = document.getElementById('article-title');
      const out = [];
      for (const id of ids) {
        const li = document.querySelector('[data-testid="library"] [data-testid="article-item"][data-id="' + CSS.escape(id) + '"]');
        if (!li) throw new Error('no list item for ' + id);
        li.querySelector('.article-btn').click();
        await until(() => reader.dataset.article === id && reader.dataset.render === 'complete', 10000, 'article ' + id);
        const data = await window.__TAURI__.core.invoke('get_article', { id });
        out.push({
          label: id,
          title: title.textContent === data.article.title,
          // Every block in order (table cells sit inside their table);
          // a figure's element draws its image or a label, no text of the article.
          text: [...reader.querySelectorAll('[data-start]')]
            .map((p) => (p.tagName === 'FIGURE' ? '' : p.textContent)).join('\\n\\n') === data.article.text,
          author: !data.article.author || document.querySelector('#article-meta .author').textContent === data.article.author,
          report: check(['#article', '#sidebar', '#library', '#toasts']),
        });
      }
      return out;`, [batch], { timeout: 120_000 }), app);
    assertAllSafe(reports, 'reader');
    for (const r of reports) {
      assert.ok(r.title, `article ${r.label}: the title is drawn verbatim`);
      assert.ok(r.author, `article ${r.label}: the author is drawn verbatim`);
      if (!r.text) textMismatch++;
      opened++;
    }
    await check(s, `after opening ${opened} articles`);
  }
  assert.equal(textMismatch, 0, 'the reader shows every article text verbatim');
  // The plain-text bodies hold every single-line payload, verbatim, as text.
  for (const b of state.bodies) {
    const got = await s.invoke('get_article', { id: b.id });
    assert.equal(got.article.text, b.text, `${b.title}: the payload paragraphs are stored verbatim`);
  }
  t.diagnostic(`${opened} articles opened`);
  // Deleting moves it to the Trash at once; the toast quotes the (payload)
  // title as text and its Undo brings the article back.
  const open = state.titled[state.titled.length - 1];
  await s.execute('document.querySelector("#article-meta .delete-article").click(); return true;');
  const said = await waitFor(() => s.execute(`const t = [...document.querySelectorAll('#toasts .toast')]
      .find((x) => x.textContent.includes('Trash')); return t ? t.textContent : null;`),
    { what: 'the moved-to-the-Trash toast' });
  assert.ok(said.includes(open.title), 'the toast quotes the title as text');
  await check(s, 'the moved-to-the-Trash toast');
  await s.execute(`[...document.querySelectorAll('#toasts .toast')].find((x) => x.textContent.includes('Trash'))
      .querySelector('.toast-action').click(); return true;`);
  await waitFor(async () => (await s.invoke('get_article', { id: open.id })).article.trashed_at == null,
    { what: 'Undo to take the article out of the Trash' });
  await step('show a bodies article', () => openArticle(s, state.bodies[0].title, state.bodies[0].text), app);
  await check(s, 'a bodies article open');
  await app.shot('hostile-reader');
});

// ---- 7. notes in the sidebar and the article header ----------------------------------------

test('hostile: notes render sanitised in the sidebar, the header and the editor; their links open only outside', async (t) => {
  const s = app.session;
  assert.ok(state.host, 'needs the host article');
  const host = await s.invoke('get_article', { id: state.host.id });
  const withNotes = host.annotations.filter((a) => a.note_html).length;
  await showWholeList(s, 'oldest', 4 + state.bodies.length + 1 + state.titled.length);
  await step('open the host article', () => openArticle(s, 'Hostile Notes Host Article'), app);
  await step('wait for the whole sidebar', () => waitFor(() => s.execute(
    'return document.querySelectorAll("#sidebar [data-testid=annotation]").length === arguments[0];', [host.annotations.length]),
  { what: `${host.annotations.length} sidebar items` }), app);
  const r = await check(s, 'the host article with its notes');
  const notesInHeader = host.annotations.filter((a) => a.kind === 'note').length;
  const rendered = await s.execute(`return { sidebar: document.querySelectorAll('#sidebar .note-html').length,
    header: document.querySelectorAll('#article-notes .note-html').length };`);
  assert.deepEqual(rendered, { sidebar: withNotes, header: notesInHeader }, 'every note is rendered in the sidebar, article notes in the header too');
  assert.ok(r.links > 50, `links are rendered in the notes (${r.links})`);
  const quotes = await s.execute('return [...document.querySelectorAll("#sidebar .annotation.highlight .ann-quote")].map((b) => b.textContent);');
  const wantQuotes = host.annotations.filter((a) => a.kind === 'highlight').sort((a, b) => a.start - b.start).map((a) => a.quote);
  assert.deepEqual(quotes, wantQuotes, 'the quotes (payloads) are drawn as text');
  await app.shot('hostile-notes');

  const inPageClicks = await step('click every link in the notes', () => clickNoteLinks(s, '#main, #sidebar', 'after clicking every note link'), app);
  const real = await step('click links as a user would', () => clickSomeLinks(s, '#sidebar', 'after real clicks on note links'), app);
  t.diagnostic(`${inPageClicks.links} note links clicked in the page (${inPageClicks.withHref} with an href), ${real.clicked} clicked and ${real.middled} middle-clicked through WebDriver`);

  // The editor popover (note preview, colour buttons with the payload labels) for a few highlights.
  const edits = await step('open the editor on highlights', () => inPage(s, `
    const out = [];
    const marks = [...document.querySelectorAll('#reader mark.hl')].slice(0, 6);
    for (const m of marks) {
      m.scrollIntoView({ block: 'center' });
      m.click();
      await until(() => !document.getElementById('annotation-editor').hidden, 5000, 'the editor');
      out.push({ label: m.dataset.ids, preview: !!document.querySelector('#annotation-editor .note-html'), report: check() });
    }
    return out;`), app);
  assertAllSafe(edits, 'the annotation editor');
  assert.ok(edits.some((e) => e.preview), 'the editor previews a payload note');
  await app.shot('hostile-editor');
  await clickNoteLinks(s, '#annotation-editor', 'after clicking links in the editor preview');
  await s.execute('document.querySelector("#annotation-editor textarea").focus(); return true;');
  await s.pressKeys([Keys.ESCAPE]);
  await waitFor(() => s.execute('return document.getElementById("annotation-editor").hidden;'), { what: 'the editor to close' });

  // The selection toolbar with the payload labels.
  await s.execute('return window.marginalia.selectRange(0, 20);');
  await waitFor(() => s.execute('return !document.getElementById("highlight-toolbar").hidden;'), { what: 'the toolbar' });
  await check(s, 'the selection toolbar');
  await s.pressKeys([Keys.ESCAPE]);
  await waitFor(() => s.execute('return document.getElementById("highlight-toolbar").hidden;'), { what: 'the toolbar to close' });
  await s.execute('window.getSelection().removeAllRanges(); return true;');
  // A note link that is not a web or mail address is refused with a message
  // (open_link); nothing else may have gone wrong.
  t.diagnostic(`${await dismissLinkRefusals(s)} note links refused with a message`);
  const log = join(app.dir, 'opened.txt');
  const opened = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean) : [];
  for (const url of opened) assert.match(url, /^(https?|mailto):/i, `only web and mail links go out: ${url}`);
  await assertNoErrorToast(s, 'after the notes');
});

// ---- 8. All highlights ----------------------------------------------------------------------

test('hostile: All highlights lists every payload note, quote and tag sanitised', async () => {
  const s = app.session;
  assert.ok(state.annotations, 'needs the annotations');
  await s.execute('document.querySelector(\'[data-view="highlights"]\').click(); return true;');
  // The list is virtual: scroll through it a screen at a time, checking the
  // page at each stop, until every row has been drawn.
  const total = await step('the count of All highlights', () => waitFor(() => s.execute(`const t = document
    .querySelector('[data-testid="highlights-count"]').textContent.match(/^[\\d,]+/);
    return t ? Number(t[0].replace(/,/g, '')) : null;`), { timeout: 30_000, what: 'the count' }), app);
  assert.equal(total, state.annotations + WELCOME_ANNOTATIONS, 'every annotation counted, the guide\'s examples too');
  const seen = new Set();
  let withNotes = 0;
  for (let top = 0; seen.size < total; top += 600) {
    const drawn = await waitFor(() => s.execute(`const main = document.getElementById('main');
      main.scrollTop = arguments[0];
      const rows = [...document.querySelectorAll('#highlights-view [data-testid="highlight-row"]')];
      if (document.querySelector('#highlights-view .placeholder') || !rows.length) return null;
      return rows.map((r) => [r.dataset.id, !!r.querySelector('.note-html')]);`, [top]),
    { timeout: 30_000, what: `rows drawn at ${top}px` });
    for (const [id, note] of drawn) if (!seen.has(id)) { seen.add(id); if (note) withNotes++; }
    await check(s, `All highlights scrolled to ${top}px`);
    assert.ok(top < total * 112 + 1200, `every row drawn by the end (${seen.size} of ${total})`);
  }
  assert.ok(withNotes > 50, `notes rendered in All highlights (${withNotes})`);
  await s.execute('document.getElementById("main").scrollTop = 0; return true;');
  await app.shot('hostile-highlights');
  await clickNoteLinks(s, '#highlights-view', 'after clicking every link in All highlights');
  await clickSomeLinks(s, '#highlights-view', 'after real clicks in All highlights', { max: 10, middle: 1 });
  // Filtered by a payload tag and a payload-labelled colour.
  await s.execute(`const v = document.getElementById('highlights-view');
    const [, tag, color] = v.querySelectorAll('.filters select');
    tag.value = arguments[0]; tag.dispatchEvent(new Event('change'));
    color.value = 'yellow'; color.dispatchEvent(new Event('change')); return true;`, [state.tags[1]]);
  await s.executeAsync('const done = arguments[arguments.length - 1]; setTimeout(() => done(true), 500);');
  await check(s, 'All highlights filtered by a payload tag and colour');
  await dismissLinkRefusals(s); // the note links clicked were refused with a message
  await assertNoErrorToast(s, 'after All highlights');
});

// ---- 9. Tags ---------------------------------------------------------------------------------

test('hostile: the Tags view and its confirm dialog show payload tags as text', async () => {
  const s = app.session;
  assert.ok(state.tags.length, 'needs the tags');
  await s.execute('document.querySelector(\'[data-view="tags"]\').click(); return true;');
  const names = await step('wait for the tag table', () => waitFor(() => s.execute(`
    const rows = [...document.querySelectorAll('#tags-view tbody tr')];
    return rows.length ? rows.map((tr) => tr.querySelector('th .chip').textContent) : null;`),
  { what: 'the tag table' }), app);
  const listed = await s.invoke('list_tags');
  assert.deepEqual(names, listed.map((x) => x.name), 'every tag is drawn as text, verbatim');
  assert.ok(state.tags.every((tg) => names.some((n) => n.toLowerCase() === tg.toLowerCase())), 'every payload tag is there');
  await check(s, 'the Tags view');
  // Delete asks first; its message quotes the tag.
  await s.execute(`document.querySelector('#tags-view tbody tr:nth-child(2) button.danger').click(); return true;`);
  const msg = await waitFor(() => s.execute('const d = document.querySelector("dialog.confirm[open]"); return d ? d.textContent : null;'),
    { what: 'the confirm dialog' });
  assert.ok(msg.includes(names[1]), 'the confirm dialog quotes the tag as text');
  await check(s, 'the delete-tag confirm dialog');
  await app.shot('hostile-tags');
  await s.execute('document.querySelector("dialog.confirm[open] button[value=cancel]").click(); return true;');
  await waitFor(() => s.execute('return !document.querySelector("dialog.confirm");'), { what: 'the dialog to close' });
  assert.equal((await s.invoke('list_tags')).length, listed.length, 'cancel deletes nothing');
  await check(s, 'after cancelling');
  // Renaming onto another tag is refused; the error toast quotes the name
  // (Rust-escaped, so one without quotes or backslashes).
  const onto = names.slice(1).find((n) => !/["\\]/.test(n) && /[<>]/.test(n));
  await s.execute(`const row = document.querySelector('#tags-view tbody tr:nth-child(1)');
    const input = row.querySelector('input'); input.value = arguments[0];
    row.querySelector('.tag-actions .inline button').click(); return true;`, [onto]);
  const toast = await waitFor(() => s.execute(`const t = [...document.querySelectorAll('#toasts .toast-error .toast-msg')].pop();
    return t ? t.textContent : null;`), { what: 'the error toast' });
  assert.ok(toast.includes(onto), `the error quotes the tag as text: ${toast}`);
  await check(s, 'an error toast quoting a payload tag');
  await dismissToasts(s);
});

// ---- 10. search ---------------------------------------------------------------------------------

test('hostile: every payload as a search query; the results are text with <mark>', async (t) => {
  const s = app.session;
  assert.ok(state.titled.length, 'needs the payloads placed');
  await s.execute('document.querySelector(\'[data-view="reader"]\').click(); return true;');
  const queries = single.map((p) => p.text.replace(/[\u0000-\u001f\u007f]/g, '')).filter((q) => q.trim());
  let hits = 0;
  for (const batch of chunks(queries, 80)) {
    // The colour filter's change runs the search at once (typing waits 150 ms for more keys).
    const reports = await step(`search ${batch.length} payloads`, () => inPage(s, `
      const [queries] = args;
      const input = document.getElementById('search');
      const status = document.getElementById('search-status');
      const color = document.getElementById('color-filter');
      const out = [];
      for (const q of queries) {
        input.value = q;
        status.textContent = '';
        color.dispatchEvent(new Event('change'));
        await until(() => status.textContent !== '', 10000, 'results for ' + q);
        out.push({ label: q.slice(0, 60), hits: document.querySelectorAll('#search-results [data-testid="search-hit"]').length,
          report: check(['#search-results', '#search-status', '#toasts']) });
      }
      return out;`, [batch], { timeout: 120_000 }), app);
    assertAllSafe(reports, 'search');
    hits += reports.reduce((n, r) => n + r.hits, 0);
  }
  t.diagnostic(`${queries.length} queries, ${hits} hits drawn`);
  assert.ok(hits > queries.length, 'the queries find the payloads');
  await check(s, 'after every search');

  // Typed key by key through WebDriver, as a user would (search as you type,
  // with its delay). What arrives is checked rather than compared: under Xvfb
  // WebKitWebDriver can lose Shift (typing "<" gives ",").
  const typed = single.filter((p) => /[<"'`]/.test(p.text) && p.text.length < 80 && !hasControl(p.text)).slice(0, 12);
  const box = await s.findElement('#search');
  for (const p of typed) {
    await box.clear();
    await s.execute('document.getElementById("search-status").textContent = ""; return true;');
    await box.sendKeys(p.text);
    await waitFor(() => s.execute('return document.getElementById("search-status").textContent !== "";'),
      { what: `results for the typed ${JSON.stringify(p.text)}` });
    await check(s, `typed search ${JSON.stringify(p.text)}`);
  }
  t.diagnostic(`typed: ${JSON.stringify(typed[typed.length - 1].text)} arrived as ${JSON.stringify(await box.getProperty('value'))}`);
  // The same payloads verbatim, through the same input event typing ends with.
  const asTyped = await step('search as typed', () => inPage(s, `
    const [queries] = args;
    const input = document.getElementById('search');
    const status = document.getElementById('search-status');
    const out = [];
    for (const q of queries) {
      input.value = q;
      status.textContent = '';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await until(() => status.textContent !== '', 10000, 'results for ' + q);
      out.push({ label: q, verbatim: input.value === q, report: check() });
    }
    return out;`, [typed.map((p) => p.text)]), app);
  assertAllSafe(asTyped, 'search as typed');
  assert.ok(asTyped.every((r) => r.verbatim), 'the queries stay in the box verbatim');
  // Words the payloads share: many hits with snippets of payload text.
  await box.clear();
  await box.sendKeys('onerror');
  await waitFor(() => s.execute('return document.querySelectorAll("#search-results [data-testid=search-hit]").length > 10;'),
    { what: 'hits for "onerror"' });
  await check(s, 'search for onerror');
  await app.shot('hostile-search');
  // A hit opens its article.
  await s.execute('document.querySelector("#search-results [data-testid=search-hit] button").click(); return true;');
  await waitFor(() => s.execute('return !document.getElementById("article").hidden && document.getElementById("reader").dataset.render === "complete";'),
    { what: 'the hit to open' });
  await check(s, 'a search hit opened');
  await s.execute('const i = document.getElementById("search"); i.value = ""; i.dispatchEvent(new Event("input")); return true;');
  await waitFor(() => s.execute('return document.getElementById("search-results").hidden;'), { what: 'the search to be cleared' });
  await assertNoErrorToast(s, 'after searching');
});

// ---- 11. still the same app ---------------------------------------------------------------

test('hostile: after all of it nothing ran and the app still works', async () => {
  const s = app.session;
  assert.ok(state.base, 'needs the baseline');
  const r = await check(s, 'the end');
  assert.deepEqual(r.errors, [], 'no uncaught script error');
  const info = await s.invoke('library_info');
  assert.equal(info.article_count, FIRST_RUN_TITLES.length + state.bodies.length + 1 + state.titled.length, 'every article is still there');
  const shown = await step('open a sample article', () => openArticle(s, SAMPLE_TITLES[1]), app);
  assert.equal(shown.title, SAMPLE_TITLES[1]);
  await check(s, 'a sample article open at the end');
  await assertNoErrorToast(s, 'at the end');
});
