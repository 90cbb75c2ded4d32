// "Tài liệu kỳ họp": every document of the session, grouped by agenda item with each sub-item's documents
// under its parent, readable from the session's publication (before khai mạc) and offline (the tablet keeps
// every current version: documents.js SessionDocuments, offline.js).
import '../styles/library.css';
import { get } from '../api.js';
import { actingIn, me } from '../me.js';
import { h, mount } from '../dom.js';
import { t, tf } from '../i18n.js';
import { SessionDocuments, documentList, syncStatus } from './documents.js';
import { searchBox } from './search.js';

/** The items of `agenda` (flat, in order, with parent_id) under `rootId` (the whole agenda when null). */
function childrenOf(agenda, parentId) {
  return agenda.filter((i) => (i.parent_id ?? null) === parentId);
}

function countIn(agenda, docs, item) {
  return docs.forItem(item.id).length + childrenOf(agenda, item.id).reduce((n, c) => n + countIn(agenda, docs, c), 0);
}

function group(agenda, docs, item, level) {
  const n = countIn(agenda, docs, item);
  if (!n) return null;
  const own = docs.forItem(item.id);
  const heading = h(level === 0 ? 'h3' : 'h4', { class: 'lib-head' },
    h('span', { class: 'num' }, item.number), h('span', { class: 'lib-title' }, item.title),
    h('span', { class: 'lib-count' }, tf('n_docs', { n })));
  return h('section', { class: `lib-item lib-depth-${level}`, 'data-testid': 'library-item', 'data-item-id': item.id },
    heading, own.length ? documentList(own, docs) : null,
    childrenOf(agenda, item.id).map((c) => group(agenda, docs, c, level + 1)));
}

/** The library of a session. `docs`: a SessionDocuments; `rootId`: only that item and its sub-items. */
export function libraryTree(agenda, docs, { rootId = null, title = true } = {}) {
  if (rootId != null) {
    const root = agenda.find((i) => i.id === rootId);
    const own = docs.forItem(rootId);
    const subs = root ? childrenOf(agenda, rootId).map((c) => group(agenda, docs, c, 1)).filter(Boolean) : [];
    if (!own.length && !subs.length) return null;
    return h('div', { class: 'library in-item', 'data-testid': 'item-library' },
      own.length ? documentList(own, docs) : null, subs);
  }
  const general = docs.forItem(null);
  const groups = childrenOf(agenda, null).map((i) => group(agenda, docs, i, 0)).filter(Boolean);
  return h('div', { class: 'library', 'data-testid': 'library' },
    title ? h('h2', { class: 'lib-h' }, t('library')) : null,
    !general.length && !groups.length ? h('p', { class: 'hint' }, t('library_empty')) : null,
    general.length ? h('section', { class: 'lib-item lib-depth-0', 'data-testid': 'library-general' },
      h('h3', { class: 'lib-head' }, h('span', { class: 'lib-title' }, t('library_general')),
        h('span', { class: 'lib-count' }, tf('n_docs', { n: general.length }))),
      documentList(general, docs)) : null,
    groups);
}

/** #/docs/<session>: the library as a page of its own (the session page and the sessions list link to it). */
export async function libraryView(main, sessionId) {
  const { session, agenda } = await get(`/api/sessions/${sessionId}`);
  // another council's meeting one is invited to: act there as its live state says (no receipts, no notes)
  if (session.council_id !== me().council.id) actingIn((await get(`/api/sessions/${sessionId}/live`)).me.permissions);
  const render = () => mount(main,
    h('div', { class: 'lib-page-head' },
      h('div', {}, h('h2', {}, t('library')), h('p', { class: 'meta' }, session.title)),
      h('div', { class: 'lib-page-tools' }, syncStatus(docs),
        h('a', { class: 'button', href: `#/live/${sessionId}` }, t('library_back')))),
    h('p', { class: 'hint small' }, t('library_offline')),
    search,
    libraryTree(agenda, docs, { title: false }));
  const search = searchBox(Number(sessionId));
  const docs = new SessionDocuments(sessionId, () => main.isConnected && render());
  render();
  await docs.load();
}
