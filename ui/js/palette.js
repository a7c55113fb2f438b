// Highlight palette: loads list_colors and exposes each colour as CSS custom
// properties on :root (--hl-<name>, and --hl-<name>-bg-<theme> for the
// background of a highlight in each theme), used by .hl-<name>.
import * as api from './api.js';
import { state, emit } from './state.js';

export const DEFAULT_NAMES = ['yellow', 'green', 'blue', 'pink', 'purple'];

/**
 * How light a highlight's background is in each theme, as WCAG relative
 * luminance: dark enough to stand 3:1 against the page of the light and
 * sepia themes, light enough to stand 3:1 against the dark one, and to
 * keep the near-black text of a highlight (#111) at 4.5:1 or more in all.
 */
const MARK_LUMINANCE = { light: 0.265, sepia: 0.24, dark: 0.36 };
const SCHEMES = Object.keys(MARK_LUMINANCE);

function rgbOf(hex) {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex || '');
  const n = parseInt(m ? m[1] : 'f5d547', 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** WCAG 2 relative luminance of [r, g, b] (0–255). */
function luminance(rgb) {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function hsl([r, g, b]) {
  const [x, y, z] = [r / 255, g / 255, b / 255];
  const max = Math.max(x, y, z);
  const min = Math.min(x, y, z);
  const l = (max + min) / 2;
  if (max === min) return [0, 0, l];
  const d = max - min;
  const s = l > 0.5 ? d / (2 - max - min) : d / (max + min);
  const hue = max === x ? (y - z) / d + (y < z ? 6 : 0) : max === y ? (z - x) / d + 2 : (x - y) / d + 4;
  return [hue / 6, s, l];
}

function rgbFromHsl([hue, s, l]) {
  const k = (n) => (n + hue * 12) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n) => l - a * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1));
  return [f(0), f(8), f(4)].map((c) => Math.round(c * 255));
}

/** `hex`'s hue and saturation at the lightness whose luminance is `target`. */
function markBackground(hex, target) {
  const [hue, s] = hsl(rgbOf(hex));
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 24; i++) {
    const mid = (lo + hi) / 2;
    if (luminance(rgbFromHsl([hue, s, mid])) < target) lo = mid; else hi = mid;
  }
  const [r, g, b] = rgbFromHsl([hue, s, (lo + hi) / 2]);
  return `rgb(${r}, ${g}, ${b})`;
}

export function applyPalette(palette) {
  const root = document.documentElement.style;
  for (const c of palette) {
    root.setProperty(`--hl-${c.name}`, c.hex);
    for (const scheme of SCHEMES) root.setProperty(`--hl-${c.name}-bg-${scheme}`, markBackground(c.hex, MARK_LUMINANCE[scheme]));
  }
}

/** For a colour outside the five built-in classes, set --hl directly (CSSOM). */
export function paintCustom(el, name) {
  if (DEFAULT_NAMES.includes(name)) return;
  const c = state.palette.find((p) => p.name === name);
  if (!c) return;
  const scheme = document.documentElement.dataset.scheme;
  el.style.setProperty('--hl', c.hex);
  el.style.setProperty('--hl-bg', markBackground(c.hex, MARK_LUMINANCE[scheme] || MARK_LUMINANCE.light));
}

export async function loadPalette() {
  const colors = await api.listColors();
  state.palette = Array.isArray(colors) ? colors : [];
  applyPalette(state.palette);
  emit('palette', state.palette);
  return state.palette;
}

export function replaceColor(color) {
  const i = state.palette.findIndex((c) => c.name === color.name);
  if (i >= 0) state.palette[i] = color; else state.palette.push(color);
  applyPalette(state.palette);
  emit('palette', state.palette);
}
