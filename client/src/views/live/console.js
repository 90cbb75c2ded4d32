// The chair's console (and the secretary's view of the live session): agenda, controls, floor, polls,
// committee, attendance.
import { put } from '../../api.js';
import { h, mount } from '../../dom.js';
import { t } from '../../i18n.js';
import { can } from '../../me.js';
import { showError } from '../../notify.js';
import { countingNote, pollPanel, resultBoard } from '../voting.js';
import { appointPanel, committeePanel } from '../committee.js';
import { chairFloor, currentSpeaker, nextSpeakers } from '../speaking.js';
import { agendaList, banner, command, currentItem, itemDetail, quorumPanel, statusLine, withDetails } from './shared.js';

function attendanceRoll(s, sessionId) {
  if (!s.roll) return null;
  const mark = (row, status) => {
    const reason = status === 'excused' ? prompt(t('reason')) : '';
    if (reason === null) return;
    put(`/api/sessions/${sessionId}/attendance/${row.user_id}`, { status, reason }).catch(showError);
  };
  return h('details', { class: 'roll' }, h('summary', {}, t('roll')),
    h('table', { class: 'grid' }, s.roll.map((row) => h('tr', { class: `att-${row.status}` },
      h('td', {}, row.full_name), h('td', {}, t(row.status)),
      h('td', { class: 'tools' }, ['present', 'absent', 'excused'].map((st) => h('button', {
        class: row.status === st ? 'on' : '', onclick: () => mark(row, st) }, t(st))))))));
}

// Names of the committee (the roll has every delegate) for the chair's view of the count.
function nameOf(s) {
  const names = new Map([...(s.roll || []), ...(s.committee?.members || [])].map((m) => [m.user_id, m.full_name]));
  return (userId) => names.get(userId);
}

export function console_(el, live, sessionId, canControl) {
  const ctl = (body) => command(`/api/sessions/${sessionId}/control`, body);
  const render = (s) => {
    const current = currentItem(s);
    const inProgress = s.status === 'in_progress';
    const msgInput = h('input', { class: 'msg-input', maxlength: 300, placeholder: t('message'), 'data-testid': 'message-input' });
    mount(el,
      h('div', { class: 'live-head' }, h('div', {}, h('div', { class: 'council' }, s.council.name), h('h1', {}, s.session.title)), statusLine(s, live)),
      banner(s),
      h('div', { class: 'console-body' },
        h('section', { class: 'pane-agenda' }, agendaList(s, current?.id, () => {}, canControl && inProgress
          ? (item) => item.id !== s.current_item_id ? h('button', { class: 'goto', onclick: () => ctl({ action: 'goto', item_id: item.id }) }, t('goto')) : null
          : null)),
        h('section', { class: 'pane-side' },
          itemDetail(current, s),
          s.me.attendance !== null && s.me.attendance !== 'present' && ['published', 'in_progress'].includes(s.status)
            ? h('button', { class: 'big', 'data-testid': 'check-in', onclick: () => command(`/api/sessions/${sessionId}/check-in`) }, t('check_in')) : null,
          canControl ? h('div', { class: 'controls' },
            s.status === 'published' ? h('button', { class: 'primary big', 'data-testid': 'open-session', onclick: () => ctl({ action: 'open' }) }, t('open_session')) : null,
            inProgress ? [
              h('div', { class: 'row' },
                h('button', { class: 'big', 'data-testid': 'prev', onclick: () => ctl({ action: 'previous', from_item_id: s.current_item_id }) }, `◀ ${t('previous')}`),
                h('button', { class: 'big primary', 'data-testid': 'next', onclick: () => ctl({ action: 'next', from_item_id: s.current_item_id }) }, `${t('next')} ▶`)),
              h('div', { class: 'row' },
                s.paused ? h('button', { onclick: () => ctl({ action: 'resume' }) }, t('resume')) : h('button', { onclick: () => ctl({ action: 'pause' }) }, t('pause')),
                h('button', { class: 'danger', onclick: () => confirm(t('sure_close')) && ctl({ action: 'close' }) }, t('close_session'))),
            ] : null,
            ['published', 'in_progress'].includes(s.status) ? h('div', { class: 'messages' },
              h('div', { class: 'row' }, msgInput,
                h('button', { class: 'primary', 'data-testid': 'send-message', onclick: () => ctl({ action: 'message', message: msgInput.value }) }, t('send'))),
              h('div', { class: 'row quick' }, ['seat_msg', 'break_msg', 'resume_msg'].map((k) => h('button', { onclick: () => ctl({ action: 'message', message: t(k) }) }, t(k))),
                s.message ? h('button', { onclick: () => ctl({ action: 'message', message: '' }) }, t('clear')) : null)) : null) : null,
          s.status === 'in_progress' ? [h('h3', {}, t('floor')), canControl ? chairFloor(s, live, sessionId) : [currentSpeaker(s, live), nextSpeakers(s, 10)]] : null,
          // the last result or the count under way first, then the list of polls and the form for a new one
          s.status === 'in_progress' || s.poll ? [h('h3', {}, t('polls')),
            s.poll && s.poll.status !== 'open' ? resultBoard(withDetails(s.poll, () => render(live.state))) || countingNote(s.poll, nameOf(s)) : null,
            polls(s)] : null,
          committeePanel(s, sessionId, () => render(live.state)),
          can('committee.appoint') && (s.status !== 'closed' || s.committee) ? [h('h3', {}, t('committee')), committeeAdmin(s)] : null,
          h('h3', {}, t('attendance')), quorumPanel(s), attendanceRoll(s, sessionId))));
  };
  let admin = null; // kept across redraws: a half-ticked list of members must survive events
  const committeeAdmin = (s) => {
    admin ||= appointPanel(sessionId);
    admin.update(s);
    return admin;
  };
  let panel = null;
  let panelKey = null;
  const polls = (s) => {
    // rebuilt (and refetched) when a poll changes state; the live count updates in place
    const key = `${s.poll?.id}:${s.poll?.status}:${s.status}`;
    if (!panel || key !== panelKey) {
      panel = pollPanel(s, sessionId, can('polls.run'), can('polls.prepare'));
      panelKey = key;
    } else {
      const progress = panel.querySelector('[data-testid=poll-progress]');
      if (progress && s.poll?.progress) progress.textContent = `${t('voted')}: ${s.poll.progress.cast}/${s.poll.progress.entitled}`;
    }
    return panel;
  };
  return render;
}
