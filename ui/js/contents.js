// An article's table of contents (its headings) and what its links do: a
// link to a place in the article scrolls there; a web or mail link opens in
// the system's browser or mail program (open_link checks the scheme); the
// webview itself never follows one.
import * as api from './api.js';
import { h, clear } from './dom.js';
import { headingsOf, targetOffset } from './blocks.js';
import { showError } from './toast.js';
import { eachFrame } from './later.js';

/** Contents entries drawn with the article; the rest follow after it is painted. */
const FIRST_ITEMS = 40;
const ITEMS_PER_STEP = 150;

/** The contents list drawn last: its headings' starts and their buttons. */
let shown = { starts: [], buttons: [] };
let watched = null;

/**
 * Fills `el` (a <details> in the sidebar) with links to the headings of
 * `blocks`; hidden when the article has fewer than two. While `scroller`
 * scrolls, the section being read is marked (aria-current).
 */
export function renderContents(el, blocks, scrollTo, scroller) {
  clear(el);
  const heads = headingsOf(blocks);
  el.hidden = heads.length < 2;
  const job = { starts: [], buttons: [] };
  shown = job;
  if (el.hidden) return;
  const top = Math.min(...heads.map((x) => x.level));
  el.append(h('summary', null, `Contents · ${heads.length} sections`));
  const list = h('ol', { class: 'contents-list' });
  let next = 0;
  const more = (count) => {
    const frag = document.createDocumentFragment();
    for (const stop = Math.min(heads.length, next + count); next < stop; next++) {
      const x = heads[next];
      const button = h('button', { type: 'button', class: 'link-like', onclick: () => scrollTo(x.start) }, x.text);
      frag.append(h('li', { dataset: { level: String(Math.min(5, x.level - top)) } }, button));
      job.starts.push(x.start);
      job.buttons.push(button);
    }
    list.append(frag);
    return next < heads.length;
  };
  // A book's hundreds of headings would hold up the article's first screen
  // (laying out a few hundred buttons took ~100 ms): the first screenful of
  // them now, the rest after it is painted.
  more(FIRST_ITEMS);
  el.append(list);
  if (next < heads.length) {
    eachFrame(() => {
      if (shown !== job) return false; // another article's contents replaced these
      if (more(ITEMS_PER_STEP)) return true;
      markCurrent(scroller); // the section being read may be among the last drawn
      return false;
    });
  }
  if (scroller && watched !== scroller) {
    watched = scroller;
    let queued = false;
    scroller.addEventListener('scroll', () => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => { queued = false; markCurrent(scroller); });
    }, { passive: true });
  }
  // In the next frame: marking reads layout, and forcing a layout here would
  // hold up the article's first screen.
  requestAnimationFrame(() => markCurrent(scroller));
}

/**
 * The block being read: the one a third of the way down the reader (where
 * a jump puts its target), or at the bottom once the reader is scrolled to
 * the end; its code-point start, 0 above the text, null between blocks.
 */
function topStart(scroller) {
  const reader = scroller && scroller.querySelector('[data-testid="reader"]');
  if (!reader) return 0;
  const box = scroller.getBoundingClientRect();
  const text = reader.getBoundingClientRect();
  // At the very end the last sections cannot reach that line: the bottom counts.
  const atEnd = scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 2;
  const y = atEnd ? Math.min(box.bottom, text.bottom) - 24 : box.top + box.height / 3;
  if (text.top >= y) return 0; // still above the text
  const hit = document.elementFromPoint(text.left + Math.min(40, text.width / 2), y);
  const block = hit && hit.closest && hit.closest('[data-start]');
  return block ? Number(block.dataset.start) || 0 : null;
}

/** Marks the heading whose section is at the top of the reader. */
function markCurrent(scroller) {
  if (!shown.buttons.length) return;
  const at = topStart(scroller);
  if (at === null) return; // between blocks: keep the mark
  let current = -1;
  for (let i = 0; i < shown.starts.length && shown.starts[i] <= at; i++) current = i;
  shown.buttons.forEach((b, i) => {
    if (i === current) b.setAttribute('aria-current', 'location');
    else b.removeAttribute('aria-current');
  });
}

/**
 * Follows the link element `a` (an `a.link` drawn by the reader): to its
 * target in the article, or out to the browser.
 */
export async function followLink(a, structure, scrollTo) {
  const href = a.dataset.href || '';
  if (href.startsWith('#')) {
    const at = targetOffset(structure, href);
    if (at != null) scrollTo(at);
    return;
  }
  try {
    await api.openLink(href);
  } catch (e) {
    showError(e);
  }
}
