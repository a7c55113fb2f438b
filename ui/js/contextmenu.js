// Context menus: a right click, the Menu key or Shift+F10 on an article in
// the list, a highlight (in the reader, the sidebar or the highlights
// browser) or a text selection offers what can be done there. The menu is
// a role=menu of menu items: the arrow keys, Home and End move, Enter or
// Space chooses, Esc or Tab closes it and gives the focus back.
import { h } from './dom.js';

/**
 * An entry: {label, run(), danger?} or SEPARATOR.
 * @typedef {{label: string, run: () => unknown, danger?: boolean} | 'separator'} Entry
 */
export const SEPARATOR = 'separator';

let menu = null;
let giveBack = null;
// A keyboard opening: the contextmenu event the browser may send after it
// is not a second opening.
let keyedAt = 0;

/** Closes the open menu; says whether there was one. */
export function closeMenu({ refocus = true } = {}) {
  if (!menu) return false;
  menu.remove();
  menu = null;
  const back = giveBack;
  giveBack = null;
  if (refocus && back && back.isConnected) back.focus({ preventScroll: true });
  return true;
}

/** Opens a menu of `entries` at the viewport point (x, y). */
export function openMenu(entries, { x, y, label = 'Actions', from = document.activeElement } = {}) {
  closeMenu({ refocus: false });
  const items = [];
  const list = [];
  for (const e of entries) {
    if (e === SEPARATOR) {
      if (list.length && list[list.length - 1].getAttribute('role') !== 'separator') list.push(h('div', { role: 'separator', class: 'menu-sep' }));
      continue;
    }
    const b = h('button', {
      type: 'button', role: 'menuitem', tabindex: '-1', class: e.danger ? 'danger' : null,
      onclick: async () => {
        closeMenu();
        await e.run();
      },
    }, e.label);
    items.push(b);
    list.push(b);
  }
  if (list.length && list[list.length - 1].getAttribute('role') === 'separator') list.pop();
  if (!items.length) return;
  menu = h('div', { class: 'context-menu', role: 'menu', 'aria-label': label, 'data-testid': 'context-menu' }, list);
  giveBack = from instanceof HTMLElement ? from : null;
  document.body.append(menu);
  // Inside the window, beside the point (or above and left of it near an edge).
  const r = menu.getBoundingClientRect();
  const left = x + r.width > window.innerWidth - 4 ? Math.max(4, x - r.width) : x;
  const top = y + r.height > window.innerHeight - 4 ? Math.max(4, y - r.height) : y;
  menu.style.left = `${left}px`;
  menu.style.top = `${top}px`;
  items[0].focus();
  menu.addEventListener('keydown', (e) => {
    const at = items.indexOf(document.activeElement);
    let next = null;
    if (e.key === 'ArrowDown') next = items[(at + 1) % items.length];
    else if (e.key === 'ArrowUp') next = items[(at - 1 + items.length) % items.length];
    else if (e.key === 'Home') next = items[0];
    else if (e.key === 'End') next = items[items.length - 1];
    else if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      e.stopPropagation();
      closeMenu();
      return;
    } else if (e.key.length === 1 && /\S/.test(e.key)) {
      // Type-ahead: the next item starting with the letter.
      const k = e.key.toLowerCase();
      next = [...items.slice(at + 1), ...items.slice(0, at + 1)].find((b) => b.textContent.trim().toLowerCase().startsWith(k));
    }
    if (next) { e.preventDefault(); e.stopPropagation(); next.focus(); }
  });
}

/**
 * Offers a menu on `root`: `build(target)` gives the entries for what was
 * right-clicked (or is focused, from the keyboard), or null for none (the
 * page's own menu is then left alone).
 * @param {HTMLElement} root
 * @param {(target: Element, event: Event) => {entries: Entry[], label?: string, anchor?: Element} | null} build
 * @param {{current?: () => Element | null}} [opts] what the keyboard's menu is for when nothing in `root` is
 *   focused or selected
 */
export function offerMenu(root, build, { current = () => null } = {}) {
  root.addEventListener('contextmenu', (e) => {
    if (Date.now() - keyedAt < 400) { e.preventDefault(); return; }
    const target = e.target instanceof Element ? e.target : null;
    const got = target && build(target, e);
    if (!got) return;
    e.preventDefault();
    let { clientX: x, clientY: y } = e;
    // The Menu key sends a contextmenu event without a pointer position.
    if (!x && !y) ({ x, y } = below(got.anchor || target));
    // The focus goes back to what was right-clicked, when it can take it.
    const from = got.anchor?.matches('[tabindex], button, a[href], input, select, textarea') ? got.anchor : document.activeElement;
    openMenu(got.entries, { x, y, label: got.label, from });
  });
  menus.push({ root, build, current });
}

/**
 * Where the keyboard's menu is: the focused element, else the selection,
 * else what the root says is current (the highlight gone to with n / p).
 */
function keyboardTarget(root, current) {
  const f = document.activeElement;
  if (f instanceof Element && f !== document.body && root.contains(f)) return f;
  const sel = window.getSelection();
  const node = sel && !sel.isCollapsed ? sel.focusNode : null;
  const el = node instanceof Element ? node : node?.parentElement;
  if (el && root.contains(el)) return el;
  return current();
}

const menus = [];
document.addEventListener('keydown', (e) => {
  if (!(e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) || menu) return;
  for (const { root, build, current } of menus) {
    const target = keyboardTarget(root, current);
    const got = target && build(target, e);
    if (!got) continue;
    e.preventDefault();
    e.stopPropagation();
    keyedAt = Date.now();
    openMenu(got.entries, { ...below(got.anchor || target), label: got.label, from: document.activeElement });
    return;
  }
});

function below(el) {
  const r = el.getBoundingClientRect();
  return { x: r.left + Math.min(24, r.width / 2), y: Math.min(r.bottom, window.innerHeight - 8) };
}

// A click elsewhere, a resize or leaving the window closes it. (A scroll
// does not: the one that brought the item into view may arrive after.)
document.addEventListener('pointerdown', (e) => {
  if (menu && !(e.target instanceof Node && menu.contains(e.target))) closeMenu({ refocus: false });
}, true);
window.addEventListener('resize', () => closeMenu({ refocus: false }));
window.addEventListener('blur', () => closeMenu({ refocus: false }));
