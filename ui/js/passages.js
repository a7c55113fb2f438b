// Reading with the keyboard: select the next / previous sentence (] [),
// extend the selection by a sentence (}) or take the whole paragraph ({),
// then 1–5 or h highlight it; n / p go to the next / previous highlight, and
// c copies the highlight gone to as a quote with the article's title.
// Sentences are found with Intl.Segmenter in the canonical text of a block;
// every offset is a code point of that text, never one made from the DOM.
import { state, on, colorLabel } from './state.js';
import { renderedBlocks, rangeFor, selectionToOffsets } from './reader.js';
import { cpLength, utf16Cursor } from './offsets.js';
import { toast } from './toast.js';

let focusedId = null;
let show = () => {};
let select = () => false;
let reader;

/**
 * @param {{reader: HTMLElement, showAnnotation(a), selectRange(start, end): boolean}} deps
 */
export function initPassages(deps) {
  reader = deps.reader;
  show = deps.showAnnotation;
  select = deps.selectRange;
  on('article-opened', () => { focusedId = null; });
  on('highlight-shown', ({ id }) => mark(id));
}

function mark(id) {
  focusedId = id;
  for (const m of reader.querySelectorAll('mark.hl.focused')) m.classList.remove('focused', 'named');
  if (!id) return;
  const marks = reader.querySelectorAll(`mark[data-ids~="${CSS.escape(id)}"]`);
  for (const m of marks) m.classList.add('focused');
  // The colour's name (its title) in a tag before the first piece: not the
  // colour alone.
  marks[0]?.classList.add('named');
}

const placed = () => (state.current?.annotations || [])
  .filter((a) => a.kind === 'highlight' && a.start != null && !a.orphaned)
  .sort((x, y) => x.start - y.start || x.end - y.end);

/** Goes to the next (d = 1) or previous (d = −1) highlight of the open article. */
export function stepHighlight(d) {
  const data = state.current;
  if (!data || state.view !== 'reader') return false;
  const all = placed();
  if (!all.length) { toast('This article has no highlights yet.'); return true; }
  let i = all.findIndex((a) => a.id === focusedId);
  if (i >= 0) {
    i = (i + d + all.length) % all.length;
  } else {
    // From where the reader is.
    const at = data.article.position || 0;
    i = d > 0 ? all.findIndex((a) => a.start >= at) : all.findLastIndex((a) => a.start < at);
    if (i < 0) i = d > 0 ? 0 : all.length - 1;
  }
  show(all[i]);
  mark(all[i].id);
  // Said to a screen reader: which one, its colour's name, its words.
  const a = all[i];
  const quote = a.quote.length > 80 ? `${a.quote.slice(0, 80)}…` : a.quote;
  document.getElementById('announcer').textContent = `Highlight ${i + 1} of ${all.length}, ${colorLabel(a.color)}: ${quote}`;
  return true;
}

/** The quote of the highlight gone to, with the article's title and author. */
function quoteText(ann, article) {
  const by = article.author ? `, ${article.author}` : '';
  return `“${ann.quote}”\n— ${article.title}${by}`;
}

/** Copies the highlight gone to (n / p, or clicked in the sidebar). */
export async function copyFocused() {
  const data = state.current;
  if (!data || state.view !== 'reader') return false;
  const ann = data.annotations.find((a) => a.id === focusedId);
  if (!ann) { toast('Go to a highlight first (n / p).'); return true; }
  await copyQuote(ann, data.article);
  return true;
}

/** Copies the quote of `ann` with the title (and author) of `article`. */
export async function copyQuote(ann, article) {
  if (await copy(quoteText(ann, article))) toast('Quote copied'); else toast('Could not copy the quote.');
}

export async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // The webview may refuse the async clipboard: the old way, from a field.
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.className = 'visually-hidden';
    document.body.append(ta);
    ta.select();
    let ok = false;
    try { ok = document.execCommand('copy'); } catch { ok = false; }
    ta.remove();
    return ok;
  }
}

// ---- sentences -------------------------------------------------------------------

const segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(undefined, { granularity: 'sentence' }) : null;

/** The sentences of a block, as code points of the article, blanks trimmed. */
function sentencesOf(block) {
  if (!segmenter) return [{ start: block.start, end: block.start + block.length }];
  const toCp = utf16Cursor(block.text);
  const out = [];
  for (const s of segmenter.segment(block.text)) {
    const lead = s.segment.length - s.segment.trimStart().length;
    const body = s.segment.trim();
    if (!body) continue;
    const start = block.start + toCp(s.index + lead);
    out.push({ start, end: start + cpLength(body) });
  }
  return out;
}

/** The index of the block holding code point `cp` (or the last before it). */
function blockAt(blocks, cp) {
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (blocks[mid].start <= cp) lo = mid; else hi = mid - 1;
  }
  return lo;
}

function sentenceFrom(blocks, cp) {
  for (let b = blockAt(blocks, cp); b < blocks.length; b++) {
    const s = sentencesOf(blocks[b]).find((x) => x.start >= cp);
    if (s) return s;
  }
  return null;
}

function sentenceBefore(blocks, cp) {
  for (let b = blockAt(blocks, cp); b >= 0; b--) {
    const s = sentencesOf(blocks[b]).findLast((x) => x.end <= cp);
    if (s) return s;
  }
  return null;
}

/**
 * ] next sentence, [ previous sentence, } one sentence more, { the paragraph:
 * from the selection, or else from the top of the view.
 */
export function selectByKeys(what) {
  const data = state.current;
  if (!data || state.view !== 'reader') return false;
  const blocks = renderedBlocks().filter((b) => b.length > 0);
  if (!blocks.length) return false;
  const sel = selectionToOffsets(reader);
  const top = data.article.position || 0;
  let range = null;
  if (what === 'next') range = sentenceFrom(blocks, sel ? sel.end : top);
  else if (what === 'previous') range = sel ? sentenceBefore(blocks, sel.start) : sentenceFrom(blocks, top);
  else if (what === 'more') {
    const next = sentenceFrom(blocks, sel ? sel.end : top);
    range = next && { start: sel ? sel.start : next.start, end: next.end };
  } else if (what === 'paragraph') {
    const b = blocks[blockAt(blocks, sel ? sel.start : top)];
    const all = sentencesOf(b);
    range = all.length ? { start: all[0].start, end: all[all.length - 1].end } : null;
  }
  if (!range) return true;
  select(range.start, range.end);
  rangeFor(range.start, range.end)?.startContainer.parentElement?.scrollIntoView({ block: 'nearest' });
  return true;
}
