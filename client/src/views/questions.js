// Questioning (chất vấn): #/questions is, for a delegate (and the chair), "Phiếu chất vấn" — write a slip to a named
// official, for a meeting or not yet, citing voter petition cases by their code, perhaps following up an earlier
// slip (tái chất vấn), and their slips with status, answer and deadline, withdrawn before they are selected; for an
// official (an agency's account), "Chất vấn gửi tôi" — the slips addressed to them, answered in writing, and
// their commitments with deadlines and a progress report. #/questions/meetings and #/questions/meeting/<id> are
// the organizer's (question-organize.js), #/questions/commitments the tracker (commitments.js).
import '../styles/petitions.css';
import '../styles/questions.css';
import { get, post } from '../api.js';
import { h, mount } from '../dom.js';
import { t, tf } from '../i18n.js';
import { can } from '../me.js';
import { flash, showError } from '../notify.js';
import { ask } from '../confirm.js';
import { labelled } from './documents.js';
import { WITHDRAWABLE, commitmentItem, loadMeetings, loadOfficials, officialOptions, slipCard, tabs } from './question-parts.js';
import { meetingPage, meetingsPage } from './question-organize.js';
import { commitmentsPage } from './commitments.js';

const MAX_CASE_PAGES = 5;

/** The petition cases this account may cite: a delegate's constituency's, the office's (and the chair's) all. */
async function visibleCases() {
  const path = (p) => (can('petitions.read') ? `/api/petitions?page=${p}` : `/api/petitions?mine=1&page=${p}`);
  if (!can('petitions.read') && !can('petitions.own')) return [];
  const first = await get(path(1)).catch(() => null);
  if (!first) return [];
  const pages = Math.min(MAX_CASE_PAGES, Math.ceil(first.total / first.page_size));
  const rest = await Promise.allSettled(Array.from({ length: pages - 1 }, (_, i) => get(path(i + 2))));
  return [first, ...rest.filter((r) => r.status === 'fulfilled').map((r) => r.value)].flatMap((p) => p.cases);
}

/** The cases cited, chosen by their code (a list of the visible cases' codes helps typing). */
function casePicker(cases) {
  const chosen = new Map();
  const chips = h('ul', { class: 'qv-chosen', 'data-testid': 'slip-cases-chosen', 'aria-live': 'polite' });
  const code = h('input', { id: 'qv-case-code', list: 'qv-case-codes', maxlength: 30, autocomplete: 'off', 'data-testid': 'slip-case-code',
    placeholder: t('qv_case_code_hint') });
  const draw = () => mount(chips, [...chosen.values()].map((c) => h('li', { class: 'qv-case-chip', dataset: { code: c.code } },
    h('span', { class: 'mono' }, c.code), ` ${c.summary} `,
    h('button', { type: 'button', class: 'link', 'aria-label': tf('qv_case_remove', { code: c.code }),
      onclick: () => { chosen.delete(c.id); draw(); } }, '✕'))));
  const add = () => {
    const want = code.value.trim().toUpperCase();
    if (!want) return;
    const c = cases.find((x) => x.code.toUpperCase() === want);
    if (!c) { flash(tf('qv_case_unknown', { code: want })); return; }
    chosen.set(c.id, c);
    code.value = '';
    draw();
  };
  code.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); add(); } });
  const el = h('div', { class: 'field qv-case-picker' }, h('label', { for: 'qv-case-code' }, t('qv_cite_cases')),
    h('div', { class: 'row' }, code, h('button', { type: 'button', 'data-testid': 'slip-case-add', onclick: add }, t('qv_case_add'))),
    h('datalist', { id: 'qv-case-codes' }, cases.map((c) => h('option', { value: c.code }, c.summary))),
    cases.length ? null : h('p', { class: 'hint small' }, t('qv_no_cases')),
    chips);
  return { el, ids: () => [...chosen.keys()], clear: () => { chosen.clear(); draw(); } };
}

function slipForm({ officials, meetings, cases, earlier, done }) {
  const official = h('select', { name: 'official_id', required: true, 'data-testid': 'slip-official-pick' },
    officialOptions(officials, null, t('qv_choose_official')));
  const open = meetings.filter((m) => m.status !== 'closed');
  const meeting = h('select', { name: 'session_id', 'data-testid': 'slip-meeting' }, h('option', { value: '' }, t('qv_no_meeting')),
    open.map((m) => h('option', { value: m.id }, m.title)));
  const text = h('textarea', { name: 'text', rows: 5, required: true, maxlength: 5000, 'data-testid': 'slip-text-input' });
  const follows = h('select', { name: 'follows_up_id', 'data-testid': 'slip-follows-pick', onchange: () => {
    const s = earlier.find((x) => String(x.id) === follows.value);
    if (s) official.value = String(s.official.id); // a follow-up goes to the same official, unless changed
  } }, h('option', { value: '' }, t('qv_no_follow')),
  earlier.map((s) => h('option', { value: s.id }, `${s.official.full_name}: ${s.text.slice(0, 80)}`)));
  const picker = casePicker(cases);
  const send = h('button', { type: 'submit', class: 'primary big', 'data-testid': 'slip-send' }, t('qv_send'));
  return h('form', { class: 'card kn-form qv-form', 'data-testid': 'slip-form', onsubmit: async (e) => {
    e.preventDefault();
    send.disabled = true;
    try {
      const bodyData = { official_id: Number(official.value), text: text.value, case_ids: picker.ids() };
      if (meeting.value) bodyData.session_id = Number(meeting.value);
      if (follows.value) bodyData.follows_up_id = Number(follows.value);
      await post('/api/question-slips', bodyData);
      flash(t('qv_sent'), 'info');
      done();
    } catch (err) { showError(err); } finally { send.disabled = false; }
  } }, h('h3', {}, t('qv_write')),
  h('div', { class: 'kn-grid' }, labelled(t('qv_official'), official, 'wide'), labelled(t('qv_meeting'), meeting, 'wide')),
  labelled(t('qv_text'), text), picker.el,
  earlier.length ? labelled(t('qv_follow_up'), follows) : null,
  send);
}

async function delegatePage(main) {
  const again = () => delegatePage(main).catch(showError);
  const [officials, meetings, cases, { slips }, all] = await Promise.all([loadOfficials(), loadMeetings(), visibleCases(),
    get('/api/question-slips?mine=1'), get('/api/question-slips').catch(() => ({ slips: [] }))]);
  // a follow-up may take up any earlier slip that was answered (or is long overdue): the delegate's or another's
  const earlier = all.slips.filter((s) => s.status === 'answered' || s.overdue);
  const shown = [...slips].sort((x, y) => (x.status === 'withdrawn') - (y.status === 'withdrawn')); // withdrawn ones last
  const withdraw = (s) => h('button', { type: 'button', class: 'danger', 'data-testid': 'slip-withdraw', onclick: async () => {
    if (!await ask({ title: t('qv_withdraw_q'), text: s.text.slice(0, 200), ok: t('qv_withdraw'), danger: true })) return;
    try { await post(`/api/question-slips/${s.id}/withdraw`); flash(t('qv_withdrawn'), 'info'); again(); } catch (err) { showError(err); }
  } }, t('qv_withdraw'));
  mount(main, h('h2', {}, t('qv_title')), tabs('slips'),
    h('div', { class: 'tab-panel qv-columns' },
      officials.length ? slipForm({ officials, meetings: meetings.list, cases, earlier, done: again })
        : h('p', { class: 'hint card' }, t('qv_no_officials')),
      h('section', { class: 'qv-mine' }, h('h3', {}, tf('qv_my_slips', { n: slips.length })),
        slips.length ? h('ul', { class: 'qv-slips', 'data-testid': 'my-slips' }, shown.map((s) => slipCard(s, {
          meetings: meetings.names, author: false, actions: WITHDRAWABLE.includes(s.status) ? [withdraw(s)] : [] })))
          : h('p', { class: 'hint' }, t('qv_no_slips')))));
}

// ---- the official's
function answerForm(s, done) {
  const text = h('textarea', { rows: 5, required: true, maxlength: 20000, 'data-testid': 'written-answer' });
  const send = h('button', { type: 'submit', class: 'primary', 'data-testid': 'written-answer-go' }, t('qv_answer_send'));
  return h('form', { class: 'kn-form qv-answer-form', onsubmit: async (e) => {
    e.preventDefault();
    send.disabled = true;
    try { await post(`/api/question-slips/${s.id}/answer`, { text: text.value }); flash(t('qv_answered'), 'info'); done(); } catch (err) { showError(err); send.disabled = false; }
  } }, labelled(t('qv_answer_written'), text), send);
}

function progressForm(c, done) {
  const text = h('textarea', { rows: 3, required: true, maxlength: 5000, 'data-testid': 'progress-text' }, c.progress || '');
  return h('form', { class: 'kn-form qv-progress-form', onsubmit: async (e) => {
    e.preventDefault();
    try { await post(`/api/commitments/${c.id}/progress`, { progress: text.value }); flash(t('saved'), 'info'); done(); } catch (err) { showError(err); }
  } }, labelled(t('qv_progress_report'), text), h('button', { type: 'submit', 'data-testid': 'progress-go' }, t('qv_progress_send')));
}

async function officialPage(main) {
  const again = () => officialPage(main).catch(showError);
  const [meetings, { slips }, { commitments }] = await Promise.all([loadMeetings(), get('/api/question-slips'), get('/api/commitments')]);
  const live = slips.filter((s) => s.status !== 'withdrawn');
  const waiting = live.filter((s) => !s.answer).sort((a, b) => (b.overdue - a.overdue) || (a.answer_deadline || '9').localeCompare(b.answer_deadline || '9'));
  const answered = live.filter((s) => s.answer);
  const open = commitments.filter((c) => c.status !== 'done');
  mount(main, h('h2', {}, t('qv_nav_official')), tabs('mine'),
    h('div', { class: 'tab-panel' },
      h('section', {}, h('h3', {}, tf('qv_waiting', { n: waiting.length })),
        waiting.length ? h('ul', { class: 'qv-slips', 'data-testid': 'slips-waiting' }, waiting.map((s) => slipCard(s, {
          meetings: meetings.names, official: false, actions: [answerForm(s, again)] })))
          : h('p', { class: 'hint' }, t('qv_nothing_waiting'))),
      h('section', {}, h('h3', {}, tf('qv_my_commitments', { n: open.length })),
        commitments.length ? h('ul', { class: 'qv-slips', 'data-testid': 'my-commitments' }, commitments.map((c) => commitmentItem(c, {
          meetings: meetings.names, official: false, actions: c.status === 'done' ? [] : [progressForm(c, again)] })))
          : h('p', { class: 'hint' }, t('qv_no_commitments'))),
      answered.length ? h('section', {}, h('h3', {}, tf('qv_answered_list', { n: answered.length })),
        h('ul', { class: 'qv-slips', 'data-testid': 'slips-answered' }, answered.map((s) => slipCard(s, { meetings: meetings.names, official: false }))))
        : null));
}

/** #/questions[/meetings|/meeting/<id>|/commitments]. */
export async function questionsView(main) {
  main.classList.add('qv-page');
  const hash = location.hash;
  const meeting = hash.match(/^#\/questions\/meeting\/(\d+)/);
  if (meeting && can('questions.organize')) await meetingPage(main, Number(meeting[1]));
  else if (/^#\/questions\/meetings\b/.test(hash) && can('questions.organize')) await meetingsPage(main);
  else if (/^#\/questions\/commitments\b/.test(hash)) await commitmentsPage(main);
  else if (can('questions.answer')) await officialPage(main);
  else if (can('questions.write')) await delegatePage(main);
  else if (can('questions.organize')) await meetingsPage(main);
  else await commitmentsPage(main);
}
