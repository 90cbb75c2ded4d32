// The delegate's (and guest's) tablet: ballot, committee, floor, the item and its documents, the agenda.
import { h, mount } from '../../dom.js';
import { t } from '../../i18n.js';
import { ballotPanel, countingNote, resultBoard, trackerCheck } from '../voting.js';
import { committeePanel, countsHere } from '../committee.js';
import { documentList, syncStatus } from '../documents.js';
import { currentSpeaker, floorPanel } from '../speaking.js';
import { agendaList, banner, command, currentItem, itemDetail, statusLine, withTrackerCheck } from './shared.js';

export function tablet(el, live, sessionId, docs) {
  let selected = null; // null: follow the chair
  const rerender = () => render(live.state);
  const render = (s) => {
    const current = currentItem(s);
    const shown = selected ? s.agenda.find((i) => i.id === selected) || current : current;
    const me = s.me;
    mount(el,
      h('div', { class: 'live-head' }, h('div', {}, h('div', { class: 'council' }, s.council.name), h('h1', {}, s.session.title)),
        h('div', {}, statusLine(s, live), syncStatus(docs))),
      banner(s),
      me.attendance !== null ? h('div', { class: 'self-attendance' },
        me.attendance === 'present'
          ? h('span', { class: 'badge ok', 'data-testid': 'my-attendance' }, `✓ ${t('checked_in')}`)
          : h('button', { class: 'primary big', 'data-testid': 'check-in', disabled: !['published', 'in_progress'].includes(s.status),
            onclick: () => command(`/api/sessions/${sessionId}/check-in`) }, t('check_in'))) : null,
      ballotPanel(s, (vote) => { if (vote) live.state.me.vote = vote; rerender(); }),
      committeePanel(s, sessionId, rerender),
      countsHere(s) ? null : countingNote(s.poll),
      currentSpeaker(s, live, { big: s.speaking?.current?.user_id === s.me.id }),
      floorPanel(s, live, sessionId),
      s.poll && s.poll.status !== 'open' && s.poll.result ? h('details', { class: 'last-result', open: true },
        h('summary', {}, t('polls')), withTrackerCheck(resultBoard(s.poll), trackerCheck(s.poll, s.me.vote, rerender))) : null,
      h('div', { class: 'tablet-body' },
        h('section', { class: 'pane-detail' }, itemDetail(shown, s),
          shown ? documentList(docs.forItem(shown.id), docs.updated) : null,
          !shown || !docs.forItem(shown.id).length ? documentList(docs.forItem(null), docs.updated) : null,
          selected && selected !== s.current_item_id && current
            ? h('button', { class: 'primary big back', 'data-testid': 'back-to-current', onclick: () => { selected = null; render(live.state); } }, t('back_to_current'))
            : null),
        h('section', { class: 'pane-agenda' }, agendaList(s, shown?.id, (item) => {
          selected = item.id === s.current_item_id ? null : item.id;
          render(live.state);
        }))));
  };
  return render;
}
