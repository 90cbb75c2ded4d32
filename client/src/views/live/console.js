// The chair's console (and the secretary's view of the live session), one screen without scrolling: the
// agenda in a column with bế mạc set apart under it; the current item with its controls; the chair's own
// ballot when a vote opens; tabs for the floor, the polls and attendance, each scrolling inside itself.
import '../../styles/console.css';
import { put } from '../../api.js';
import { ask } from '../../confirm.js';
import { h, mount } from '../../dom.js';
import { t, tf } from '../../i18n.js';
import { can } from '../../me.js';
import { showError } from '../../notify.js';
import { ballotPanel, countingNote, pollPanel, resultBoard } from '../voting.js';
import { appointPanel, committeePanel } from '../committee.js';
import { MEETING_KINDS } from '../sessions.js';
import { chairFloor, currentSpeaker, nextSpeakers } from '../speaking.js';
import { agendaList, banner, command, currentItem, itemDetail, statusLine, withDetails } from './shared.js';

const TABS = ['floor', 'polls', 'attendance'];

function quorumChip(s) {
  const a = s.attendance;
  return h('div', { class: `q-chip ${a.quorum_met ? 'met' : 'unmet'}`, 'data-testid': 'quorum' },
    h('span', { class: 'count' }, h('strong', { 'data-testid': 'present-count' }, a.present), ` / ${a.total} ${t('delegates')}`),
    h('span', { class: 'q-state' }, a.quorum_met ? t('quorum_met') : `${t('quorum_not_met')} (${t('required')} ${a.required})`));
}

function attendanceRoll(s, sessionId) {
  if (!s.roll) return null;
  const mark = async (row, status) => {
    let reason = '';
    if (status === 'excused') {
      reason = await ask({ title: tf('excuse_who', { name: row.full_name }), ok: t('excuse_ok'), input: { label: t('reason'), placeholder: t('reason') } });
      if (reason === false) return;
    }
    put(`/api/sessions/${sessionId}/attendance/${row.user_id}`, { status, reason }).catch(showError);
  };
  return h('table', { class: 'grid roll', 'data-testid': 'roll' }, s.roll.map((row) => h('tr', { class: `att-${row.status}` },
    h('td', {}, row.full_name), h('td', {}, t(row.status)),
    h('td', { class: 'tools' }, ['present', 'absent', 'excused'].map((st) => h('button', {
      class: row.status === st ? 'on' : '', 'aria-pressed': String(row.status === st), onclick: () => mark(row, st) }, t(st)))))));
}

// Names of the committee (the roll has every delegate) for the chair's view of the count.
function nameOf(s) {
  const names = new Map([...(s.roll || []), ...(s.committee?.members || [])].map((m) => [m.user_id, m.full_name]));
  return (userId) => names.get(userId);
}

export function console_(el, live, sessionId, canControl) {
  el.classList.add('console-screen');
  const ctl = (body) => command(`/api/sessions/${sessionId}/control`, body);
  const rerender = () => render(live.state);
  let tab = null; // attendance before khai mạc, the floor once in session, unless the chair chose
  let chosen = false; // the chair picked a tab
  let shownPoll = null; // a poll opening brings the polls tab forward, once
  const agendaBox = h('div', { class: 'agenda-scroll' });
  let shownItem; // the current item is brought into the agenda's view when it changes
  const panelBox = h('div', { class: 'console-panel', role: 'tabpanel', 'data-testid': 'tab-panel' });
  const msgInput = h('input', { class: 'msg-input', maxlength: 300, placeholder: t('message'), 'data-testid': 'message-input' });

  // a kỳ họp closes with bế mạc kỳ họp; a meeting (standing committee, explanation, Ban, giao ban), bế mạc phiên họp
  const ofMeeting = (s, key) => t(MEETING_KINDS.includes(s.session.kind) ? key + '_meeting' : key);
  const closeSession = async (s) => {
    const yes = await ask({ title: tf('sure_close_session', { title: s.session.title }), text: t('close_session_note'),
      ok: ofMeeting(s, 'close_session_full'), danger: true, grave: true });
    if (yes) ctl({ action: 'close' });
  };

  const controls = (s) => {
    if (!canControl) return null;
    if (s.status === 'published') {
      return h('div', { class: 'controls' }, h('button', { class: 'primary big', 'data-testid': 'open-session', onclick: () => ctl({ action: 'open' }) }, t('open_session')));
    }
    if (s.status !== 'in_progress') return null;
    return h('div', { class: 'controls' },
      h('button', { class: 'big', 'data-testid': 'prev', onclick: () => ctl({ action: 'previous', from_item_id: s.current_item_id }) }, `◀ ${t('previous')}`),
      h('button', { class: 'big primary', 'data-testid': 'next', onclick: () => ctl({ action: 'next', from_item_id: s.current_item_id }) }, `${t('next')} ▶`),
      s.paused
        ? h('button', { class: 'big pause on', 'data-testid': 'resume', onclick: () => ctl({ action: 'resume' }) }, `▶ ${t('resume')}`)
        : h('button', { class: 'big pause', 'data-testid': 'pause', onclick: () => ctl({ action: 'pause' }) }, `❚❚ ${t('pause')}`));
  };

  const messages = (s) => {
    if (!canControl || !['published', 'in_progress'].includes(s.status)) return null;
    const send = (message) => ctl({ action: 'message', message });
    return h('div', { class: 'messages' }, msgInput,
      h('button', { class: 'primary', 'data-testid': 'send-message', onclick: () => send(msgInput.value) }, t('send')),
      [['q_seat', 'seat_msg'], ['q_break', 'break_msg'], ['q_resume', 'resume_msg']].map(([label, text]) => h('button', {
        class: 'quick', title: t(text), onclick: () => send(t(text)) }, t(label))),
      s.message ? h('button', { class: 'quick', onclick: () => send('') }, t('clear')) : null);
  };

  const tabs = (s) => {
    const queue = s.speaking?.queue?.length || 0;
    const open = s.poll?.status === 'open';
    const label = {
      floor: [t('floor'), queue ? h('span', { class: 'count' }, queue) : null],
      polls: [t('polls'), open ? h('span', { class: 'live-dot', title: t('ps_open'), 'aria-label': t('ps_open') }) : null],
      attendance: [t('attendance'), h('span', { class: 'count' }, `${s.attendance.present}/${s.attendance.total}`)],
    };
    return h('div', { class: 'console-tabs', role: 'tablist' }, TABS.map((name) => h('button', {
      role: 'tab', class: `console-tab${tab === name ? ' on' : ''}`, 'aria-selected': String(tab === name), 'data-testid': `tab-${name}`,
      onclick: () => { tab = name; chosen = true; if (name === 'polls') polls.refresh?.(); rerender(); },
    }, label[name])));
  };

  const floorTab = (s) => {
    if (s.status !== 'in_progress') return h('p', { class: 'hint' }, s.status === 'closed' ? t('ended') : t('not_started'));
    return canControl ? chairFloor(s, live, sessionId, rerender) : [currentSpeaker(s, live), nextSpeakers(s, 10)];
  };

  const pollsTab = (s) => [
    committeePanel(s, sessionId, rerender),
    s.poll && s.poll.status !== 'open' ? resultBoard(withDetails(s.poll, rerender)) || countingNote(s.poll, nameOf(s)) : null,
    pollList(s),
    can('committee.appoint') && (s.status !== 'closed' || s.committee) ? committeeAdmin(s) : null,
  ];

  const attendanceTab = (s) => attendanceRoll(s, sessionId) || h('p', { class: 'hint' }, t('not_started'));

  const render = (s) => {
    const current = currentItem(s);
    const inProgress = s.status === 'in_progress';
    if (s.poll?.status === 'open' && shownPoll !== s.poll.id) { shownPoll = s.poll.id; tab = 'polls'; }
    if (!tab || (tab === 'attendance' && !chosen && s.status === 'in_progress')) tab = s.status === 'published' ? 'attendance' : 'floor';
    const ballot = ballotPanel(s, (vote) => { if (vote) live.state.me.vote = vote; rerender(); }, { overlay: true });
    const notIn = s.me.attendance !== null && s.me.attendance !== 'present' && ['published', 'in_progress'].includes(s.status);
    // both boxes are kept across redraws (the place each was scrolled to too)
    const scrolled = [agendaBox.scrollTop, panelBox.scrollTop];
    mount(agendaBox, agendaList(s, current?.id, () => {}, canControl && inProgress
      ? (item) => (item.id !== s.current_item_id ? h('button', { class: 'goto', onclick: () => ctl({ action: 'goto', item_id: item.id }) }, t('goto')) : null)
      : null));
    mount(panelBox, tab === 'floor' ? floorTab(s) : tab === 'polls' ? pollsTab(s) : attendanceTab(s));
    mount(el,
      h('header', { class: 'console-head' },
        h('div', { class: 'titles' }, h('span', { class: 'council' }, s.council.name), h('h1', {}, s.session.title)),
        quorumChip(s), statusLine(s, live)),
      banner(s),
      h('div', { class: 'console-main' },
        h('aside', { class: 'console-agenda', 'aria-label': t('agenda_tab_hint') },
          agendaBox,
          canControl && inProgress ? h('div', { class: 'end-area', 'data-testid': 'end-area' },
            h('div', { class: 'label' }, ofMeeting(s, 'end_area')),
            h('button', { class: 'danger-solid', 'data-testid': 'close-session', onclick: () => closeSession(s) },
              ofMeeting(s, 'close_session_full'))) : null),
        h('section', { class: 'console-work' },
          h('div', { class: 'item-bar' }, itemDetail(current, s), controls(s)),
          messages(s),
          notIn ? h('button', { class: 'primary chair-check-in', 'data-testid': 'check-in', onclick: () => command(`/api/sessions/${sessionId}/check-in`) }, t('chair_check_in')) : null,
          ballot,
          tabs(s),
          panelBox)));
    [agendaBox.scrollTop, panelBox.scrollTop] = scrolled;
    if (s.current_item_id !== shownItem) {
      shownItem = s.current_item_id;
      const li = agendaBox.querySelector('li.current');
      if (li) {
        const box = agendaBox.getBoundingClientRect();
        const at = li.getBoundingClientRect();
        if (at.top < box.top || at.bottom > box.bottom) agendaBox.scrollTop += at.top - box.top - box.height / 3;
      }
    }
  };

  let admin = null; // kept across redraws, folded or not: a half-ticked list of members must survive events
  let adminBox = null;
  const committeeAdmin = (s) => {
    admin ||= appointPanel(sessionId);
    adminBox ||= h('details', { class: 'poll-more' }, h('summary', { 'data-testid': 'committee-admin-toggle' }, t('committee')), admin);
    admin.update(s);
    return adminBox;
  };
  let polls = {};
  let pollsKey = null;
  const pollList = (s) => {
    // rebuilt (and refetched) when a poll changes state or the item changes; the live count updates in place
    const key = `${s.poll?.id}:${s.poll?.status}:${s.status}:${s.current_item_id}`;
    if (key !== pollsKey) {
      polls = pollPanel(s, sessionId, can('polls.run'), can('polls.prepare'));
      pollsKey = key;
    } else {
      const progress = polls.querySelector('[data-testid=poll-progress]');
      if (progress && s.poll?.progress) progress.textContent = `${t('voted')}: ${s.poll.progress.cast}/${s.poll.progress.entitled}`;
    }
    return polls;
  };
  return render;
}
