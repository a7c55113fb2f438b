import test from 'node:test';
import assert from 'node:assert/strict';
import { parseSnippet, unescapeHtml } from '../js/snippet.js';

test('plain text without marks', () => {
  assert.deepEqual(parseSnippet('just text'), [{ text: 'just text', mark: false }]);
  assert.deepEqual(parseSnippet(''), []);
  assert.deepEqual(parseSnippet(null), []);
});

test('marks split the text', () => {
  assert.deepEqual(parseSnippet('the <mark>quick</mark> fox'), [
    { text: 'the ', mark: false },
    { text: 'quick', mark: true },
    { text: ' fox', mark: false },
  ]);
  assert.deepEqual(parseSnippet('<mark>a</mark>'), [{ text: 'a', mark: true }]);
});

test('the five entities are unescaped, once', () => {
  assert.equal(unescapeHtml('&amp;&lt;&gt;&quot;&#39;'), '&<>"\'');
  assert.equal(unescapeHtml('&amp;lt;'), '&lt;');
  assert.equal(unescapeHtml('&nbsp; &#60; &copy;'), '&nbsp; &#60; &copy;');
  assert.deepEqual(parseSnippet('Tom &amp; <mark>Jerry&#39;s</mark> &lt;b&gt;x&lt;/b&gt; &quot;q&quot;'), [
    { text: 'Tom & ', mark: false },
    { text: "Jerry's", mark: true },
    { text: ' <b>x</b> "q"', mark: false },
  ]);
});

test('escaped mark tags in the text stay literal text', () => {
  assert.deepEqual(parseSnippet('&lt;mark&gt;no&lt;/mark&gt; <mark>yes</mark>'), [
    { text: '<mark>no</mark> ', mark: false },
    { text: 'yes', mark: true },
  ]);
});

test('adjacent marks merge; empty marks vanish', () => {
  assert.deepEqual(parseSnippet('<mark>foo</mark><mark>bar</mark> baz<mark></mark>'), [
    { text: 'foobar', mark: true },
    { text: ' baz', mark: false },
  ]);
});

test('unicode and unbalanced marks', () => {
  assert.deepEqual(parseSnippet('…<mark>שלום</mark> 😀 <mark>漢字'), [
    { text: '…', mark: false },
    { text: 'שלום', mark: true },
    { text: ' 😀 ', mark: false },
    { text: '漢字', mark: true },
  ]);
  assert.deepEqual(parseSnippet('a</mark>b'), [{ text: 'ab', mark: false }]);
});
