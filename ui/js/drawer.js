// A narrow window (under 980 px): the annotations pane is a drawer over the
// reader, opened and closed with the "Notes" button (and Esc), so the
// contents, highlights and orphans stay within reach.
import { on } from './state.js';

const NARROW = window.matchMedia?.('(max-width: 980px)');

let toggle;
let pane;

function set(open) {
  document.body.classList.toggle('drawer-open', open);
  toggle.setAttribute('aria-expanded', String(open));
  if (open) pane.querySelector('.drawer-close')?.focus();
}

export function initDrawer({ button, sidebar }) {
  toggle = button;
  pane = sidebar;
  // A highlight chosen in the drawer is shown in the text the drawer covers.
  on('highlight-shown', () => closeDrawer());
  toggle.addEventListener('click', () => set(!isDrawerOpen()));
  pane.querySelector('.drawer-close')?.addEventListener('click', () => { set(false); toggle.focus(); });
  NARROW?.addEventListener?.('change', () => { if (!NARROW.matches) set(false); });
}

function isDrawerOpen() { return document.body.classList.contains('drawer-open'); }

/** Closes the drawer; true when it was open (Esc). */
export function closeDrawer() {
  if (!isDrawerOpen()) return false;
  set(false);
  return true;
}
