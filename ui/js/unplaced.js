// "Unplaced": highlights that lost their place when an article's text
// changed. The toolbar button shows how many there are and is hidden when
// there are none; its title says what they are, and the view it opens says
// how to give them a place again.
import * as api from './api.js';
import { on } from './state.js';
import { debounce } from './dom.js';

export const UNPLACED_MEANING = 'Highlights that lost their place when an article’s text changed '
  + '(a newer copy was imported, or it was updated from its link) and their passage could not be found again. '
  + 'Their notes and tags are kept: open one and re-attach it to the passage it belongs to.';

let button;
let badge;
let seq = 0;
let count = 0;

export function initUnplaced({ element }) {
  button = element;
  badge = button.querySelector('.count-badge');
  button.title = UNPLACED_MEANING;
  const later = debounce(() => refreshUnplaced(), 300);
  for (const name of ['library-changed', 'annotations-dirty', 'article-updated']) on(name, later);
  refreshUnplaced();
}

/** Counts the unplaced highlights again and shows the button when there are some. */
async function refreshUnplaced() {
  const my = ++seq;
  let n;
  try {
    n = await api.countAnnotations({ orphans_only: true });
  } catch {
    return; // the button keeps its last count; the next change tries again
  }
  if (my !== seq) return;
  count = n;
  badge.textContent = String(n);
  show();
}

/** Marks the button as showing its view (or not), from the count it has. */
export function markUnplaced(pressed) {
  button.setAttribute('aria-pressed', String(pressed));
  show();
}

// Shown while there are some, and while pressed, so that the view it opened
// keeps its button.
function show() {
  button.hidden = count === 0 && button.getAttribute('aria-pressed') !== 'true';
}
