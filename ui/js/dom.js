// Tiny DOM builder. Text only ever goes in via text nodes; there is no
// innerHTML here. `html` for sanitised note_html is a separate, explicit call.
import { parseSnippet } from './snippet.js';
import { openLink } from './api.js';
import { showError } from './toast.js';

/**
 * h('button', {class: 'x', type: 'button', onclick: fn, dataset: {id}}, 'Label', child)
 * Keys starting with "on" become listeners; `class`, `dataset`, `hidden`,
 * `value`, `checked`, `disabled` are properties; everything else an attribute.
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  if (props) {
    for (const [k, v] of Object.entries(props)) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'class') el.className = v;
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k === 'value' || k === 'checked' || k === 'disabled' || k === 'hidden' || k === 'selected') el[k] = v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** Fills `el` with text and <mark> elements from a search snippet. */
export function snippetInto(el, snippet) {
  for (const part of parseSnippet(snippet)) {
    el.append(part.mark ? h('mark', null, part.text) : document.createTextNode(part.text));
  }
  return el;
}

/** note_html is sanitised by the Rust side (ammonia): the only innerHTML use. */
export function noteHtml(html, cls = 'note-html') {
  const div = h('div', { class: cls });
  div.innerHTML = html || '';
  // Links never navigate the app's webview: they show their target, and a
  // click opens it in the system's browser or mail program (open_link takes
  // http, https and mailto only and says so for anything else).
  for (const a of div.querySelectorAll('a[href]')) a.title = a.getAttribute('href');
  div.addEventListener('click', (e) => {
    const a = e.target instanceof Element ? e.target.closest('a') : null;
    if (!a) return;
    e.preventDefault();
    e.stopPropagation(); // (a click on a note in a list also opens its passage)
    const href = a.getAttribute('href');
    if (href) openLink(href).catch(showError);
  });
  return div;
}

export function dateOnly(stamp) {
  return stamp ? String(stamp).slice(0, 10) : '';
}

export function parseTags(s) {
  const seen = new Set();
  return String(s || '').split(',').map((t) => t.trim()).filter((t) => t && !seen.has(t) && seen.add(t));
}

export function isTypingTarget(t) {
  if (!t || !(t instanceof Element)) return false;
  if (t.isContentEditable) return true;
  const tag = t.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (t.getAttribute('type') || 'text').toLowerCase();
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color'].includes(type);
  }
  return false;
}

export function debounce(fn, ms) {
  let t = 0;
  return (...args) => { clearTimeout(t); t = setTimeout(() => fn(...args), ms); };
}
