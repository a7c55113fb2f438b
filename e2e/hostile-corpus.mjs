// The hostile e2e test's payload corpus (fixtures/xss-payloads.txt) and the
// ways it is cut up for each place a payload goes.
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const CORPUS = join(HERE, 'fixtures', 'xss-payloads.txt');
export const SOURCES = ['dompurify', 'patt-readme', 'patt-intruders', 'patt-quick', 'patt-polyglots', 'patt-angular',
  'patt-events', 'authored'];
export const COLORS = ['yellow', 'green', 'blue', 'pink', 'purple'];

// ---- the corpus ------------------------------------------------------------------

/** "⏎" is a newline, "⟦U+XXXX⟧" a code point (see the corpus header). */
export const decodeLine = (l) => l.replaceAll('⏎', '\n')
  .replace(/⟦U\+([0-9A-F]{4,6})⟧/g, (m, h) => String.fromCodePoint(parseInt(h, 16)));

export function loadCorpus() {
  const out = [];
  let source = null;
  for (const raw of readFileSync(CORPUS, 'utf8').split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.startsWith('#@source ')) { source = line.slice('#@source '.length).trim(); continue; }
    if (source === null || line === '') continue; // the header, blank lines
    out.push({ n: out.length + 1, source, text: decodeLine(line) });
  }
  return out;
}

export const PAYLOADS = loadCorpus();
export const single = PAYLOADS.filter((p) => !p.text.includes('\n'));
/** What import makes of text: NFC, no control characters but \n and \t, no BOM. */
export const imported = (s) => s.normalize('NFC').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufeff]/g, '');
export const collapse = (s) => s.split(/\s+/).filter(Boolean).join(' ');
export const hasControl = (s) => /[\u0000-\u001f\u007f-\u009f]/.test(s);
/**
 * Payload text as written into a file to import: without C0 control
 * characters (but \n and \t), which import drops anyway and which make a
 * file look binary (it is then refused, as it should be).
 */
export const forFile = (s) => s.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');

/** Tags: no comma (stripped), no control characters, 1-100 characters, unique ignoring case. */
export function tagNames(max) {
  const seen = new Set();
  const out = [];
  for (const p of PAYLOADS) {
    const t = collapse(p.text.replaceAll(',', ''));
    if (!t || hasControl(t) || [...t].length > 100 || seen.has(t.toLowerCase())) continue;
    seen.add(t.toLowerCase());
    out.push(t);
  }
  // Spread over the corpus rather than only its first sources.
  const step = Math.max(1, out.length / max);
  return Array.from({ length: Math.min(max, out.length) }, (_, i) => out[Math.floor(i * step)]);
}

/** Colour labels: 1-60 characters once whitespace is collapsed (what set_color_label keeps). */
export function labelTexts(max) {
  const out = [];
  for (const p of single) {
    const t = collapse(p.text);
    if (t && t === p.text && !hasControl(t) && [...t].length <= 60 && !out.includes(t)) out.push(t);
  }
  const step = Math.max(1, out.length / max);
  return Array.from({ length: Math.min(max, out.length) }, (_, i) => out[Math.floor(i * step)]);
}

/** Payloads that are a bare URL: wrapped as Markdown links, images, autolinks, references and <a>. */
export function urlWrappers() {
  const out = [];
  for (const p of single) {
    const u = p.text;
    if (/[<>\s]/.test(u.trim()) || !/^[^:]{1,20}:/.test(u.trim())) continue;
    const k = p.n;
    out.push(`[link ${k}](<${u}>)`, `![image ${k}](<${u}>)`, `<${u.trim()}>`,
      `[reference ${k}][r${k}]\n\n[r${k}]: <${u}>`, `<a href="${u.replaceAll('"', '&quot;')}">raw link ${k}</a>`);
  }
  return out;
}

/** `items` in chunks of `size`. */
export const chunks = (items, size) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
