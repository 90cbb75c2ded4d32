// Search of the documents' words (GET /api/sessions/<s>/search, GET /api/search for the council's archive):
// ranked pages, each opening the reader at its page (#/read/<doc>?page=N; on a tablet the live screen keeps
// it inside: tablet.js). A snippet's hits come between the server's sentinels U+0002 and U+0003; they are
// marked here and every other character is text — the server sends no markup. A confidential document's hit
// is its page only.
import '../styles/search.css';
import { get } from '../api.js';
import { h, mount } from '../dom.js';
import { t, tf } from '../i18n.js';
import { showError } from '../notify.js';

const START = '\u0002';
const END = '\u0003';

/** The snippet as nodes: text, and each hit in a <mark>. */
export function snippetNodes(snippet) {
  const [first, ...rest] = snippet.split(START);
  return [first, ...rest.map((part) => {
    const at = part.indexOf(END);
    return at < 0 ? [h('mark', {}, part)] : [h('mark', {}, part.slice(0, at)), part.slice(at + 1).replaceAll(END, '')];
  })].flat().filter((n) => n !== '');
}

/** The search box and its results; `sessionId`: the session's documents, with a switch to the council's
 * archive (every session the user may see). One element, kept by its screen across redraws. */
let boxes = 0; // ids for the labels: a screen may hold more than one box

export function searchBox(sessionId) {
  const input = h('input', { type: 'search', name: 'q', class: 'search-q', minlength: 2, maxlength: 200, required: true,
    placeholder: t('search_documents'), 'aria-label': t('search_documents'), 'data-testid': 'search-q', enterkeyhint: 'search' });
  const scope = h('select', { class: 'search-scope', 'aria-label': t('search_scope'), 'data-testid': 'search-scope' },
    h('option', { value: 'session' }, t('search_this_session')), h('option', { value: 'archive' }, t('search_archive')));
  const results = h('div', { class: 'search-results', 'aria-live': 'polite', 'data-testid': 'search-results' });
  let titles = null; // session id -> title, for the archive's hits
  let asked = 0;
  const run = async (e) => {
    e.preventDefault();
    const q = input.value.trim();
    if (q.length < 2) return;
    const mine = ++asked;
    const archive = scope.value === 'archive';
    try {
      const url = archive ? `/api/search?q=${encodeURIComponent(q)}`
        : `/api/sessions/${sessionId}/search?q=${encodeURIComponent(q)}`;
      const { hits } = await get(url);
      if (archive && !titles) titles = new Map((await get('/api/sessions')).sessions.map((s) => [s.id, s.title]));
      if (mine === asked) show(hits, archive);
    } catch (err) { showError(err); }
  };
  const show = (hits, archive) => mount(results,
    h('p', { class: 'meta', 'data-testid': 'search-count' }, hits.length ? tf('search_n_hits', { n: hits.length }) : t('no_results')),
    h('ol', { class: 'search-hits' }, hits.map((hit) => h('li', { class: 'search-hit', 'data-testid': 'search-hit' },
      h('a', { href: `#/read/${hit.document_id}?page=${hit.page}`, 'data-testid': 'search-hit-link' },
        h('span', { class: 'search-doc' }, hit.title), ' ', h('span', { class: 'search-page' }, `${t('page')} ${hit.page}`)),
      archive && hit.session_id !== sessionId ? h('div', { class: 'meta' }, titles?.get(hit.session_id) || '') : null,
      hit.snippet != null ? h('p', { class: 'search-snippet' }, snippetNodes(hit.snippet))
        : h('p', { class: 'hint small search-confidential' }, t('search_confidential'))))));
  input.id = `search-q-${++boxes}`;
  scope.id = `search-scope-${boxes}`;
  return h('form', { class: 'doc-search', role: 'search', 'data-testid': 'doc-search', onsubmit: run },
    h('div', { class: 'search-row' },
      h('label', { for: input.id, class: 'sr-only' }, t('search_documents')), input,
      sessionId ? [h('label', { for: scope.id, class: 'sr-only' }, t('search_scope')), scope] : null,
      h('button', { type: 'submit', class: 'primary' }, t('search'))),
    results);
}
