import test from 'node:test';
import assert from 'node:assert/strict';
import {
  cpCursor, utf16Cursor, cpLength, cpToUtf16Index, utf16ToCp, cpSlice, paragraphs, segments, runsWithin, snapToWords,
} from '../js/offsets.js';

// Reference implementation: Array.from iterates code points.
const ref = (s) => Array.from(s);

const samples = {
  ascii: 'Hello, world',
  emoji: 'a😀b',
  zwj: 'family 👨‍👩‍👧‍👦 here',
  skin: 'wave 👋🏽 ok 👍🏿!',
  flags: '🇦🇲🇺🇸',
  combining: 'cafe\u0301 ne\u0301e',
  arabic: 'مرحبا بالعالم',
  hebrew: 'שלום עולם',
  cjk: '漢字かなカナ한국어 𠀋𡈽',
  devanagari: 'नमस्ते दुनिया',
  mixed: 'x👨‍👩‍👧\u0301ע漢😀\n\ny',
  empty: '',
};

test('cpLength matches Array.from length', () => {
  for (const [name, s] of Object.entries(samples)) {
    assert.equal(cpLength(s), ref(s).length, name);
  }
  assert.equal(cpLength('😀'), 1);
  assert.equal(cpLength('👨‍👩‍👧‍👦'), 7); // 4 people + 3 ZWJ
  assert.equal(cpLength('👋🏽'), 2); // base + skin-tone modifier
  assert.equal(cpLength('e\u0301'), 2); // combining mark is its own code point
});

test('cpToUtf16Index / utf16ToCp round-trip at every code point', () => {
  for (const [name, s] of Object.entries(samples)) {
    const cps = ref(s);
    let u = 0;
    for (let cp = 0; cp <= cps.length; cp++) {
      assert.equal(cpToUtf16Index(s, cp), u, `${name} cp ${cp}`);
      assert.equal(utf16ToCp(s, u), cp, `${name} u ${u}`);
      if (cp < cps.length) u += cps[cp].length;
    }
  }
});

test('conversions clamp and round down inside surrogate pairs', () => {
  const s = 'a😀b';
  assert.equal(cpToUtf16Index(s, -3), 0);
  assert.equal(cpToUtf16Index(s, 99), s.length);
  assert.equal(utf16ToCp(s, 99), 3);
  assert.equal(utf16ToCp(s, -1), 0);
  assert.equal(utf16ToCp(s, 2), 1); // between the halves of 😀
  assert.equal(utf16ToCp(s, 3), 2);
});

test('cpSlice cuts by code points', () => {
  assert.equal(cpSlice('a😀b👋🏽c', 1, 2), '😀');
  assert.equal(cpSlice('a😀b👋🏽c', 3, 5), '👋🏽');
  assert.equal(cpSlice('cafe\u0301', 3, 5), 'e\u0301');
  assert.equal(cpSlice('नमस्ते', 2), 'स्ते');
  assert.equal(cpSlice('שלום', 1, 3), 'לו');
  assert.equal(cpSlice('abc', 2, 1), '');
});

test('paragraphs: absolute code-point starts skip the "\\n\\n" separators', () => {
  const text = 'a😀\nb\n\nשלום\n\n\n\n漢';
  const ps = paragraphs(text);
  assert.deepEqual(ps.map((p) => [p.text, p.start, p.length]), [
    ['a😀\nb', 0, 4],
    ['שלום', 6, 4],
    ['', 12, 0],
    ['漢', 14, 1],
  ]);
  for (const p of ps) assert.equal(ref(text).slice(p.start, p.start + p.length).join(''), p.text);
});

test('segments: no highlights gives one uncovered run', () => {
  assert.deepEqual(segments(10, []), [{ start: 0, end: 10, ids: [] }]);
  assert.deepEqual(segments(0, [{ id: 'a', start: 0, end: 0 }]), []);
});

test('segments: overlapping and nested highlights', () => {
  const runs = segments(20, [
    { id: 'b', start: 5, end: 15 },
    { id: 'a', start: 2, end: 8 },
    { id: 'c', start: 10, end: 12 },
    { id: 'd', start: 15, end: 18 },
  ]);
  assert.deepEqual(runs, [
    { start: 0, end: 2, ids: [] },
    { start: 2, end: 5, ids: ['a'] },
    { start: 5, end: 8, ids: ['a', 'b'] },
    { start: 8, end: 10, ids: ['b'] },
    { start: 10, end: 12, ids: ['b', 'c'] },
    { start: 12, end: 15, ids: ['b'] },
    { start: 15, end: 18, ids: ['d'] },
    { start: 18, end: 20, ids: [] },
  ]);
});

test('segments: identical ranges, clamping, and invalid highlights', () => {
  const runs = segments(6, [
    { id: 'x', start: 1, end: 4 },
    { id: 'y', start: 1, end: 4 },
    { id: 'orphan', start: null, end: null },
    { id: 'empty', start: 3, end: 3 },
    { id: 'over', start: 4, end: 99 },
    { id: 'neg', start: -5, end: 1 },
  ]);
  assert.deepEqual(runs, [
    { start: 0, end: 1, ids: ['neg'] },
    { start: 1, end: 4, ids: ['x', 'y'] },
    { start: 4, end: 6, ids: ['over'] },
  ]);
});

test('segments cover the whole text contiguously', () => {
  const hs = [];
  let seed = 7;
  const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  for (let i = 0; i < 40; i++) { const s = rnd(100); hs.push({ id: `h${i}`, start: s, end: s + rnd(30) }); }
  const runs = segments(100, hs);
  assert.equal(runs[0].start, 0);
  assert.equal(runs[runs.length - 1].end, 100);
  for (let i = 1; i < runs.length; i++) assert.equal(runs[i].start, runs[i - 1].end);
  for (const r of runs) {
    const expected = hs.filter((h) => h.start <= r.start && Math.min(h.end, 100) >= r.end && h.end > h.start)
      .map((h) => h.id).sort();
    assert.deepEqual([...r.ids].sort(), expected);
  }
});

test('runsWithin clips runs to a paragraph and makes them relative', () => {
  const runs = segments(20, [{ id: 'a', start: 3, end: 12 }]);
  assert.deepEqual(runsWithin(runs, 10, 15), [
    { start: 0, end: 2, ids: ['a'] },
    { start: 2, end: 5, ids: [] },
  ]);
  assert.deepEqual(runsWithin(runs, 0, 3), [{ start: 0, end: 3, ids: [] }]);
  assert.deepEqual(runsWithin(runs, 5, 5), []);
});

test('text without surrogates maps code points to UTF-16 units one to one (fast path)', () => {
  const s = 'Ärger über “Zitate” — ok';
  assert.equal(cpLength(s), [...s].length);
  for (let i = -2; i <= s.length + 2; i++) {
    const c = Math.max(0, Math.min(i, s.length));
    assert.equal(cpToUtf16Index(s, i), c, `cpToUtf16Index ${i}`);
    assert.equal(utf16ToCp(s, i), c, `utf16ToCp ${i}`);
  }
  // The same string with one astral character takes the slow path and shifts by one unit after it.
  const t = `😀${s}`;
  assert.equal(cpToUtf16Index(t, 1), 2);
  assert.equal(utf16ToCp(t, 2), 1);
  assert.equal(cpLength(t), cpLength(s) + 1);
});

test('cpCursor gives what cpToUtf16Index gives, asked in any order', () => {
  for (const s of ['plain text only', 'a😀b😀😀c\ud800d', '']) {
    const at = cpCursor(s);
    const n = cpLength(s) + 2;
    const asked = [...Array(n).keys(), ...[...Array(n).keys()].reverse(), 3, 1, 4, 1, 5];
    for (const cp of asked) assert.equal(at(cp), cpToUtf16Index(s, cp), `${JSON.stringify(s)} at ${cp}`);
  }
});

test('utf16Cursor gives what utf16ToCp gives at every character boundary, in any order', () => {
  for (const s of ['plain text only', 'a😀b😀😀c\ud800d', '']) {
    const at = utf16Cursor(s);
    const bounds = [0];
    for (const ch of s) bounds.push(bounds[bounds.length - 1] + ch.length);
    const asked = [...bounds, ...[...bounds].reverse(), bounds[3] ?? 0, bounds[1] ?? 0, s.length + 5];
    for (const i of asked) assert.equal(at(i), utf16ToCp(s, Math.min(i, s.length)), `${JSON.stringify(s)} at ${i}`);
  }
});

test('snapToWords widens a selection to whole words and no further', () => {
  const text = 'The agreement was signed, 😀 emoji-side by Ararat Mirzoyan.';
  const cut = (r) => Array.from(text).slice(r.start, r.end).join('');
  const cp = (s) => Array.from(text.slice(0, text.indexOf(s))).length;
  // "e agreeme" -> "The agreement"
  assert.equal(cut(snapToWords(text, cp('e agree'), cp('nt was'))), 'The agreement');
  // Already whole words (and the space after): unchanged.
  assert.deepEqual(snapToWords(text, cp('agreement'), cp(' was')), { start: cp('agreement'), end: cp(' was') });
  assert.deepEqual(snapToWords(text, cp('was'), cp('was') + 4), { start: cp('was'), end: cp('was') + 4 });
  // After an astral character the offsets stay code points.
  assert.equal(cut(snapToWords(text, cp('moji'), cp('ji-'))), 'emoji');
  assert.equal(cut(snapToWords(text, cp('rarat'), cp('at Mir') + 5)), 'Ararat Mirzoyan');
});
