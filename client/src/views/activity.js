// Delegate activity in the term: attendance, speeches, votes, questioning (slips written, questions asked at
// sessions and meetings, follow-ups) — for the council's yearly evaluation.
import { get } from '../api.js';
import { h, mount } from '../dom.js';
import { percent, t } from '../i18n.js';

function bar(value, max) {
  const el = h('span', { class: 'bar' });
  el.style.width = `${max ? Math.round((100 * value) / max) : 0}%`; // CSSOM, allowed by the CSP
  return h('span', { class: 'bar-box' }, el);
}

export async function activityView(main) {
  const { term, delegates } = await get('/api/activity');
  const maxSpeaking = Math.max(1, ...delegates.map((d) => d.speaking_s));
  const speeches = (d) => Object.values(d.speeches).reduce((a, b) => a + b, 0);
  mount(main, h('h2', {}, `${t('activity')} — ${term.name}`),
    h('p', {}, h('a', { class: 'button', href: '/api/activity?format=csv', 'data-testid': 'activity-csv' }, t('export_csv'))),
    h('table', { class: 'grid activity', 'data-testid': 'activity' },
      h('tr', {}, h('th', {}, t('full_name')), h('th', {}, t('attendance_rate')), h('th', {}, t('floor')),
        h('th', {}, t('rk_question')), h('th', {}, t('act_slips')), h('th', {}, t('act_follow_ups')),
        h('th', {}, t('speaking_time')), h('th', {}, t('voted'))),
      delegates.map((d) => h('tr', {},
        h('td', {}, d.full_name, h('div', { class: 'meta small' }, d.title)),
        // 100,00% → 100%: whole percentages read shorter in a table of many rows
        h('td', {}, d.sessions ? percent(d.attendance.count, d.sessions).replace(/[.,]00%$/, '%') : '—', bar(d.attendance.count, d.sessions)),
        h('td', {}, speeches(d)), h('td', {}, d.questions), h('td', {}, d.slips), h('td', {}, d.follow_ups),
        h('td', {}, `${Math.floor(d.speaking_s / 60)}:${String(d.speaking_s % 60).padStart(2, '0')}`, bar(d.speaking_s, maxSpeaking)),
        h('td', {}, `${d.polls_voted}/${d.polls}`)))));
}
