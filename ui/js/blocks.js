// The article's structure as the reader draws it: blocks (paragraph,
// heading, list item, code, table cell, figure, rule) over code-point ranges
// of the canonical text, each with the inline spans (emphasis, links, …)
// inside it. Pure: no DOM here, so node unit tests import it.
import { cpCursor, cpLength, paragraphs } from './offsets.js';

/**
 * A block kind as the core serialises it (`"paragraph"`, or
 * `{"heading":{"level":2}}`) made flat: `{name: 'heading', level: 2}`.
 */
export function kindOf(kind) {
  if (typeof kind === 'string') return { name: kind };
  if (kind && typeof kind === 'object') {
    const [name] = Object.keys(kind);
    if (name) return { name, ...(kind[name] || {}) };
  }
  return { name: 'paragraph' };
}

/**
 * The blocks to draw for `text`: from `structure` when the article has one,
 * else one paragraph per "\n\n"-separated part (plain text). Each block
 * carries its text, absolute code-point start and length, flat kind, quote
 * depth, and its spans with offsets relative to the block start.
 * @returns {{text:string,start:number,length:number,kind:{name:string},quote:number,
 *            spans:{start:number,end:number,kind:{name:string}}[]}[]}
 */
export function blocksOf(text, structure) {
  const src = text || '';
  if (!structure || !Array.isArray(structure.blocks) || structure.blocks.length === 0) {
    return paragraphs(src).map((p) => ({ ...p, kind: { name: 'paragraph' }, quote: 0, spans: [] }));
  }
  const total = cpLength(src);
  const spans = [...(structure.spans || [])].sort((a, b) => a.start - b.start || b.end - a.end);
  const out = [];
  // Cursors over the text walked forward block by block (blocks come in
  // order of their starts): linear on long texts (a 2 MB book has ~15,000
  // blocks), with characters outside the BMP too.
  const startAt = cpCursor(src);
  const endAt = cpCursor(src);
  let last = 0;
  let si = 0;
  for (const b of structure.blocks) {
    const start = Math.max(last, Math.min(total, b.start));
    const end = Math.max(start, Math.min(total, b.end));
    last = start;
    const blockText = src.slice(startAt(start), endAt(end));
    const mine = [];
    while (si < spans.length && spans[si].end <= start) si++;
    for (let j = si; j < spans.length && spans[j].start < end; j++) {
      const s = spans[j];
      const a = Math.max(s.start, start);
      const z = Math.min(s.end, end);
      if (z > a) mine.push({ start: a - start, end: z - start, kind: kindOf(s.kind) });
    }
    out.push({
      text: blockText, start, length: end - start, kind: kindOf(b.kind), quote: b.quote | 0, spans: mine,
    });
  }
  return out;
}

/**
 * Cuts a block of `length` code points into pieces at every highlight run
 * and span boundary. Each piece lists the spans covering it, outermost
 * first (spans nest: longer and earlier outside), and the highlight ids of
 * its run. `runs` are block-relative, as `runsWithin` returns them.
 * @returns {{start:number,end:number,ids:string[],spans:number[]}[]} spans are indices into `spans`
 */
export function pieces(length, runs, spans) {
  const cuts = new Set([0, length]);
  for (const r of runs) { cuts.add(r.start); cuts.add(r.end); }
  for (const s of spans) { cuts.add(s.start); cuts.add(s.end); }
  const points = [...cuts].filter((p) => p >= 0 && p <= length).sort((a, b) => a - b);
  const order = spans.map((_, i) => i).sort((i, j) => spans[i].start - spans[j].start || spans[j].end - spans[i].end || i - j);
  const out = [];
  let ri = 0;
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k];
    const z = points[k + 1];
    while (ri < runs.length && runs[ri].end <= a) ri++;
    const ids = ri < runs.length && runs[ri].start <= a ? runs[ri].ids : [];
    out.push({ start: a, end: z, ids, spans: order.filter((i) => spans[i].start <= a && spans[i].end >= z) });
  }
  return out;
}

/** The marker drawn before a list item: its number, or a bullet by depth. */
export function itemMarker(kind) {
  if (!kind.marker) return '';
  if (kind.ordered) return kind.number != null ? `${kind.number}.` : '–';
  return ['•', '◦', '▪'][Math.max(0, (kind.depth | 0) - 1) % 3];
}

/**
 * The article's headings, for its table of contents.
 * @returns {{level:number,text:string,start:number}[]}
 */
export function headingsOf(blocks) {
  return blocks
    .filter((b) => b.kind.name === 'heading' && b.text.trim() !== '')
    .map((b) => ({ level: b.kind.level | 0 || 1, text: b.text, start: b.start }));
}

/** The code-point offset a fragment link (`#id`) points at, or null. */
export function targetOffset(structure, href) {
  if (!structure || !href || !href.startsWith('#')) return null;
  let id = href.slice(1);
  try { id = decodeURIComponent(id); } catch { /* keep it as written */ }
  const t = (structure.targets || []).find((x) => x.id === id);
  return t ? t.offset : null;
}

/**
 * For a document that keeps its page starts (a PDF: targets `page-2`,
 * `page-3`, … where each page's text starts; page 1 starts the text), a
 * function from a code-point offset to the page it is on; else null. As the
 * core's `Structure::page_at`.
 * @returns {((offset:number)=>number)|null}
 */
export function pagesOf(structure) {
  const pages = [];
  for (const t of (structure && structure.targets) || []) {
    const m = /^page-(\d+)$/.exec(t.id);
    if (m) pages.push({ n: Number(m[1]), at: t.offset });
  }
  if (pages.length === 0) return null;
  return (offset) => pages.reduce((best, p) => (p.at <= offset && p.n > best ? p.n : best), 1);
}
