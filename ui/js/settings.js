// The reading settings: text size (also Ctrl/⌘ + = − 0), line width, line
// spacing, serif or sans, theme (system, light, dark, sepia) and focus mode.
// Kept in the library (reader_settings), applied at once, saved a moment
// after the last change and when the window closes.
import * as api from './api.js';
import { once } from './menu.js';
import { h, clear } from './dom.js';
import { guard } from './toast.js';

const DEFAULTS = Object.freeze({
  font_size: 18, line_width: 68, line_spacing: 170, typeface: 'serif', theme: 'system', focus: false,
});
const LIMITS = { font_size: [12, 32], line_width: [40, 100], line_spacing: [120, 240] };
const SAVE_AFTER_MS = 400;

const root = document.documentElement;
const darkQuery = window.matchMedia?.('(prefers-color-scheme: dark)');
let current = { ...DEFAULTS };
let panel;
let button;
let timer = null;
let unsaved = false;

/** Light, dark or sepia: the theme, with "system" resolved. */
function scheme(theme) {
  if (theme === 'system') return darkQuery?.matches ? 'dark' : 'light';
  return theme;
}

function apply(s) {
  root.style.setProperty('--read-size', `${s.font_size}px`);
  root.style.setProperty('--read-width', String(s.line_width));
  root.style.setProperty('--read-leading', String(s.line_spacing / 100));
  root.dataset.typeface = s.typeface;
  root.dataset.theme = s.theme;
  root.dataset.scheme = scheme(s.theme);
  document.body.classList.toggle('focus', !!s.focus);
  for (const b of document.querySelectorAll('.exit-focus')) b.hidden = !s.focus;
}

// Before anything is drawn: the system's light or dark.
apply(current);
darkQuery?.addEventListener?.('change', () => { root.dataset.scheme = scheme(current.theme); });

/** Changes some settings, applies them now and saves them shortly. */
export function change(patch) {
  const next = { ...current, ...patch };
  for (const [k, [lo, hi]] of Object.entries(LIMITS)) next[k] = Math.min(hi, Math.max(lo, Math.round(next[k])));
  current = next;
  apply(current);
  if (panel && !panel.hidden) sync();
  unsaved = true;
  clearTimeout(timer);
  timer = setTimeout(flushSettings, SAVE_AFTER_MS);
}

export function flushSettings() {
  clearTimeout(timer);
  if (!unsaved) return Promise.resolve();
  unsaved = false;
  return guard(() => api.setReaderSettings(current));
}

export const toggleFocus = () => change({ focus: !current.focus });

/** Text size one step up (1), down (-1), or back to the default (0). */
export function resize(step) {
  change({ font_size: step === 0 ? DEFAULTS.font_size : current.font_size + step });
}

/** Ctrl/⌘ + = (or +), −, 0: text size up, down, back to the default. */
function sizeKey(e) {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return false;
  const step = { '=': 1, '+': 1, '-': -1, '_': -1, 0: 0 }[e.key];
  if (step === undefined) return false;
  once({ 1: 'zoom-in', '-1': 'zoom-out', 0: 'zoom-reset' }[step], () => resize(step));
  return true;
}

export async function initSettings({ toggle }) {
  button = toggle;
  panel = document.getElementById('settings-panel');
  button.addEventListener('click', () => (panel.hidden ? openPanel() : closePanel()));
  document.addEventListener('keydown', (e) => {
    if (!e.defaultPrevented && !document.querySelector('dialog[open]') && sizeKey(e)) e.preventDefault();
  });
  document.addEventListener('mousedown', (e) => {
    if (!panel.hidden && e.target instanceof Node && !panel.contains(e.target) && !button.contains(e.target)) closePanel();
  });
  for (const b of document.querySelectorAll('.exit-focus')) b.addEventListener('click', () => change({ focus: false }));
  const stored = await guard(() => api.readerSettings());
  if (stored) { current = { ...DEFAULTS, ...stored }; apply(current); }
}

function openPanel() {
  draw();
  panel.hidden = false;
  button.setAttribute('aria-expanded', 'true');
  panel.querySelector('button, input')?.focus();
}

/** Closes the panel; true when it was open (Esc). */
export function closePanel() {
  if (!panel || panel.hidden) return false;
  panel.hidden = true;
  button.setAttribute('aria-expanded', 'false');
  flushSettings();
  return true;
}

function segmented(label, key, options) {
  return h('div', { class: 'setting' }, h('span', null, label),
    h('div', { class: 'segmented', role: 'group', 'aria-label': label }, options.map(([value, text]) => h('button', {
      type: 'button', 'aria-pressed': String(current[key] === value), dataset: { setting: key, value },
      onclick: () => change({ [key]: value }),
    }, text))));
}

function slider(label, key, step, shown) {
  const [min, max] = LIMITS[key];
  const id = `setting-${key}`;
  const out = h('output', { for: id, dataset: { shows: key } }, shown(current[key]));
  const input = h('input', {
    id, type: 'range', min, max, step, value: current[key], dataset: { setting: key },
    oninput: () => change({ [key]: Number(input.value) }),
  });
  return h('div', { class: 'setting' }, h('label', { for: id }, label), h('span', { class: 'stepper' }, input, out));
}

const SHOWN = {
  font_size: (v) => `${v}px`, line_width: (v) => `${v} ch`, line_spacing: (v) => (v / 100).toFixed(1),
};

/** Brings the open panel's controls up to date (in place: a slider being dragged stays). */
function sync() {
  for (const b of panel.querySelectorAll('button[data-value]')) {
    b.setAttribute('aria-pressed', String(current[b.dataset.setting] === b.dataset.value));
  }
  for (const o of panel.querySelectorAll('output[data-shows]')) o.textContent = SHOWN[o.dataset.shows](current[o.dataset.shows]);
  for (const i of panel.querySelectorAll('input[type="range"]')) {
    if (Number(i.value) !== current[i.dataset.setting]) i.value = String(current[i.dataset.setting]);
  }
  const focus = panel.querySelector('[data-setting="focus"]');
  focus.setAttribute('aria-pressed', String(current.focus));
  focus.textContent = current.focus ? 'On' : 'Off';
}

function draw() {
  clear(panel).append(
    h('h2', null, 'Reading settings'),
    h('div', { class: 'setting' }, h('span', null, 'Text size'), h('span', { class: 'stepper' },
      h('button', { type: 'button', title: 'Smaller (Ctrl −)', dataset: { setting: 'smaller' }, onclick: () => change({ font_size: current.font_size - 1 }) },
        h('span', { 'aria-hidden': 'true' }, 'A−'), h('span', { class: 'visually-hidden' }, 'Smaller text')),
      h('output', { 'data-testid': 'font-size', dataset: { shows: 'font_size' } }, SHOWN.font_size(current.font_size)),
      h('button', { type: 'button', title: 'Larger (Ctrl =)', dataset: { setting: 'larger' }, onclick: () => change({ font_size: current.font_size + 1 }) },
        h('span', { 'aria-hidden': 'true' }, 'A+'), h('span', { class: 'visually-hidden' }, 'Larger text')))),
    slider('Line width', 'line_width', 2, SHOWN.line_width),
    slider('Line spacing', 'line_spacing', 10, SHOWN.line_spacing),
    segmented('Typeface', 'typeface', [['serif', 'Serif'], ['sans', 'Sans']]),
    segmented('Theme', 'theme', [['system', 'System'], ['light', 'Light'], ['dark', 'Dark'], ['sepia', 'Sepia']]),
    h('div', { class: 'setting' }, h('span', null, 'Focus mode'), h('span', null, h('button', {
      type: 'button', 'aria-pressed': String(current.focus), dataset: { setting: 'focus' }, title: 'Hide both side panes (f)',
      onclick: () => change({ focus: !current.focus }),
    }, current.focus ? 'On' : 'Off'))),
    h('div', { class: 'popover-actions' }, h('button', {
      type: 'button', class: 'small subtle', onclick: () => change({ ...DEFAULTS }),
    }, 'Reset')));
}
