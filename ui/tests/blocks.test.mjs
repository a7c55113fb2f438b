import test from 'node:test';
import assert from 'node:assert/strict';
import { blocksOf, pieces, itemMarker, headingsOf, targetOffset, kindOf, pagesOf } from '../js/blocks.js';

test('plain text without structure is one paragraph per blank line', () => {
  const b = blocksOf('one\n\ntwo', null);
  assert.deepEqual(b.map((x) => [x.text, x.start, x.length, x.kind.name]), [['one', 0, 3, 'paragraph'], ['two', 5, 3, 'paragraph']]);
});

test('blocks take their text by code points and their spans relative to them', () => {
  // "😀" is one code point and two UTF-16 units.
  const text = 'Title 😀\n\nSee the site now';
  const structure = {
    blocks: [
      { start: 0, end: 7, kind: { heading: { level: 2 } }, quote: 0 },
      { start: 9, end: 25, kind: 'paragraph', quote: 1 },
    ],
    spans: [{ start: 13, end: 21, kind: { link: { href: 'https://example.org' } } }, { start: 17, end: 21, kind: 'strong' }],
    targets: [{ id: 'title-😀', offset: 0 }],
  };
  const b = blocksOf(text, structure);
  assert.equal(b[0].text, 'Title 😀');
  assert.deepEqual(b[0].kind, { name: 'heading', level: 2 });
  assert.equal(b[1].text, 'See the site now');
  assert.equal(b[1].quote, 1);
  assert.deepEqual(b[1].spans.map((s) => [s.start, s.end, s.kind.name]), [[4, 12, 'link'], [8, 12, 'strong']]);
  assert.deepEqual(headingsOf(b), [{ level: 2, text: 'Title 😀', start: 0 }]);
  assert.equal(targetOffset(structure, '#title-%F0%9F%98%80'), 0);
  assert.equal(targetOffset(structure, '#nowhere'), null);
  assert.equal(targetOffset(structure, 'https://example.org'), null);
});

test('pieces cut at highlight and span boundaries and nest spans outermost first', () => {
  const spans = [{ start: 2, end: 8, kind: kindOf('emphasis') }, { start: 4, end: 6, kind: kindOf('strong') }];
  const runs = [{ start: 0, end: 5, ids: [] }, { start: 5, end: 10, ids: ['h'] }];
  const p = pieces(10, runs, spans);
  assert.deepEqual(p.map((x) => [x.start, x.end, x.ids.join(), x.spans.join()]), [
    [0, 2, '', ''], [2, 4, '', '0'], [4, 5, '', '0,1'], [5, 6, 'h', '0,1'], [6, 8, 'h', '0'], [8, 10, 'h', ''],
  ]);
});

test('list markers: numbers, bullets by depth, none on a continuation', () => {
  assert.equal(itemMarker({ name: 'item', depth: 1, ordered: true, number: 3, marker: true }), '3.');
  assert.equal(itemMarker({ name: 'item', depth: 1, ordered: false, marker: true }), '•');
  assert.equal(itemMarker({ name: 'item', depth: 2, ordered: false, marker: true }), '◦');
  assert.equal(itemMarker({ name: 'item', depth: 1, ordered: false, marker: false }), '');
});

test('many blocks over text with astral characters each get their own text', () => {
  const parts = [];
  for (let i = 0; i < 500; i++) parts.push(i % 7 === 0 ? `Part ${i} 😀 end` : `Part ${i}`);
  const text = parts.join('\n\n');
  const blocks = [];
  let cp = 0;
  for (const p of parts) {
    const len = Array.from(p).length;
    blocks.push({ start: cp, end: cp + len, kind: 'paragraph', quote: 0 });
    cp += len + 2;
  }
  const b = blocksOf(text, { blocks, spans: [], targets: [] });
  assert.deepEqual(b.map((x) => x.text), parts);
  assert.deepEqual(b.map((x) => x.start), blocks.map((x) => x.start));
});

test('pagesOf tells the page of an offset from page-N targets, page 1 before them', () => {
  assert.equal(pagesOf({ targets: [{ id: 'note-1', offset: 3 }] }), null);
  assert.equal(pagesOf(null), null);
  // Page 3 has no text: it starts where page 4 does.
  const at = pagesOf({ targets: [{ id: 'page-2', offset: 100 }, { id: 'page-3', offset: 250 }, { id: 'page-4', offset: 250 }] });
  assert.deepEqual([0, 99, 100, 249, 250, 9999].map(at), [1, 1, 2, 2, 4, 4]);
});
