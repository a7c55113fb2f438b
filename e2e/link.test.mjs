// Articles from links in the real webview, against an HTTP server this test
// starts on loopback (nothing reaches the internet): "Link…" fetches a page
// with its image and opens it; pasting an address opens the same dialog; a
// slow fetch is cancelled and saves nothing; "Update from source" fetches
// the changed page and the highlight follows its passage.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppFixture, ROOT } from './harness.mjs';
import { step, assertNoErrorToast, cpIndexOf } from './helpers.mjs';
import { waitFor } from './webdriver.mjs';

const IMAGE = readFileSync(join(ROOT, 'samples', 'web', 'tidepools_files', 'anemone.png'));
const TITLE = 'The Pontoons Are Moving';
const FIRST = 'The harbour pontoons will be moved to the slipway side on Monday, the harbour master said, so that the channel can be dredged through the winter.';
const SECOND = 'Owners of the forty boats on the visitor moorings have been written to; those who cannot move their boats in time may ask the harbour office for help.';
const THIRD = 'The café on the quay stays open throughout, with its opening hours unchanged.';

let paragraphs = [FIRST, SECOND, THIRD];
const page = () => `<!DOCTYPE html><html lang="en"><head><title>${TITLE}</title>
<meta property="og:site_name" content="Quayside News"></head><body>
<nav><a href="/">Home</a> <a href="/about">About</a></nav>
<article><h1>${TITLE}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}
<figure><img src="img/anemone.png" alt="An anemone in the harbour wall"><figcaption>Seen at low water.</figcaption></figure>
</article><footer>© Quayside News</footer></body></html>`;

let server;
let base;
const app = new AppFixture('link', { env: {} });

before(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/news/pontoons') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(page());
    } else if (req.url === '/news/img/anemone.png') {
      res.writeHead(200, { 'Content-Type': 'image/png' });
      res.end(IMAGE);
    } else if (req.url === '/slow') {
      // 40 chunks, one every 250 ms: ten seconds unless cancelled.
      res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Length': String(40 * 65536) });
      let n = 0;
      const timer = setInterval(() => {
        if (n++ >= 40 || res.destroyed) { clearInterval(timer); res.end(); return; }
        res.write(Buffer.alloc(65536, 0x20));
      }, 250);
      res.on('close', () => clearInterval(timer));
    } else {
      res.writeHead(404);
      res.end('not here');
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}`;
  await app.start();
  await app.launch();
});

after(async () => {
  await app.stop();
  server.closeAllConnections?.();
  await new Promise((r) => server.close(r));
});

async function typeLinkAndAdd(s, url) {
  await waitFor(() => s.execute('return !!document.querySelector("#link-dialog[open] #link-url");'),
    { what: 'the link dialog' });
  const input = await s.findElement('#link-url');
  await s.execute('document.getElementById("link-url").value = ""; return true;');
  await input.sendKeys(url);
  await s.execute('document.querySelector("#link-dialog form").requestSubmit(); return true;');
}

test('1. Link… fetches a page with its image and opens it', async () => {
  const s = app.session;
  await s.execute('document.getElementById("link-btn").click(); return true;');
  await app.shot('link-dialog');
  await typeLinkAndAdd(s, `${base}/news/pontoons`);
  await step('the fetched article opens', () => waitFor(() => s.execute(
    'return document.getElementById("article-title").textContent;').then((t) => t === TITLE),
  { what: `the article "${TITLE}" in the reader` }), app);
  const d = await waitFor(() => s.execute(`
    const img = document.querySelector('[data-testid="reader"] figure img');
    return img && img.complete && img.naturalWidth ? {
      width: img.naturalWidth, src: img.getAttribute('src'),
      text: document.querySelector('[data-testid="reader"]').textContent,
      meta: document.getElementById('article-meta').textContent,
      update: !!document.querySelector('[data-testid="update-source"]'),
    } : null;`), { what: 'the fetched image to load from the library' });
  assert.equal(d.width, 240);
  assert.match(d.src, /^marginalia-image:/);
  assert.ok(d.text.includes('The harbour pontoons will be moved'), d.text.slice(0, 200));
  assert.ok(!d.text.includes('About'), 'the navigation is left out');
  assert.match(d.meta, /Quayside News/);
  assert.ok(d.meta.includes(`${base}/news/pontoons`), d.meta);
  assert.ok(d.update, 'an article from a link can be updated from its source');
  await assertNoErrorToast(s, 'after adding from a link');
  await s.executeAsync(`const done = arguments[arguments.length - 1];
    const img = document.querySelector('[data-testid="reader"] figure img');
    img.decode().catch(() => {}).then(() => requestAnimationFrame(() => requestAnimationFrame(() => done(true))));`);
  await app.shot('link-added');
});

test('2. pasting a web address outside a text field asks to add it', async () => {
  const s = app.session;
  await s.execute(`document.activeElement && document.activeElement.blur();
    const data = new DataTransfer();
    data.setData('text/plain', arguments[0]);
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    return true;`, [`  ${base}/news/other  `]);
  const value = await waitFor(() => s.execute(
    'const i = document.querySelector("#link-dialog[open] #link-url"); return i ? i.value : null;'),
  { what: 'the link dialog filled with the pasted address' });
  assert.equal(value, `${base}/news/other`);
  await s.execute('document.getElementById("link-dialog").close(); return true;');
});

test('3. a slow fetch is cancelled and adds nothing', async () => {
  const s = app.session;
  const before = (await s.invoke('list_articles', { query: {} })).items.length;
  await s.execute('document.getElementById("link-btn").click(); return true;');
  await typeLinkAndAdd(s, `${base}/slow`);
  await waitFor(() => s.execute(`const b = document.querySelector('#link-dialog[open] [data-testid="cancel-fetch"]');
    const p = document.querySelector('#link-dialog progress');
    return !!b && !!p && p.value > 0;`), { what: 'the fetch under way with its progress shown' });
  await app.shot('link-fetching');
  await s.execute('document.querySelector(\'[data-testid="cancel-fetch"]\').click(); return true;');
  await waitFor(() => s.execute(`return !document.querySelector('#link-dialog[open]')
    && [...document.querySelectorAll('.toast')].some((t) => t.textContent.includes('Cancelled'));`),
  { what: 'the dialog closed and "Cancelled" said' });
  const after = (await s.invoke('list_articles', { query: {} })).items.length;
  assert.equal(after, before);
});

test('4. Update from source: the changed page replaces the text, the highlight follows', async () => {
  const s = app.session;
  const list = await s.invoke('list_articles', { query: {} });
  const id = list.items.find((a) => a.title === TITLE).id;
  const { article } = await s.invoke('get_article', { id });
  const quote = 'written to';
  const start = cpIndexOf(article.text, quote);
  await s.invoke('create_highlight', { articleId: id, start, end: start + quote.length, input: { color: 'pink' } });
  // The page changes: a paragraph added at the top.
  paragraphs = ['Update, Sunday: the move has been put back a day because of the forecast gales.', FIRST, SECOND, THIRD];
  await s.execute('document.querySelector(\'[data-testid="update-source"]\').click(); return true;');
  await waitFor(() => s.execute(`return [...document.querySelectorAll('.toast')].some((t) => t.textContent.includes('Updated from its source'));`),
    { what: 'the update said' });
  const d = await waitFor(() => s.execute(`
    const r = document.querySelector('[data-testid="reader"]');
    const m = r.querySelector('mark.hl-pink');
    return r.textContent.startsWith('Update, Sunday') && m ? m.textContent : null;`),
  { what: 'the new text drawn with the highlight on its passage' });
  assert.equal(d, quote);
  await assertNoErrorToast(s, 'after the update');
  await app.shot('link-updated');
});
