// An article's table of contents (its headings) and what its links do: a
// link to a place in the article scrolls there; a web or mail link opens in
// the system's browser or mail program (open_link checks the scheme); the
// webview itself never follows one.
import * as api from './api.js';
import { h, clear } from './dom.js';
import { headingsOf, targetOffset } from './blocks.js';
import { showError } from './toast.js';

/**
 * Fills `el` (a <details>) with links to the headings of `blocks`; hidden
 * when the article has fewer than two.
 */
export function renderContents(el, blocks, scrollTo) {
  clear(el);
  const heads = headingsOf(blocks);
  el.hidden = heads.length < 2;
  if (el.hidden) return;
  const top = Math.min(...heads.map((x) => x.level));
  el.append(h('summary', null, `Contents · ${heads.length} sections`));
  const list = h('ol', { class: 'contents-list' });
  for (const x of heads) {
    list.append(h('li', { dataset: { level: String(Math.min(5, x.level - top)) } },
      h('button', { type: 'button', class: 'link-like', onclick: () => scrollTo(x.start) }, x.text)));
  }
  el.append(list);
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
