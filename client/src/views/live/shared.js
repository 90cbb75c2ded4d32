// What every live screen shares: the session's state lines, the agenda list, the item detail.
import { post } from '../../api.js';
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import { showError } from '../../notify.js';
import { fullPoll } from '../voting.js';

export const command = (path, body) => post(path, body).catch(showError);

// The result with its per-delegate list, fetched once per poll for the screens that show it.
export function withDetails(poll, rerender) {
  return (poll.status === 'closed' && fullPoll(poll.id, rerender)) || poll;
}

export function currentItem(s) {
  return s.agenda.find((i) => i.id === s.current_item_id) || null;
}

export function statusLine(s, live) {
  return h('div', { class: 'status-line' },
    h('span', { class: `badge st-${s.status}`, 'data-testid': 'live-status' }, t('st_' + s.status)),
    s.paused ? h('span', { class: 'badge paused' }, t('paused')) : null,
    h('span', { class: live.connected ? 'conn on' : 'conn off', 'data-testid': 'conn' }, live.connected ? t('online') : t('offline')));
}

export function banner(s) {
  return s.message ? h('div', { class: 'banner', role: 'status', 'data-testid': 'message' }, s.message) : null;
}

export function quorumPanel(s) {
  const a = s.attendance;
  return h('div', { class: `quorum ${a.quorum_met ? 'met' : 'unmet'}`, 'data-testid': 'quorum' },
    h('div', { class: 'count' }, h('strong', { 'data-testid': 'present-count' }, a.present), ` / ${a.total} ${t('delegates')}`),
    h('div', {}, a.quorum_met ? t('quorum_met') : `${t('quorum_not_met')} (${t('required')} ${a.required})`));
}

export function agendaList(s, selectedId, onPick, extra) {
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

export function itemDetail(item, s) {
  if (!item) return h('div', { class: 'detail empty' }, s.status === 'closed' ? t('ended') : t('not_started'));
  return h('div', { class: 'detail' },
    h('div', { class: 'label' }, item.id === s.current_item_id ? t('current_item') : t('browsing')),
    h('h2', { 'data-testid': 'detail-title' }, `${item.number}. ${item.title}`),
    h('p', { class: 'meta' }, [t('ik_' + item.kind), item.presenter, item.planned_minutes ? `${item.planned_minutes} ${t('minutes_short')}` : ''].filter(Boolean).join(' · ')));
}

// The voter's tracker check inside the result it checks, not loose under it.
export function withTrackerCheck(board, check) {
  if (board && check) board.append(check);
  return board || check;
}
