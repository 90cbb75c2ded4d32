// The live screens: delegate/guest tablet, chair console, secretary view and the hall display.
// All render from one LiveSession state; commands go over HTTP and come back as events.
import { post, put } from '../api.js';
import { h, mount } from '../dom.js';
import { t, tf } from '../i18n.js';
import { LiveSession } from '../live.js';
import { serverNow } from '../clock.js';
import { can } from '../me.js';
import { showError } from '../notify.js';
import { ballotPanel, countdown, countingNote, fullPoll, kindLabel, pollPanel, resultBoard, trackerCheck } from './voting.js';
import { appointPanel, committeePanel, countsHere } from './committee.js';
import { SessionDocuments, documentList, syncStatus } from './documents.js';
import { chairFloor, currentSpeaker, floorPanel, nextSpeakers } from './speaking.js';

const command = (path, body) => post(path, body).catch(showError);

// The result with its per-delegate list, fetched once per poll for the screens that show it.
function withDetails(poll, rerender) {
  return (poll.status === 'closed' && fullPoll(poll.id, rerender)) || poll;
}

function currentItem(s) {
  return s.agenda.find((i) => i.id === s.current_item_id) || null;
}

function statusLine(s, live) {
  return h('div', { class: 'status-line' },
    h('span', { class: `badge st-${s.status}`, 'data-testid': 'live-status' }, t('st_' + s.status)),
    s.paused ? h('span', { class: 'badge paused' }, t('paused')) : null,
    h('span', { class: live.connected ? 'conn on' : 'conn off', 'data-testid': 'conn' }, live.connected ? t('online') : t('offline')));
}

function banner(s) {
  return s.message ? h('div', { class: 'banner', role: 'status', 'data-testid': 'message' }, s.message) : null;
}

function quorumPanel(s) {
  const a = s.attendance;
  return h('div', { class: `quorum ${a.quorum_met ? 'met' : 'unmet'}`, 'data-testid': 'quorum' },
    h('div', { class: 'count' }, h('strong', { 'data-testid': 'present-count' }, a.present), ` / ${a.total} ${t('delegates')}`),
    h('div', {}, a.quorum_met ? t('quorum_met') : `${t('quorum_not_met')} (${t('required')} ${a.required})`));
}

function agendaList(s, selectedId, onPick, extra) {
  return h('ol', { class: 'agenda-live', 'data-testid': 'agenda' }, s.agenda.map((item) => h('li', {
    class: [`depth-${item.depth}`, item.id === s.current_item_id ? 'current' : '', item.id === selectedId ? 'selected' : ''].join(' '),
    'data-item-id': item.id,
    'aria-current': item.id === s.current_item_id ? 'true' : null,
  },
  h('button', { class: 'item', onclick: () => onPick(item) },
    h('span', { class: 'num' }, item.number), h('span', { class: 'title' }, item.title),
    h('span', { class: 'kind' }, t('ik_' + item.kind))),
  extra ? extra(item) : null)));
}

function itemDetail(item, s) {
  if (!item) return h('div', { class: 'detail empty' }, s.status === 'closed' ? t('ended') : t('not_started'));
  return h('div', { class: 'detail' },
    h('div', { class: 'label' }, item.id === s.current_item_id ? t('current_item') : t('browsing')),
    h('h2', { 'data-testid': 'detail-title' }, `${item.number}. ${item.title}`),
    h('p', { class: 'meta' }, [t('ik_' + item.kind), item.presenter, item.planned_minutes ? `${item.planned_minutes} ${t('minutes_short')}` : ''].filter(Boolean).join(' · ')));
}

// The voter's tracker check inside the result it checks, not loose under it.
function withTrackerCheck(board, check) {
  if (board && check) board.append(check);
  return board || check;
}

function tablet(el, live, sessionId, docs) {
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

function console_(el, live, sessionId, canControl) {
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

function display(el, live) {
  // A result shows for 10 minutes from when it came (a secret poll's: when the committee decrypted it).
  const fresh = (p) => serverNow() - Date.parse(p.counted_at || p.closed_at) < 10 * 60 * 1000;
  const render = (s) => {
    const current = currentItem(s);
    const result = s.poll && s.poll.status !== 'open' && s.poll.closed_at && fresh(s.poll) && s.poll.result
      ? resultBoard(withDetails(s.poll, () => render(live.state)), { big: true }) : null;
    mount(el, h('div', { class: `hall ${s.paused ? 'is-paused' : ''} ${result ? 'has-result' : ''}` },
      h('header', {}, h('div', { class: 'council' }, s.council.name), h('div', { class: 'session' }, s.session.title)),
      h('section', { class: 'now' },
        current ? [h('div', { class: 'label' }, t('current_item')),
          h('div', { class: 'item', 'data-testid': 'display-item' }, `${current.number}. ${current.title}`),
          current.presenter ? h('div', { class: 'presenter' }, current.presenter) : null]
          : h('div', { class: 'item', 'data-testid': 'display-item' }, s.status === 'closed' ? t('ended') : t('not_started'))),
      s.paused ? h('div', { class: 'paused-note' }, t('paused')) : null,
      s.speaking?.current ? h('section', { class: 'hall-speaker' }, currentSpeaker(s, live, { big: true }),
        s.speaking.queue.length ? h('div', { class: 'next' }, h('div', { class: 'label' }, t('next_up')), nextSpeakers(s, 3)) : null)
        : s.speaking?.queue?.length ? h('section', { class: 'hall-speaker' }, h('div', { class: 'label' }, t('next_up')), nextSpeakers(s, 3)) : null,
      s.poll?.status === 'open' ? h('section', { class: 'hall-poll', 'data-testid': 'display-poll' },
        h('div', { class: 'label' }, kindLabel(s.poll)), h('div', { class: 'item' }, s.poll.title),
        h('div', { class: 'poll-line' }, countdown(s.poll), h('span', { 'data-testid': 'display-progress' },
          `${t('voted')}: ${s.poll.progress?.cast ?? 0}/${s.poll.progress?.entitled ?? s.poll.present}`))) : null,
      s.poll?.status === 'counting' ? h('section', { class: 'hall-poll', 'data-testid': 'display-poll' },
        h('div', { class: 'label' }, kindLabel(s.poll)), h('div', { class: 'item' }, s.poll.title),
        h('div', { class: 'poll-line', 'data-testid': 'display-counting' }, tf('counting_line', s.poll.counting))) : null,
      result,
      s.message ? h('div', { class: 'banner', 'data-testid': 'message' }, s.message) : null,
      h('footer', {}, quorumPanel(s), h('span', { class: live.connected ? 'conn on' : 'conn off' }, live.connected ? '●' : t('offline')))));
    fitToScreen(el.firstChild);
  };
  const onResize = () => {
    if (!el.isConnected) window.removeEventListener('resize', onResize);
    else if (el.firstChild) fitToScreen(el.firstChild);
  };
  window.addEventListener('resize', onResize);
  return render;
}

// The hall display never scrolls (nobody is there to scroll it): what does not fit — a long result, a long
// title — is drawn smaller, step by step, down to half its size. CSSOM custom property: allowed by the CSP.
function fitToScreen(hall) {
  hall.style.removeProperty('--fit');
  for (let f = 1; hall.scrollHeight > window.innerHeight + 1 && f > 0.5;) {
    f = Math.round((f - 0.05) * 100) / 100;
    hall.style.setProperty('--fit', String(f));
  }
}

export async function liveView(el, sessionId, ctx) {
  let render;
  const live = new LiveSession(sessionId, (s) => render && s && render(s));
  const docs = new SessionDocuments(sessionId, () => live.state && render(live.state));
  live.onDocuments = (change) => docs.changed(change);
  const hall = can('hall.display');
  if (hall) render = display(el, live);
  else if (can('session.control') || can('sessions.manage')) render = console_(el, live, sessionId, can('session.control'));
  else render = tablet(el, live, sessionId, docs);
  await live.start();
  if (!hall) docs.load();
  window.kyhopLive = live; // for diagnostics from the browser console
  ctx.setCleanup(() => live.stop());
}
