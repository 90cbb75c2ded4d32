// The delegate's (and guest's) tablet: ballot, committee, floor, the item and its documents, the agenda.
// The reader opens inside it (#/live/<session>/read/<document>), so the live session goes on while a
// document is read, and an open poll's ballot is laid over both (ballot-overlay.js).
import { h, mount } from '../../dom.js';
import { t } from '../../i18n.js';
import { showError } from '../../notify.js';
import { ballotLayer } from '../ballot-overlay.js';
import { readerView } from '../reader.js';
import { ballotPanel, countingNote, resultBoard, trackerCheck } from '../voting.js';
import { committeePanel, countsHere } from '../committee.js';
import { documentList, syncStatus } from '../documents.js';
import { libraryTree } from '../library.js';
import { searchBox } from '../search.js';
import { currentSpeaker, floorPanel, opinionForm } from '../speaking.js';
import { agendaList, banner, command, currentItem, itemDetail, statusLine, withTrackerCheck } from './shared.js';

/** The reader inside the live screen: opened by the address, closed by going back to the live screen. */
function liveReader(el, screen, sessionId, onClosed) {
  const host = h('div', { class: 'reader-host' });
  const home = `#/live/${sessionId}`;
  let open = null; // {key, close}
  let cameIn = false; // opened from this screen: "back" is the browser's back
  const sync = async () => {
    if (!el.isConnected) { removeEventListener('hashchange', sync); open?.close?.(); open = null; return; }
    const m = location.hash.match(/^#\/live\/\d+\/read\/(\d+)(?:\/(\d+))?(?:\?page=(\d+))?/);
    const key = m ? `${m[1]}/${m[2] || ''}?${m[3] || ''}` : null;
    if (key === (open?.key ?? null)) return;
    const wasOpen = !!open;
    open?.close?.();
    open = null;
    host.replaceChildren();
    screen.inert = !!m;
    if (!m) { cameIn = false; if (wasOpen) onClosed(); return; }
    const mine = (open = { key, close: null });
    try {
      const close = await readerView(host, Number(m[1]), m[2] ? Number(m[2]) : undefined, {
        onBack: () => (cameIn ? history.back() : location.replace(home)),
        hrefFor: (n) => `${home}/read/${m[1]}/${n}`,
        page: m[3] ? Number(m[3]) : undefined, // a search hit's page
      });
      if (open === mine) mine.close = close; else close();
    } catch (err) {
      showError(err);
      if (open === mine) location.replace(home);
    }
  };
  // a document's link on this screen opens it here, not on a page of its own
  el.addEventListener('click', (e) => {
    const a = e.target.closest?.('a[href^="#/read/"]');
    if (!a || e.defaultPrevented || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    cameIn = true;
    location.hash = `${home}${a.getAttribute('href').slice(1)}`;
  });
  addEventListener('hashchange', sync);
  sync();
  return host;
}

export function tablet(el, live, sessionId, docs) {
  let selected = null; // null: follow the chair
  let library = false; // "Tài liệu kỳ họp" in place of the item
  const search = searchBox(sessionId); // kept across redraws (what was typed and found)
  const screen = h('div', { class: 'tablet-screen' });
  const layer = ballotLayer();
  // back from the reader: the lists drawn before it opened lose the "Đã sửa đổi" of what was just read
  el.replaceChildren(screen, liveReader(el, screen, sessionId, () => rerender()), layer.el);
  const rerender = () => render(live.state);
  const render = (s) => {
    const current = currentItem(s);
    const shown = selected ? s.agenda.find((i) => i.id === selected) || current : current;
    const me = s.me;
    // the ballot to give goes on top of everything; "not entitled" stays a line in the page
    const ballot = ballotPanel(s, (vote) => { if (vote) live.state.me.vote = vote; rerender(); }, { overlay: true });
    const onTop = ballot && ballot.dataset.state !== 'no';
    layer.update(onTop ? ballot : null, s.poll);
    mount(screen,
      h('div', { class: 'live-head' }, h('div', {}, h('div', { class: 'council' }, s.council.name), h('h1', {}, s.session.title)),
        h('div', { class: 'head-side' }, statusLine(s, live), syncStatus(docs),
          h('button', { class: 'library-toggle', 'data-testid': 'open-library', 'aria-pressed': String(library),
            onclick: () => { library = !library; render(live.state); } }, t('library')))),
      banner(s),
      me.attendance !== null ? h('div', { class: 'self-attendance' },
        me.attendance === 'present'
          ? h('span', { class: 'badge ok', 'data-testid': 'my-attendance' }, `✓ ${t('checked_in')}`)
          : h('button', { class: 'primary big', 'data-testid': 'check-in', disabled: !['published', 'in_progress'].includes(s.status),
            onclick: () => command(`/api/sessions/${sessionId}/check-in`) }, t('check_in'))) : null,
      onTop ? null : ballot,
      committeePanel(s, sessionId, rerender),
      countsHere(s) ? null : countingNote(s.poll),
      currentSpeaker(s, live, { big: s.speaking?.current?.user_id === s.me.id }),
      floorPanel(s, live, sessionId),
      s.poll && s.poll.status !== 'open' && s.poll.result ? h('details', { class: 'last-result', open: true },
        h('summary', {}, t('polls')), withTrackerCheck(resultBoard(s.poll), trackerCheck(s.poll, s.me.vote, rerender))) : null,
      h('div', { class: 'tablet-body' },
        h('section', { class: 'pane-detail' },
          // before khai mạc (no item yet) and on request: every document of the session, by item
          library || !shown ? [library ? search : itemDetail(shown, s), libraryTree(s.agenda, docs)]
            : [itemDetail(shown, s), libraryTree(s.agenda, docs, { rootId: shown.id }) || documentList(docs.forItem(null), docs)],
          opinionForm(s, sessionId, shown?.id ?? null),
          selected && selected !== s.current_item_id && current
            ? h('button', { class: 'primary big back', 'data-testid': 'back-to-current', onclick: () => { selected = null; render(live.state); } }, t('back_to_current'))
            : null),
        h('section', { class: 'pane-agenda' }, agendaList(s, shown?.id, (item) => {
          selected = item.id === s.current_item_id ? null : item.id;
          library = false;
          render(live.state);
        }))));
  };
  return render;
}
