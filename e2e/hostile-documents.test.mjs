// Hostile documents in the real webview: a saved web page, an EPUB book and
// a Markdown file carrying script payloads (script elements, event handlers,
// javascript: and data: URLs, SVG and MathML tricks, <base>, meta refresh,
// CSS url(), remote images, frames, forms) are imported and opened, and every
// link in them clicked. Nothing runs, nothing is requested from the server
// the payloads point at (started here on 127.0.0.1, recording every request),
// and the window never leaves the app.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import zlib from 'node:zlib';
import { AppFixture } from './harness.mjs';
import { importFile, reloadPage, openArticle, assertNoErrorToast, errorToasts } from './helpers.mjs';
import { waitFor } from './webdriver.mjs';

const app = new AppFixture('hostile-documents', { env: {} });
const requests = [];
let server;
let base;

/** The payloads, pointing at the recording server. */
function payloads() {
  const u = (path) => `${base}/${path}`;
  return `
<p>Before the payloads: an ordinary paragraph that must be read as text.</p>
<script>window.__pwned = 'script'</script>
<script src="${u('script.js')}"></script>
<p>An image with a handler <img src="x" onerror="window.__pwned='onerror'"> and a remote one
<img src="${u('pixel.png')}" alt="remote pixel">.</p>
<p onclick="window.__pwned='onclick'" onmouseover="window.__pwned='onmouseover'">A paragraph with handlers.</p>
<p><a href="javascript:window.__pwned='javascript-link'">a javascript: link</a>,
<a href="data:text/html,&lt;script&gt;parent.__pwned='data'&lt;/script&gt;">a data: link</a>,
<a href="vbscript:msgbox(1)">a vbscript: link</a>,
<a href="${u('clicked')}">a web link</a> and <a href="file:///etc/passwd">a file link</a>.</p>
<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned='svg'"><script>window.__pwned='svg-script'</script>
<image href="${u('svg-image.png')}"/></svg>
<math><maction actiontype="statusline" xlink:href="javascript:window.__pwned='math'">MathML</maction></math>
<iframe src="${u('frame')}"></iframe><iframe srcdoc="&lt;script&gt;parent.__pwned='srcdoc'&lt;/script&gt;"></iframe>
<object data="${u('object')}"></object><embed src="${u('embed')}">
<form action="${u('form')}"><input name="q" value="x"><button type="submit">Send</button></form>
<div style="background-image: url('${u('css-url.png')}'); width: 10px; height: 10px">styled</div>
<style>body { background: url('${u('style-url.png')}') } @import url('${u('import.css')}');</style>
<link rel="stylesheet" href="${u('sheet.css')}">
<video src="${u('video.mp4')}" autoplay></video><audio src="${u('audio.mp3')}" autoplay></audio>
<p>After the payloads: the last ordinary paragraph of the document.</p>`;
}

function page() {
  return `<!DOCTYPE html><html><head><title>Hostile Saved Page</title>
<base href="${base}/base/">
<meta http-equiv="refresh" content="0; url=${base}/refresh">
<meta http-equiv="Content-Security-Policy" content="default-src *">
</head><body><article><h1>Hostile Saved Page</h1>${payloads()}</article></body></html>`;
}

/** A zip of stored entries (enough for an EPUB: mimetype first, uncompressed). */
function zip(files) {
  const locals = [];
  const central = [];
  let offset = 0;
  for (const [name, text] of files) {
    const data = Buffer.from(text, 'utf8');
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18); local.writeUInt32LE(data.length, 22); local.writeUInt16LE(nameBytes.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0); entry.writeUInt16LE(20, 4); entry.writeUInt16LE(20, 6);
    entry.writeUInt32LE(crc, 16); entry.writeUInt32LE(data.length, 20); entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28); entry.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    central.push(entry, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(files.length, 8); end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(dir.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

function book() {
  const chapter = (title) => `<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>${title}</title><base href="${base}/epub-base/"/>
<meta http-equiv="refresh" content="0; url=${base}/epub-refresh"/></head>
<body><h2>${title}</h2>${payloads()}</body></html>`;
  return zip([
    ['mimetype', 'application/epub+zip'],
    ['META-INF/container.xml', '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OPS/book.opf" media-type="application/oebps-package+xml"/></rootfiles></container>'],
    ['OPS/book.opf', `<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">hostile</dc:identifier>
<dc:title>Hostile Book &lt;img src=x onerror=window.__pwned='title'&gt;</dc:title><dc:creator>&lt;script&gt;window.__pwned='creator'&lt;/script&gt;</dc:creator></metadata>
<manifest><item id="a" href="a.xhtml" media-type="application/xhtml+xml"/><item id="b" href="b.xhtml" media-type="application/xhtml+xml"/></manifest>
<spine><itemref idref="a"/><itemref idref="b"/></spine></package>`],
    ['OPS/a.xhtml', chapter('Chapter One')],
    ['OPS/b.xhtml', chapter('Chapter Two')],
  ]);
}

function markdown() {
  return `# Hostile Markdown\n\nBefore the payloads: an ordinary paragraph.\n\n${payloads()}\n\n`
    + `[a javascript link](javascript:window.__pwned='md-link') and ![a remote image](${base}/md-image.png)\n\n`
    + `<${base}/autolink>\n`;
}

before(async () => {
  server = http.createServer((req, res) => {
    requests.push(req.url);
    res.writeHead(404);
    res.end();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}`;
  app.extraEnv.MARGINALIA_TEST_OPENED = join(app.dir, 'opened.txt');
  await app.start();
  await app.launch();
});

after(async () => {
  await app.stop();
  await new Promise((r) => server.close(r));
});

/** What a payload could have done. */
function damage(s) {
  return s.execute(`return {
    pwned: typeof window.__pwned === 'undefined' ? null : String(window.__pwned),
    href: location.href,
    frames: document.querySelectorAll(['#reader', '#sidebar', '.article-header'].map((r) =>
      \`\${r} :is(iframe, object, embed, video, audio, form, script, svg, math, style, link, base, meta)\`).join(', ')).length,
    everywhere: document.querySelectorAll('iframe, object, embed, video, audio, base, meta[http-equiv]').length,
    handlers: [...document.querySelectorAll('#reader *, #sidebar *')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).length,
    hrefs: document.querySelectorAll('#reader [href], #reader [src]:not([src^="marginalia-image:"])').length,
  };`);
}

const cases = [
  { file: 'hostile-page.html', title: 'Hostile Saved Page', make: page },
  { file: 'hostile-book.epub', title: 'Hostile Book <img src=x onerror=window.__pwned=\'title\'>', make: book },
  { file: 'hostile-notes.md', title: 'Hostile Markdown', make: markdown },
];

for (const c of cases) {
  test(`hostile documents: ${c.file} is read as text; nothing runs or loads`, async () => {
    const s = app.session;
    const file = join(app.dir, c.file);
    await writeFile(file, c.make());
    const res = await importFile(s, file, app);
    assert.equal(res.articles.length, 1);
    await reloadPage(s, app);
    await openArticle(s, c.title);
    const text = await waitFor(() => s.execute(`const r = document.querySelector('[data-testid="reader"]');
      if (!r) return null;
      const t = r.textContent;
      return t.includes('the last ordinary paragraph') || t.includes('autolink') ? t : null;`),
    { what: 'the document drawn to its end' });
    assert.ok(text.includes('Before the payloads'), text.slice(0, 200));
    // Every link the reader drew, clicked as a user would.
    // A link to anything but the web or mail is refused with a message.
    const links = await s.findElements('[data-testid="reader"] a.link');
    const refusals = [];
    for (const link of links) {
      // Into view first: text far down is not laid out (content-visibility) until it is near.
      await s.execute('arguments[0].scrollIntoView({ block: "center" }); return true;', [link]);
      await s.executeAsync('const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));');
      await link.click();
      await s.executeAsync('const done = arguments[arguments.length - 1]; setTimeout(() => done(true), 150);');
      refusals.push(...await errorToasts(s));
      await s.execute('document.querySelectorAll(".toast-close").forEach((b) => b.click()); return true;');
    }
    for (const r of refusals) assert.match(r, /links are not opened|not a full web address/, r);
    // The web link went out to the system's browser (here: a file), not into the webview.
    assert.ok(links.length > 0, 'the document has links to click');
    const opened = existsSync(app.extraEnv.MARGINALIA_TEST_OPENED) ? readFileSync(app.extraEnv.MARGINALIA_TEST_OPENED, 'utf8') : '';
    assert.ok(opened.includes(`${base}/`), `a web link was handed to the browser: ${JSON.stringify(opened)}`);
    await s.executeAsync('const done = arguments[arguments.length - 1]; setTimeout(() => done(true), 1500);');
    const d = await damage(s);
    assert.equal(d.pwned, null, `a payload ran: ${d.pwned}`);
    assert.match(d.href, /^(tauri|http):\/\/(localhost|tauri\.localhost)/, 'the window stayed in the app');
    assert.equal(d.frames, 0, 'no frame, object, media, form, script, style or SVG element was drawn');
    assert.equal(d.everywhere, 0, 'no frame, media, base or refresh anywhere in the page');
    assert.equal(d.handlers, 0, 'no event handler attribute reached the DOM');
    assert.equal(d.hrefs, 0, 'no element the webview could follow or load');
    assert.deepEqual(requests, [], 'nothing was requested from the payloads\' server');
    await assertNoErrorToast(s, `after ${c.file}`);
    await app.shot(`hostile-${c.file.replace(/\W+/g, '-')}`);
  });
}
