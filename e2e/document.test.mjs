// A saved web page, read with its structure: imported through the Import
// dialog, drawn with headings, list markers, a table, its image (served from
// the library) and links; a highlight across a heading and a list item; a
// fragment link scrolls, a web link goes out through open_link.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppFixture, ROOT } from './harness.mjs';
import { step, importFile, reloadPage, openArticle, assertNoErrorToast, cpIndexOf, csvRecords } from './helpers.mjs';
import { waitFor } from './webdriver.mjs';

const PAGE = join(ROOT, 'samples', 'web', 'tidepools.html');
const TITLE = 'A Field Guide to Tide Pools';
let opened;
const app = new AppFixture('document', { env: {} });

before(async () => {
  opened = join(app.dir, 'opened.txt');
  app.extraEnv.MARGINALIA_TEST_OPENED = opened;
  await app.start();
  await app.launch();
});

after(async () => { await app.stop(); });

/** What the reader drew for the structure. */
function drawn(session) {
  return session.execute(`
    const r = document.querySelector('[data-testid="reader"]');
    const img = r.querySelector('figure img');
    return {
      headings: [...r.querySelectorAll('h2, h3, h4')].map((h) => h.tagName + ':' + h.textContent),
      markers: [...r.querySelectorAll('.li')].map((li) => (li.dataset.marker || '') + ' ' + li.textContent.slice(0, 12)),
      rows: r.querySelectorAll('table tr').length,
      headers: [...r.querySelectorAll('table th')].map((th) => th.textContent),
      code: r.querySelector('pre.code')?.textContent ?? null,
      quote: r.querySelector('.quote')?.textContent.slice(0, 20) ?? null,
      rule: r.querySelectorAll('hr').length,
      image: img ? { loaded: img.complete && img.naturalWidth, alt: img.alt, src: img.getAttribute('src') } : null,
      links: [...r.querySelectorAll('a.link')].map((a) => a.dataset.href),
      hrefs: r.querySelectorAll('[href]').length,
      contents: [...document.querySelectorAll('#article-contents button')].map((b) => b.textContent),
      meta: document.getElementById('article-meta').textContent,
    };`);
}

test('1. a saved web page is read with its structure and image', async () => {
  const s = app.session;
  const res = await importFile(s, PAGE, app);
  assert.equal(res.articles[0].status, 'added');
  await reloadPage(s, app);
  await openArticle(s, TITLE);
  const d = await step('wait for the image to load', () => waitFor(async () => {
    const x = await drawn(s);
    return x.image && x.image.loaded ? x : null;
  }, { what: 'the figure image to load from the library' }), app);
  assert.deepEqual(d.headings, ['H3:What lives there', 'H3:How to look', 'H3:When to go']);
  assert.ok(d.markers.some((m) => m.startsWith('• Anemones')), JSON.stringify(d.markers));
  assert.ok(d.markers.some((m) => m.startsWith('◦ Hermit crab')), JSON.stringify(d.markers));
  assert.ok(d.markers.some((m) => m.startsWith('2. Turn a rock')), JSON.stringify(d.markers));
  assert.equal(d.rows, 4);
  assert.deepEqual(d.headers, ['Tide height', 'What you can reach']);
  assert.ok(d.code.startsWith('date,pool,anemones,crabs\n2025-06-14'), d.code);
  assert.equal(d.quote, 'The pool is an aquar');
  assert.equal(d.rule, 1);
  assert.equal(d.image.loaded, 240);
  assert.equal(d.image.alt, 'A pink anemone open in a shallow pool');
  assert.match(d.image.src, /marginalia-image/);
  assert.deepEqual(d.links, ['#what-lives-there', '#how-to-look', '#when-to-go', 'https://tides.example.org/tables']);
  assert.equal(d.hrefs, 0, 'no element in the reader has an href the webview could follow');
  assert.deepEqual(d.contents, ['What lives there', 'How to look', 'When to go']);
  assert.match(d.meta, /Coastal Notes/);
  assert.match(d.meta, /coastal-notes\.example\.org/);
  await assertNoErrorToast(s, 'after opening the web page');
  // Loaded is not yet painted: decode it and let two frames pass before the picture.
  await s.executeAsync(`const done = arguments[arguments.length - 1];
    const img = document.querySelector('[data-testid="reader"] figure img');
    img.decode().catch(() => {}).then(() => requestAnimationFrame(() => requestAnimationFrame(() => done(true))));`);
  await app.shot('web-page');
});

test('2. a highlight runs across a heading and a list item', async () => {
  const s = app.session;
  const list = await s.invoke('list_articles', { query: {} });
  const id = list.items.find((a) => a.title === TITLE).id;
  const { article } = await s.invoke('get_article', { id });
  // From inside the heading "What lives there" to inside the first list item.
  const start = cpIndexOf(article.text, 'What lives there\n\nMost') + [...'What '].length;
  const end = cpIndexOf(article.text, 'Anemones') + [...'Anemones'].length;
  assert.ok(start > 0 && end > start);
  await s.invoke('create_highlight', { articleId: id, start, end, input: { color: 'blue' } });
  await reloadPage(s, app);
  await openArticle(s, TITLE);
  const marks = await waitFor(() => s.execute(`
    const r = document.querySelector('[data-testid="reader"]');
    const m = [...r.querySelectorAll('mark.hl-blue')];
    return m.length ? m.map((x) => x.parentElement.closest('h3, .li, p')?.tagName + (x.closest('.li') ? '.li' : '') + ':' + x.textContent) : null;`),
  { what: 'blue marks in the reader' });
  assert.equal(marks[0], 'H3:lives there');
  assert.ok(marks.some((m) => m === 'DIV.li:Anemones'), JSON.stringify(marks));
  assert.ok(marks.some((m) => m.startsWith('P:Most of what')), JSON.stringify(marks));
  await app.shot('web-page-highlight');

  // After a restart the highlight is drawn across the same blocks.
  await app.restart();
  await openArticle(app.session, TITLE);
  const again = await waitFor(() => app.session.execute(`
    const m = [...document.querySelectorAll('[data-testid="reader"] mark.hl-blue')];
    return m.length ? m.map((x) => x.parentElement.closest('h3, .li, p')?.tagName + (x.closest('.li') ? '.li' : '') + ':' + x.textContent) : null;`),
  { what: 'blue marks after the restart' });
  assert.deepEqual(again, marks);

  // Exported through the UI: the quote runs from the heading into the list item.
  const out = join(app.dir, 'document-export.csv');
  app.answerDialogs({ save: out });
  await step('export through the UI', async () => {
    await app.session.execute('document.getElementById("export-btn").click(); return true;');
    await waitFor(() => app.session.execute('return !!document.querySelector("#export-dialog[open] button.primary");'),
      { what: 'the export form' });
    await app.session.execute('document.querySelector("#export-dialog button.primary").click(); return true;');
    await waitFor(() => existsSync(out), { what: 'the exported file' });
  }, app);
  const row = csvRecords(readFileSync(out, 'utf8')).find((r) => r.article_id === id && r.color === 'blue');
  assert.ok(row, 'the highlight is exported');
  assert.equal(row.quote, [...article.text].slice(start, end).join(''));
  assert.match(row.quote, /^lives there\n\n[\s\S]*Anemones$/);
  assert.equal(row.page, '', 'a web page has no pages');
});

test('3. a fragment link scrolls to its heading; a web link goes out through open_link', async () => {
  const s = app.session;
  const link = await s.findElement('[data-testid="reader"] a.link[data-href="#when-to-go"]');
  await link.click();
  await waitFor(() => s.execute(`
    const h = [...document.querySelectorAll('[data-testid="reader"] h3')].find((x) => x.textContent === 'When to go');
    const r = h.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight;`), { what: 'the "When to go" heading in view' });
  const web = await s.findElement('[data-testid="reader"] a.link[data-href^="https://"]');
  // The jump above keeps its heading in place for a second while the text
  // around it is laid out; the user's own scroll (here, to the web link)
  // ends that, so the click does not land on a link that is moving.
  await s.execute('arguments[0].scrollIntoView({ block: "center" }); return true;', [web]);
  await s.executeAsync('const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));');
  await web.click();
  await waitFor(() => existsSync(opened) && readFileSync(opened, 'utf8').includes('https://tides.example.org/tables'),
    { what: 'the web link to be handed to the system browser' });
  const refused = await s.invoke('open_link', { href: 'javascript:alert(1)' }).then(() => null, (e) => e);
  assert.equal(refused?.code, 'unsupported_link');
  await app.shot('web-page-contents');
});

test('4. a folder is imported through the Folder… button, file by file, with what each file told', async () => {
  const s = app.session;
  const shelf = join(app.dir, 'shelf');
  mkdirSync(join(shelf, 'clippings'), { recursive: true });
  writeFileSync(join(shelf, 'a-reading-list.md'), '# Reading list\n\nBooks about the sea.\n');
  writeFileSync(join(shelf, 'clippings', 'harbour.html'),
    '<html><head><title>Harbour notice</title></head><body><p>Berth 4 is closed.</p>'
    + '<img src="https://harbour.example.org/map.png" alt="map"></body></html>');
  writeFileSync(join(shelf, 'clippings', 'scan.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
  writeFileSync(join(shelf, 'cover.jpg'), Buffer.from([0xff, 0xd8, 0xff]));
  app.answerDialogs({ open: [shelf] });
  await s.execute('document.getElementById("import-folder-btn").click(); return true;');
  await waitFor(() => s.execute(`const d = document.querySelector('#import-dialog[open] .import-summary');
    return !!d && d.querySelectorAll(':scope > li').length === 3;`), { what: 'the summary of three files' });
  const summary = await s.execute(`return [...document.querySelectorAll('#import-dialog .import-summary > li')]
    .map((li) => ({ text: li.textContent, refused: li.classList.contains('refused'),
      notices: [...li.querySelectorAll('.notice')].map((n) => n.textContent) }));`);
  assert.match(summary[0].text, /Reading list/);
  assert.match(summary[1].text, /harbour\.html/);
  assert.ok(summary[1].notices.some((n) => /1 image on the web/.test(n)), JSON.stringify(summary[1]));
  assert.match(summary[2].text, /scan\.txt/);
  assert.ok(summary[2].refused, 'the file that is not text is refused');
  assert.ok(!JSON.stringify(summary).includes(app.dir), 'names, not paths');
  await app.shot('import-folder');
  await s.execute(`document.querySelector('#import-dialog').close(); return true;`);
  const { items } = await s.invoke('list_articles', { query: { sort: 'oldest' } });
  assert.deepEqual(items.slice(-2).map((a) => a.title), ['Reading list', 'Harbour notice']);
  await assertNoErrorToast(s, 'after the folder import');
});

test('5. a PDF is read page after page, and its highlights name their pages', async () => {
  const s = app.session;
  const pdf = join(ROOT, 'core', 'tests', 'fixtures', 'pdf', 'one-column.pdf');
  const id = (await importFile(s, pdf, app)).articles[0].id;
  const { article } = await s.invoke('get_article', { id });
  const page2 = article.structure.targets.find((t) => t.id === 'page-2').offset;
  await s.invoke('create_highlight', { articleId: id, start: 0, end: 12, input: { color: 'yellow' } });
  await s.invoke('create_highlight', { articleId: id, start: page2, end: page2 + 20, input: { color: 'green' } });
  await reloadPage(s, app);
  await openArticle(s, article.title);
  const pages = await waitFor(() => s.execute(`
    const items = [...document.querySelectorAll('#sidebar [data-testid="annotation"]')];
    return items.length === 2 ? items.map((li) => li.querySelector('.ann-page')?.textContent) : null;`),
  { what: 'two sidebar items' });
  assert.deepEqual(pages, ['p. 1', 'p. 2']);
  await app.shot('pdf-pages');
  await assertNoErrorToast(s, 'after the PDF');
});
