// Renders an article and maps between DOM positions and code-point offsets
// of its canonical text. Each block of the article's structure (or, for
// plain text, each "\n\n"-separated paragraph) becomes one element; each
// text node's absolute code-point start is recorded, and this mapping is the
// ONLY source of offsets the UI sends to Rust.
import {
  cpToUtf16Index, utf16ToCp, segments, runsWithin, advance,
} from './offsets.js';
import { blocksOf, pieces, itemMarker } from './blocks.js';
import { paintCustom } from './palette.js';
import { colorLabel } from './state.js';
import { eachFrame } from './later.js';

let readerEl = null;
/** @type {Map<Text, number>} text node -> absolute code-point start */
let starts = new Map();
/** @type {{node: Text, start: number, len: number}[]} in document order */
let nodes = [];
let textLength = 0;

export function textNodeStarts() { return starts; }

/** UTF-16 units rendered before renderText returns: about two screenfuls. */
const FIRST_UNITS = 4_000;
/** UTF-16 units per later step (steps repeat after each frame, see later.js). */
const CHUNK_UNITS = 12_000;

/**
 * The rendered article: its blocks, the element drawn for each, highlight
 * runs, the table being filled, and the next block to draw. A long article is drawn a chunk at a time, the first
 * before renderText returns and the rest in later tasks; anything that
 * needs a position further on (scroll, select, flash) first calls
 * finishRendering().
 * @type {{el: HTMLElement, paras: ReturnType<typeof blocksOf>, elements: HTMLElement[],
 *         runs: {start:number,end:number,ids:string[]}[], byId: Map<string, any>, next: number,
 *         table: {id:number, el: HTMLTableElement, row: number, tr: HTMLTableRowElement}|null}|null}
 */
let doc = null;
const drawing = () => !!doc && doc.next < doc.paras.length;

function highlightsOf(annotations) {
  const byId = new Map();
  const hs = [];
  for (const a of annotations || []) {
    if (a.kind === 'note' || a.orphaned || a.start == null || a.end == null) continue;
    byId.set(a.id, a);
    hs.push({ id: a.id, start: a.start, end: a.end });
  }
  return { byId, runs: segments(textLength, hs) };
}

/**
 * Renders `text` into `el` with highlights drawn as
 * <mark class="hl hl-COLOR" data-ids="id1 id2">. `el.dataset.render` is
 * "partial" while later paragraphs are still to come, then "complete".
 * @param {HTMLElement} el
 * @param {string} text
 * @param {{id:string,start:number|null,end:number|null,color:string,orphaned?:boolean}[]} annotations
 * @param {{blocks:any[],spans:any[],targets:any[]}|null} [structure]
 */
export function renderText(el, text, annotations, structure = null) {
  readerEl = el;
  starts = new Map();
  nodes = [];
  const paras = blocksOf(text || '', structure);
  const last = paras[paras.length - 1];
  textLength = last ? last.start + last.length : 0;
  el.replaceChildren();
  doc = { el, paras, elements: [], table: null, next: 0, ...highlightsOf(annotations) };
  el.dataset.render = 'partial';
  renderMore(FIRST_UNITS);
  const job = doc;
  if (drawing()) eachFrame(() => {
    if (doc !== job || !drawing()) return false; // finished, or replaced by a newer render
    renderMore(CHUNK_UNITS);
    return drawing();
  });
}

/** Renders the rest of the article now. */
export function finishRendering() {
  if (drawing()) renderMore(Infinity);
}

function renderMore(budget) {
  const frag = document.createDocumentFragment();
  let used = 0;
  while (doc.next < doc.paras.length && used < budget) {
    const para = doc.paras[doc.next++];
    const { p, list } = blockElement(para);
    for (const n of list) { starts.set(n.node, n.start); nodes.push(n); }
    doc.elements.push(p);
    attach(p, para.kind, frag);
    used += para.text.length + 2;
  }
  doc.el.append(frag);
  if (!drawing()) doc.el.dataset.render = 'complete';
}

/**
 * Redraws the highlights after annotations changed, when the text did not:
 * only the paragraphs whose marks differ are rebuilt, so the reader keeps
 * its place and a long article is not drawn again. Returns false when it
 * cannot (another article, or nothing rendered): render the text instead.
 */
export function updateHighlights(el, annotations) {
  if (!doc || el !== doc.el) return false;
  const old = doc.byId;
  const next = highlightsOf(annotations);
  // Code-point ranges whose drawing changes: highlights added, removed,
  // moved or recoloured.
  const changed = [];
  const key = (a) => `${a.start}:${a.end}:${a.color}`;
  for (const [id, a] of next.byId) {
    const o = old.get(id);
    if (!o || key(o) !== key(a)) { changed.push([a.start, a.end]); if (o) changed.push([o.start, o.end]); }
  }
  for (const [id, o] of old) if (!next.byId.has(id)) changed.push([o.start, o.end]);
  doc.byId = next.byId;
  doc.runs = next.runs;
  for (let i = 0; i < doc.next; i++) {
    const para = doc.paras[i];
    const from = para.start;
    const to = para.start + para.length;
    if (!changed.some(([a, b]) => a < to && b > from)) continue;
    const oldP = doc.elements[i];
    const { p, list } = blockElement(para);
    // This paragraph's text nodes are one run of `nodes` (document order).
    let lo = 0;
    let hi = nodes.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (nodes[mid].start < from) lo = mid + 1; else hi = mid; }
    let end = lo;
    while (end < nodes.length && oldP.contains(nodes[end].node)) { starts.delete(nodes[end].node); end++; }
    nodes.splice(lo, end - lo, ...list);
    for (const n of list) starts.set(n.node, n.start);
    oldP.replaceWith(p);
    doc.elements[i] = p;
  }
  return true;
}

/**
 * Puts a block's element in the document: table cells into the rows of
 * their table (which may have been started in an earlier chunk), anything
 * else at the end.
 */
function attach(p, kind, frag) {
  if (kind.name !== 'cell') { doc.table = null; frag.append(p); return; }
  let t = doc.table;
  if (!t || t.id !== kind.table) {
    const wrap = document.createElement('div');
    wrap.className = 'table-wrap';
    const table = document.createElement('table');
    wrap.append(table);
    frag.append(wrap);
    t = doc.table = { id: kind.table, el: table, row: -1, tr: null };
  }
  if (t.row !== kind.row || !t.tr) {
    t.tr = document.createElement('tr');
    t.el.append(t.tr);
    t.row = kind.row;
  }
  t.tr.append(p);
}

const SPAN_TAGS = { emphasis: 'em', strong: 'strong', code: 'code', strike: 's', sub: 'sub', sup: 'sup', link: 'a' };

/** The element a block is drawn as. */
function blockShell(block) {
  const k = block.kind;
  let el;
  switch (k.name) {
    case 'heading': el = document.createElement(`h${Math.min(6, Math.max(1, k.level | 0) + 1)}`); el.dataset.level = String(k.level | 0); break;
    case 'item': {
      el = document.createElement('div');
      el.className = 'li';
      el.style.setProperty('--depth', String(Math.min(12, k.depth | 0)));
      const marker = itemMarker(k);
      if (marker) el.dataset.marker = marker;
      break;
    }
    case 'code': el = document.createElement('pre'); el.className = 'code'; if (k.language) el.dataset.language = k.language; break;
    case 'cell': el = document.createElement(k.header ? 'th' : 'td'); break;
    case 'figure': {
      el = document.createElement('figure');
      if (k.image) {
        const img = document.createElement('img');
        img.src = imageUrl(k.image);
        img.alt = k.alt || '';
        if (k.width && k.height) { img.width = k.width; img.height = k.height; }
        img.loading = 'lazy';
        img.decoding = 'async';
        el.append(img);
      } else {
        el.className = 'missing';
        el.textContent = k.alt ? `[image: ${k.alt}]` : '[image]';
      }
      break;
    }
    case 'rule': el = document.createElement('hr'); break;
    default: el = document.createElement('p');
  }
  if (block.quote > 0) { el.classList.add('quote'); el.style.setProperty('--quote', String(Math.min(8, block.quote))); }
  return el;
}

/** The URL the reader loads a stored image from (see src-tauri/src/images.rs). */
function imageUrl(hash) {
  const core = window.__TAURI__?.core;
  return core?.convertFileSrc ? core.convertFileSrc(hash, 'marginalia-image') : `marginalia-image://localhost/${hash}`;
}

function spanElement(kind) {
  const el = document.createElement(SPAN_TAGS[kind.name] || 'span');
  if (kind.name === 'link') {
    // No href: the webview never follows a link itself; a click goes
    // through open_link (or scrolls to a fragment target).
    el.className = 'link';
    el.dataset.href = kind.href || '';
    el.title = kind.href || '';
    el.tabIndex = 0;
    el.setAttribute('role', 'link');
  }
  return el;
}

/** One block's element and its text nodes with their code-point starts. */
function blockElement(block) {
  const { runs, byId } = doc;
  const p = blockShell(block);
  p.dir = 'auto';
  p.dataset.start = String(block.start);
  if (block.length === 0 && block.kind.name === 'paragraph') p.classList.add('empty');
  const list = [];
  if (block.length === 0) return { p, list };
  const within = runsWithin(runs, block.start, block.start + block.length);
  // Open span elements, outermost first, with the span index each draws.
  const open = [];
  let u = 0;
  for (const piece of pieces(block.length, within, block.spans)) {
    let keep = 0;
    while (keep < open.length && keep < piece.spans.length && open[keep].i === piece.spans[keep]) keep++;
    open.length = keep;
    for (let j = keep; j < piece.spans.length; j++) {
      const el = spanElement(block.spans[piece.spans[j]].kind);
      (open.length ? open[open.length - 1].el : p).append(el);
      open.push({ i: piece.spans[j], el });
    }
    const parent = open.length ? open[open.length - 1].el : p;
    const u2 = advance(block.text, u, piece.end - piece.start);
    const node = document.createTextNode(block.text.slice(u, u2));
    u = u2;
    list.push({ node, start: block.start + piece.start, len: piece.end - piece.start });
    if (piece.ids.length === 0) {
      parent.append(node);
    } else {
      const top = byId.get(piece.ids[piece.ids.length - 1]);
      const mark = document.createElement('mark');
      const color = top && top.color ? top.color : 'yellow';
      mark.className = `hl hl-${color}${piece.ids.length > 1 ? ' hl-multi' : ''}`;
      mark.dataset.ids = piece.ids.join(' ');
      // Its colour's name, not only the colour: shown on hover and read
      // out as the highlight's description.
      mark.title = colorLabel(color);
      paintCustom(mark, color);
      mark.append(node);
      parent.append(mark);
    }
  }
  return { p, list };
}

export function clearText(el) {
  el.replaceChildren();
  delete el.dataset.render;
  if (el === readerEl) { starts = new Map(); nodes = []; textLength = 0; doc = null; }
}

// ---- DOM position -> code point -------------------------------------------

function cmp(range, node, offset) {
  try { return range.comparePoint(node, offset); } catch { return 0; }
}

/** Resolves a DOM boundary point to an absolute code-point offset. */
function boundaryToCp(container, offset, which) {
  if (container.nodeType === Node.TEXT_NODE && starts.has(container)) {
    return starts.get(container) + utf16ToCp(container.data, offset);
  }
  if (nodes.length === 0) return 0;
  const point = document.createRange();
  point.setStart(container, offset);
  point.collapse(true);
  if (which === 'start') {
    // first text node starting at or after the point
    let lo = 0; let hi = nodes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cmp(point, nodes[mid].node, 0) >= 0) hi = mid; else lo = mid + 1;
    }
    return lo < nodes.length ? nodes[lo].start : textLength;
  }
  // last text node ending at or before the point
  let lo = -1; let hi = nodes.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    const n = nodes[mid].node;
    if (cmp(point, n, n.length) <= 0) lo = mid; else hi = mid - 1;
  }
  return lo >= 0 ? nodes[lo].start + nodes[lo].len : 0;
}

/**
 * The current DOM Selection as {start, end} code-point offsets into the
 * canonical text, clipped to the reader; null if empty or outside it.
 */
export function selectionToOffsets(el = readerEl) {
  if (!el || el !== readerEl || nodes.length === 0) return null;
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const r = sel.getRangeAt(0);
  if (!el.contains(r.commonAncestorContainer) && !r.intersectsNode(el)) return null;
  const start = boundaryToCp(r.startContainer, r.startOffset, 'start');
  const end = boundaryToCp(r.endContainer, r.endOffset, 'end');
  if (!(end > start)) return null;
  return { start, end };
}

// ---- code point -> DOM position ---------------------------------------------

/** DOM point for code point `cp`; 'start' prefers the node containing cp, 'end' the node ending at cp. */
function locate(cp, which) {
  finishRendering();
  if (nodes.length === 0) return null;
  if (which === 'start') {
    let lo = 0; let hi = nodes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (nodes[mid].start + nodes[mid].len > cp) hi = mid; else lo = mid + 1;
    }
    if (lo >= nodes.length) { const n = nodes[nodes.length - 1]; return { node: n.node, offset: n.node.length }; }
    const n = nodes[lo];
    return { node: n.node, offset: cp <= n.start ? 0 : cpToUtf16Index(n.node.data, cp - n.start) };
  }
  let lo = -1; let hi = nodes.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (nodes[mid].start < cp) lo = mid; else hi = mid - 1;
  }
  if (lo < 0) return { node: nodes[0].node, offset: 0 };
  const n = nodes[lo];
  return { node: n.node, offset: cpToUtf16Index(n.node.data, Math.min(cp - n.start, n.len)) };
}

/** A DOM Range for code points [start, end), or null. */
export function rangeFor(start, end) {
  const a = locate(start, 'start');
  const b = locate(Math.max(start, end), 'end');
  if (!a || !b) return null;
  const r = document.createRange();
  try {
    r.setStart(a.node, a.offset);
    r.setEnd(b.node, b.offset);
  } catch { return null; }
  if (r.collapsed && end > start) return null;
  return r;
}

/** Selects code points [start, end) with a real DOM Selection. */
export function selectOffsets(start, end) {
  const r = rangeFor(start, end);
  const sel = window.getSelection();
  if (!r || !sel) return false;
  sel.removeAllRanges();
  sel.addRange(r);
  return true;
}

/** When a jump looks again whether its target moved (ms after it). */
const RECHECKS = [16, 50, 120, 250, 500, 900];

/**
 * Scrolls the nearest scrolling ancestor so code point `cp` is in view.
 * Paragraphs are laid out only near the viewport (content-visibility), and
 * WebKit has no scroll anchoring: the paragraphs scrolled to take their real
 * height a little later and can push the target out of view again. So the
 * target is looked at again a few times over the next second and brought
 * back while it is out of view, unless the user has scrolled meanwhile.
 */
export function scrollToOffset(cp, scroller, down = 1 / 3) {
  const box = scroller || readerEl?.closest('.scroll') || document.scrollingElement;
  if (!box) return;
  let set = place(cp, box, true, down);
  for (const ms of RECHECKS) {
    setTimeout(() => {
      if (set === null || box.scrollTop !== set) return; // the user scrolled: leave it
      set = place(cp, box, down === 0, down);
    }, ms);
  }
}

/** Puts code point `cp` `down` of the way down `box` (a third; 0: at the
 *  top) when `always`, or when it is out of view; returns the scrollTop
 *  then, or null. */
function place(cp, box, always, down) {
  const a = locate(cp, 'start');
  if (!a) return null;
  const r = document.createRange();
  r.setStart(a.node, a.offset);
  r.setEnd(a.node, Math.min(a.node.length, a.offset + 1));
  const rect = r.getBoundingClientRect();
  const boxTop = box === document.scrollingElement ? 0 : box.getBoundingClientRect().top;
  if (rect.top === 0 && rect.bottom === 0) { a.node.parentElement?.scrollIntoView({ block: 'center' }); return box.scrollTop; }
  if (always || rect.top < boxTop || rect.bottom > boxTop + box.clientHeight) {
    box.scrollTop += rect.top - boxTop - (down ? box.clientHeight * down : 12);
  }
  return box.scrollTop;
}

/** Briefly emphasises every mark drawn for annotation `id`. */
export function flashHighlight(id) {
  if (!readerEl) return;
  finishRendering();
  const marks = readerEl.querySelectorAll(`mark[data-ids~="${CSS.escape(id)}"]`);
  for (const m of marks) {
    m.classList.remove('flash');
    void m.offsetWidth; // restart the animation
    m.classList.add('flash');
    setTimeout(() => m.classList.remove('flash'), 1800);
  }
}

export function totalLength() { return textLength; }

/** The blocks of the article drawn now (for its table of contents). */
export function renderedBlocks() { return doc ? doc.paras : []; }

// ---- search matches -----------------------------------------------------------

const MATCHES = 'search-match';
const canMark = () => typeof Highlight === 'function' && !!globalThis.CSS?.highlights;

/**
 * Marks the words `terms` (the words a search hit matched) in the block
 * holding code point `cp`, as a CSS custom highlight: ranges over the
 * existing text nodes, so the text and its offsets are untouched. Returns
 * how many were marked (0 where the webview cannot).
 */
export function markMatches(cp, terms) {
  clearMatches();
  const words = [...new Set((terms || []).map((t) => t.trim()).filter(Boolean))];
  const at = words.length && canMark() ? locate(cp, 'start') : null;
  const block = at?.node.parentElement?.closest('[data-start]');
  if (!block) return 0;
  const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  const hl = new Highlight();
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!starts.has(n)) continue;
    for (const m of n.data.matchAll(re)) {
      const r = document.createRange();
      r.setStart(n, m.index);
      r.setEnd(n, m.index + m[0].length);
      hl.add(r);
    }
  }
  if (hl.size) CSS.highlights.set(MATCHES, hl);
  return hl.size;
}

/** Takes the search marks away (another article, a new search). */
export function clearMatches() {
  if (canMark()) CSS.highlights.delete(MATCHES);
}
