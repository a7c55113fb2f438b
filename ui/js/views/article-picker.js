// The highlights browser's article filter: type part of a title and pick
// from the matches in the whole library (list_articles with `title`), or
// take the article open in the reader. The choice shows as a chip with ×.
import * as api from '../api.js';
import { h, clear, debounce } from '../dom.js';
import { showError } from '../toast.js';

const MATCHES = 12;

/** @param {{changed(): void}} opts */
export function articlePicker({ changed }) {
  let chosen = null; // {id, title}
  let current = null;
  let seq = 0;
  const input = h('input', {
    type: 'search', placeholder: 'Article…', 'aria-label': 'Filter by article: type part of its title',
    autocomplete: 'off', spellcheck: 'false', role: 'combobox', 'aria-expanded': 'false',
    'aria-controls': 'article-picker-list', 'aria-autocomplete': 'list', 'data-testid': 'article-filter',
  });
  const menu = h('ul', { id: 'article-picker-list', class: 'picker-menu', role: 'listbox', 'aria-label': 'Matching articles', hidden: true });
  const chip = h('span', { class: 'picker-chosen' });
  const element = h('span', { class: 'article-picker' }, input, chip, menu);

  const close = () => { menu.hidden = true; input.setAttribute('aria-expanded', 'false'); input.removeAttribute('aria-activedescendant'); };
  const choose = (a) => {
    chosen = a;
    input.value = '';
    input.hidden = !!a;
    close();
    clear(chip);
    if (a) {
      chip.append(h('span', { class: 'chip', title: a.title }, a.title || 'Untitled',
        h('button', {
          type: 'button', class: 'chip-x', 'aria-label': 'Any article', title: 'Any article',
          onclick: () => { choose(null); input.focus(); },
        }, '×')));
    }
    changed();
  };
  const option = (a, i, label = a.title || 'Untitled') => h('li', {
    role: 'option', id: `article-pick-${i}`, class: 'picker-option', 'aria-selected': 'false',
    onmousedown: (e) => { e.preventDefault(); choose({ id: a.id, title: a.title }); },
  }, label);

  const search = debounce(async () => {
    const text = input.value.trim();
    const my = ++seq;
    if (!text) {
      clear(menu);
      if (current) { menu.append(option(current, 0, `Open now: ${current.title || 'Untitled'}`)); menu.hidden = false; } else close();
      return;
    }
    let page;
    try {
      page = await api.listArticles({ title: text, sort: 'title', limit: MATCHES });
    } catch (e) { showError(e); return; }
    if (my !== seq) return;
    clear(menu);
    const items = page.items || [];
    menu.append(...(items.length ? items.map((a, i) => option(a, i)) : [h('li', { class: 'muted small' }, 'No article has that in its title')]));
    if (page.total > items.length) menu.append(h('li', { class: 'muted small' }, `and ${page.total - items.length} more: type more of the title`));
    menu.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  }, 150);

  input.addEventListener('input', search);
  input.addEventListener('focus', search);
  input.addEventListener('blur', () => setTimeout(close, 100));
  input.addEventListener('keydown', (e) => {
    const opts = [...menu.querySelectorAll('[role="option"]')];
    if (e.key === 'Escape' && !menu.hidden) { e.preventDefault(); e.stopPropagation(); close(); return; }
    if (!opts.length || (e.key !== 'ArrowDown' && e.key !== 'ArrowUp' && e.key !== 'Enter')) return;
    e.preventDefault();
    const at = opts.findIndex((o) => o.getAttribute('aria-selected') === 'true');
    if (e.key === 'Enter') { (opts[at] || opts[0]).dispatchEvent(new MouseEvent('mousedown')); return; }
    const next = opts[(at + (e.key === 'ArrowDown' ? 1 : opts.length - 1)) % opts.length];
    for (const o of opts) o.setAttribute('aria-selected', String(o === next));
    input.setAttribute('aria-activedescendant', next.id);
  });

  return {
    element,
    value: () => (chosen ? chosen.id : null),
    /** The article open in the reader, offered first when the field is empty. */
    offerCurrent: (a) => { current = a ? { id: a.id, title: a.title } : null; },
  };
}
