// Highlight palette: loads list_colors and exposes each colour as CSS custom
// properties on :root (--hl-<name> and --hl-<name>-bg), used by .hl-<name>.
import * as api from './api.js';
import { state, emit } from './state.js';

export const DEFAULT_NAMES = ['yellow', 'green', 'blue', 'pink', 'purple'];

export function hexToRgba(hex, alpha) {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex || '');
  if (!m) return `rgba(245, 213, 71, ${alpha})`;
  const n = parseInt(m[1], 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

export function applyPalette(palette) {
  const root = document.documentElement.style;
  for (const c of palette) {
    root.setProperty(`--hl-${c.name}`, c.hex);
    root.setProperty(`--hl-${c.name}-bg`, hexToRgba(c.hex, 0.38));
    root.setProperty(`--hl-${c.name}-bg-dark`, hexToRgba(c.hex, 0.3));
  }
}

/** For a colour outside the five built-in classes, set --hl directly (CSSOM). */
export function paintCustom(el, name) {
  if (DEFAULT_NAMES.includes(name)) return;
  const c = state.palette.find((p) => p.name === name);
  if (!c) return;
  el.style.setProperty('--hl', c.hex);
  el.style.setProperty('--hl-bg', hexToRgba(c.hex, 0.38));
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
