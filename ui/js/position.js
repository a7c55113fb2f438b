// Where the reader is in the open article: the code-point start of the
// block at the top of the reader (not pixels, so it survives font and
// window changes) and the percentage read (how far down the text the
// bottom of the reader has been). Saved a moment after scrolling stops and
// when the article is left; the article opens there again.
import * as api from './api.js';
import { state } from './state.js';
import { cpLength } from './offsets.js';

/** Quiet time after scrolling before the place is saved. */
const SAVE_AFTER_MS = 700;

let scroller;
let reader;
let onProgress = () => {};
let timer = null;
let pending = null; // {id, position, progress} not yet saved

export function initPosition({ scroller: s, reader: r, progress }) {
  scroller = s;
  reader = r;
  onProgress = progress;
  scroller.addEventListener('scroll', () => {
    if (!state.current || state.view !== 'reader') return;
    clearTimeout(timer);
    timer = setTimeout(() => { measure(); flushPosition(); }, SAVE_AFTER_MS);
  }, { passive: true });
}

/** The start of the block at height `y` of the reader, or null. */
function blockStartAt(y) {
  const text = reader.getBoundingClientRect();
  const hit = document.elementFromPoint(text.left + Math.min(40, text.width / 2), y);
  const block = hit && reader.contains(hit) ? hit.closest('[data-start]') : null;
  return block ? Number(block.dataset.start) || 0 : null;
}

/** Reads the place from the screen into `pending`. */
function measure() {
  const a = state.current?.article;
  if (!a || reader.dataset.article !== a.id) return;
  const box = scroller.getBoundingClientRect();
  const text = reader.getBoundingClientRect();
  const top = text.top >= box.top ? 0 : blockStartAt(box.top + 8);
  if (top == null) return;
  const atEnd = scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 4;
  const total = Math.max(1, cpLength(a.text));
  const bottom = atEnd ? total : (blockStartAt(Math.min(box.bottom, text.bottom) - 8) ?? top);
  const progress = Math.max(a.progress || 0, Math.min(100, Math.round((100 * bottom) / total)));
  pending = { id: a.id, position: top, progress };
  a.position = top;
  a.progress = progress;
  onProgress(a);
}

/** Saves the place measured last (the article being left, or the window closing). */
export function flushPosition() {
  clearTimeout(timer);
  const p = pending;
  pending = null;
  if (!p) return Promise.resolve();
  return api.savePosition(p.id, p.position, p.progress).catch(() => {});
}

/** Marks the just-opened article as opened (for Continue reading), where it is. */
export function opened(article) {
  pending = { id: article.id, position: article.position || 0, progress: article.progress || 0 };
  return flushPosition();
}
