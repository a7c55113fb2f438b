// Toasts: transient messages with an optional action button (e.g. Undo).
import { h } from './dom.js';

let region;

function ensureRegion() {
  if (!region) region = document.getElementById('toasts');
  return region;
}

/**
 * @param {string} message
 * @param {{kind?: 'info'|'error', action?: {label: string, fn: Function}, timeout?: number}} [opts]
 */
export function toast(message, opts = {}) {
  const root = ensureRegion();
  if (!root) return;
  // Don't stack identical messages that are already on screen.
  for (const t of root.querySelectorAll('.toast-msg')) {
    if (t.textContent === message && !opts.action) return;
  }
  const el = h('div', { class: `toast ${opts.kind === 'error' ? 'toast-error' : ''}`, role: opts.kind === 'error' ? 'alert' : 'status' },
    h('span', { class: 'toast-msg' }, message));
  const close = () => el.remove();
  if (opts.action) {
    el.append(h('button', {
      type: 'button', class: 'toast-action',
      onclick: async () => { close(); try { await opts.action.fn(); } catch (e) { showError(e); } },
    }, opts.action.label));
  }
  el.append(h('button', { type: 'button', class: 'toast-close icon-btn', 'aria-label': 'Dismiss', onclick: close }, '×'));
  root.append(el);
  // Three at most: the oldest goes first.
  const shown = root.querySelectorAll('.toast');
  for (let i = 0; i < shown.length - 3; i++) shown[i].remove();
  setTimeout(close, opts.timeout ?? (opts.action ? 8000 : opts.kind === 'error' ? 7000 : 4000));
}

/** Shows an invoke error ({code, message}) or any thrown value; never throws. */
export function showError(e) {
  console.error(e);
  const msg = e && typeof e === 'object' && e.message ? e.message : String(e || 'Something went wrong');
  toast(msg, { kind: 'error' });
}

/** Runs an async fn, surfacing errors as toasts. Returns undefined on error. */
export async function guard(fn) {
  try { return await fn(); } catch (e) { showError(e); return undefined; }
}
