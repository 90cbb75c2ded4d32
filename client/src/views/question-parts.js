// What the questioning screens share (views/questions.js, question-organize.js, commitments.js): a slip's card
// (the official and agency, the meeting, the text, the cases cited, the slip it follows up, the answer live or in
// writing and whether it came late, the deadline and the overdue flag), a commitment's status (open, overdue,
// done), the officials' labels and the tabs. The server scopes what each account sees; the screens ask can().
import { get } from '../api.js';
import { h } from '../dom.js';
import { day, moment, t, tf } from '../i18n.js';
import { can } from '../me.js';

export const SLIP_STATUSES = ['submitted', 'grouped', 'selected', 'answered', 'withdrawn'];
export const WITHDRAWABLE = ['submitted', 'grouped'];

export const officialLabel = (o) => (o ? `${o.full_name} — ${o.agency?.name || ''}`.replace(/ — $/, '') : '');
export const officialOptions = (officials, selected, empty) => [
  empty ? h('option', { value: '' }, empty) : null,
  officials.map((o) => h('option', { value: o.id, selected: o.id === selected }, officialLabel(o)))];

export const loadOfficials = () => get('/api/officials').then((r) => r.officials);

export const slipStatus = (status) => h('span', { class: `badge qv-st qv-st-${status}`, 'data-testid': 'slip-status' }, t(`qs_${status}`));
export const overdue = () => h('span', { class: 'badge kn-overdue', 'data-testid': 'overdue' }, t('kn_overdue'));
export const late = () => h('span', { class: 'badge qv-late', 'data-testid': 'late' }, t('qv_late'));

/** A commitment's state as the screens say it: done, overdue (open past its deadline) or open. */
export const commitmentState = (c) => (c.status === 'done' ? 'done' : c.overdue ? 'overdue' : 'open');
export const commitmentBadge = (c) => {
  const st = commitmentState(c);
  return h('span', { class: `badge qv-cm qv-cm-${st}`, 'data-testid': 'commitment-status', dataset: { state: st } }, t(`qc_${st}`));
};

function answerBlock(a) {
  if (!a) return null;
  return h('div', { class: `qv-answer qv-answer-${a.mode}`, 'data-testid': 'slip-answer', dataset: { mode: a.mode } },
    h('div', { class: 'qv-answer-head' }, h('strong', {}, t(`qv_answer_${a.mode}`)),
      h('span', { class: 'hint small' }, moment(a.at)), a.late ? late() : null),
    a.text ? h('p', { class: 'qv-answer-text' }, a.text) : null);
}

/** A slip as a card; `actions`: buttons or forms under it; `meetings`: id -> title of the council's meetings. */
export function slipCard(slip, { actions = [], meetings = new Map(), author = true, official = true, testid = 'slip' } = {}) {
  return h('li', { class: `card qv-slip${slip.overdue ? ' overdue' : ''}`, 'data-testid': testid, dataset: { id: slip.id } },
    h('div', { class: 'qv-slip-head' },
      h('span', { class: 'qv-flags' }, slipStatus(slip.status), slip.overdue ? overdue() : null,
        slip.public ? h('span', { class: 'badge qv-public' }, t('qv_public')) : null),
      h('span', { class: 'hint small' }, moment(slip.created_at))),
    official ? h('div', { class: 'qv-to', 'data-testid': 'slip-official' }, `${t('qv_to')}: `, h('strong', {}, officialLabel(slip.official))) : null,
    author ? h('div', { class: 'hint small', 'data-testid': 'slip-author' }, `${t('qv_author')}: ${slip.author.full_name}`) : null,
    meetings.get(slip.session_id) ? h('div', { class: 'hint small' }, `${t('qv_meeting')}: ${meetings.get(slip.session_id)}`) : null,
    h('p', { class: 'qv-text', 'data-testid': 'slip-text' }, slip.text),
    slip.cases.length ? h('div', { class: 'qv-cases', 'data-testid': 'slip-cases' }, `${t('qv_cases')}: `,
      slip.cases.map((c) => h('span', { class: 'qv-case-chip', title: c.summary }, h('span', { class: 'mono' }, c.code), ` ${c.summary}`))) : null,
    slip.follows_up ? h('div', { class: 'qv-follows', 'data-testid': 'slip-follows' },
      tf('qv_follows_up', { official: slip.follows_up.official?.full_name || '' }), h('q', {}, slip.follows_up.text)) : null,
    slip.answer_deadline ? h('div', { class: `small kn-deadline${slip.overdue ? ' late' : ''}`, 'data-testid': 'slip-deadline' },
      tf('qv_written_by', { date: day(slip.answer_deadline) })) : null,
    answerBlock(slip.answer),
    actions.length ? h('div', { class: 'row qv-actions' }, actions) : null);
}

/** A commitment as a list item (the organizer's and the official's screens; the tracker has its own table). */
export function commitmentItem(c, { meetings = new Map(), actions = [], official = true } = {}) {
  const st = commitmentState(c);
  return h('li', { class: `card qv-commitment qv-cm-row-${st}`, 'data-testid': 'commitment', dataset: { id: c.id, state: st } },
    h('div', { class: 'qv-slip-head' }, commitmentBadge(c),
      h('span', { class: `small kn-deadline${st === 'overdue' ? ' late' : ''}`, 'data-testid': 'commitment-deadline' },
        tf('qv_deadline_of', { date: day(c.deadline) }))),
    official ? h('div', { class: 'qv-to' }, h('strong', {}, officialLabel(c.official))) : null,
    h('p', { class: 'qv-text', 'data-testid': 'commitment-text' }, c.text),
    meetings.get(c.session_id) ? h('div', { class: 'hint small' }, `${t('qv_made_at')}: ${meetings.get(c.session_id)}`) : null,
    c.done_on ? h('div', { class: 'small ok' }, tf('qv_done_on', { date: day(c.done_on) })) : null,
    c.progress ? h('div', { class: 'qv-progress', 'data-testid': 'commitment-progress' }, h('span', { class: 'hint small' }, t('qv_progress')), h('p', {}, c.progress)) : null,
    actions.length ? h('div', { class: 'row qv-actions' }, actions) : null);
}

/** The council's sessions and meetings the account may see: id -> "title" (for the labels), and the list. */
export async function loadMeetings() {
  const { sessions } = await get('/api/sessions').catch(() => ({ sessions: [] }));
  return { list: sessions, names: new Map(sessions.map((s) => [s.id, s.title])) };
}

/** The questioning screens' tabs; each shows what the account may do there. */
export function tabs(current) {
  const list = [];
  if (can('questions.write')) list.push(['slips', '#/questions', t('qv_tab_slips')]);
  if (can('questions.answer')) list.push(['mine', '#/questions', t('qv_nav_official')]);
  if (can('questions.organize')) list.push(['organize', '#/questions/meetings', t('qv_tab_organize')]);
  list.push(['commitments', '#/questions/commitments', t('qv_tab_commitments')]);
  return h('nav', { class: 'tabs kn-tabs', 'aria-label': t('qv_title') }, list.map(([k, href, label]) =>
    h('a', { class: 'tab', href, 'aria-current': k === current ? 'page' : null, 'data-testid': `qv-tab-${k}` }, label)));
}
