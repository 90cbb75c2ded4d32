// Voter petitions (kiến nghị cử tri) for the office and the agencies: #/petitions lists the cases (the office:
// every case of the council, with filters and a search; an agency: what was sent to it, what waits for its
// answer first), #/petitions/<id> is a case (its origins, steps, similar cases to merge, classification,
// transfer, reopening; for an agency its answer and forwarding), #/petitions/meetings the voter meetings and the
// petitions entered there (each case's trace code shown big, to give the voters) or imported from an .xlsx,
// #/petitions/agencies the council's agencies and their accounts, #/petitions/samples the sample checks
// (petition-samples.js), #/petitions/report the report to the session (petition-report.js). The server decides
// who may do what; the screen offers what can() says.
import '../styles/petitions.css';
import { api, get, patch, post } from '../api.js';
import { h, mount } from '../dom.js';
import { day, moment, t, tf } from '../i18n.js';
import { can, me } from '../me.js';
import { flash, showError } from '../notify.js';
import { ask } from '../confirm.js';
import { labelled } from './documents.js';
import { FIELDS, LEVELS, STATUSES, caseFlags, inDays, office, options, select, statusBadge, tabs } from './petition-parts.js';
import { remindersSection } from './petition-reminders.js';
import { reportPage } from './petition-report.js';
import { samplesPage } from './petition-samples.js';
import { exportLinks, importControl } from './petition-sheets.js';

const ANSWERS = ['in_progress', 'resolved', 'explained', 'not_resolved'];
const WAITING = ['transferred', 'in_progress', 'reopened']; // with an agency, waiting for its answer
const TRANSFERABLE = ['received', 'transferred', 'in_progress', 'not_resolved', 'reopened'];
const REOPENABLE = ['resolved', 'explained', 'not_resolved'];

const agencyUser = () => can('petitions.answer');

/** A PDF sent as the request's body, as the server takes it (Content-Type: application/pdf). */
function sendPdf(method, path, file) {
  return api(method, `${path}${path.includes('?') ? '&' : '?'}filename=${encodeURIComponent(file.name)}`, undefined,
    { form: new Blob([file], { type: 'application/pdf' }) });
}

// ---- the cases
let lastList = '#/petitions'; // the list (with its filters) a case page goes back to

// one cell: its content in one box, so that a phone's stacked card puts it beside its label
const cell = (label, ...content) => h('td', { 'data-label': label }, h('div', { class: 'kn-cell' }, ...content));

function caseRow(c) {
  const href = `#/petitions/${c.id}`;
  return h('tr', { class: c.overdue ? 'overdue' : '', 'data-testid': 'case-row', dataset: { code: c.code } },
    cell(t('kn_code'), h('a', { class: 'kn-code mono', href }, c.code)),
    cell(t('kn_summary'), h('a', { class: 'kn-summary', href }, c.summary),
      h('span', { class: 'hint small' }, [c.area, c.petitions > 1 ? tf('kn_n_petitions', { n: c.petitions }) : null].filter(Boolean).join(' · '))),
    cell(t('kn_field'), t(`pf_${c.field}`), h('span', { class: 'hint small' }, t(`pl_${c.level}`))),
    cell(t('status'), caseFlags(c)),
    cell(t('kn_col_agency'), c.agency || '—',
      c.deadline ? h('span', { class: `small kn-deadline${c.overdue ? ' late' : c.due_soon ? ' soon' : ''}` }, tf('kn_due', { date: day(c.deadline) })) : null));
}

function caseTable(cases, testid = 'cases') {
  return h('table', { class: 'grid kn-table', 'data-testid': testid },
    h('thead', {}, h('tr', {}, [t('kn_code'), t('kn_summary'), t('kn_field'), t('status'), t('kn_col_agency')].map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, cases.map(caseRow)));
}

/** The filters and the search, kept in the address (#/petitions?status=…&q=…) so that a case's page goes back
 * to the same list; a change reloads the list in place (the focus stays where it is). */
function casesList(agencies, { keys }) {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const q = h('input', { type: 'search', name: 'q', value: params.get('q') || '', maxlength: 200, placeholder: t('kn_search_hint'),
    'data-testid': 'kn-search', enterkeyhint: 'search' });
  const controls = {
    field: select('field', FIELDS, 'pf_', params.get('field'), t('kn_all')),
    level: select('level', LEVELS, 'pl_', params.get('level'), t('kn_all')),
    status: select('status', STATUSES, 'ps_', params.get('status'), t('kn_all')),
    agency_id: h('select', { name: 'agency_id' }, h('option', { value: '' }, t('kn_all')),
      agencies.map((a) => h('option', { value: a.id, selected: String(a.id) === params.get('agency_id') }, a.name))),
  };
  const overdue = h('input', { type: 'checkbox', name: 'overdue', checked: params.get('overdue') === '1', 'data-testid': 'kn-overdue-only' });
  const out = h('div', { class: 'kn-results', 'aria-live': 'polite' });
  const exports = exportLinks();
  let page = Number(params.get('page')) || 1;
  let asked = 0;
  async function load() {
    const p = new URLSearchParams();
    if (q.value.trim()) p.set('q', q.value.trim());
    for (const k of keys) if (controls[k].value) p.set(k, controls[k].value);
    if (overdue.checked) p.set('overdue', '1');
    if (page > 1) p.set('page', page);
    lastList = `#/petitions${String(p) ? `?${p}` : ''}`;
    history.replaceState(null, '', lastList);
    exports.show(p);
    const mine = ++asked;
    try {
      const { cases, total, page_size: size } = await get(`/api/petitions?${p}`);
      if (mine !== asked) return;
      const pages = Math.max(1, Math.ceil(total / size));
      const go = (n) => () => { page = n; load(); };
      mount(out, h('div', { class: 'kn-results-head' }, h('p', { class: 'hint', 'data-testid': 'kn-total' }, tf('kn_total', { n: total })),
        total ? exports.el : null),
        cases.length ? caseTable(cases) : h('p', {}, t('kn_none')),
        pages > 1 ? h('div', { class: 'row kn-pager' },
          h('button', { type: 'button', disabled: page <= 1, onclick: go(page - 1) }, t('prev_page')),
          h('span', {}, tf('kn_page_of', { page, pages })),
          h('button', { type: 'button', disabled: page >= pages, onclick: go(page + 1), 'data-testid': 'kn-next-page' }, t('next_page'))) : null);
    } catch (err) { showError(err); }
  }
  const again = () => { page = 1; load(); };
  for (const k of keys) controls[k].addEventListener('change', again);
  overdue.addEventListener('change', again);
  const form = h('form', { class: 'kn-filters', role: 'search', onsubmit: (e) => { e.preventDefault(); again(); } },
    labelled(t('kn_search'), q, 'grow'),
    keys.map((k) => labelled(t(`kn_filter_${k}`), controls[k])),
    h('label', { class: 'check kn-check' }, overdue, t('kn_overdue_only')),
    h('button', { type: 'submit', class: 'primary' }, t('search')));
  load();
  return h('div', {}, form, out);
}

/** An agency's cases waiting for its answer (sent, being resolved, reopened): the overdue first, then by deadline. */
async function waitingList() {
  const pages = await Promise.all(WAITING.map((s) => get(`/api/petitions?status=${s}`)));
  const cases = pages.flatMap((p) => p.cases)
    .sort((a, b) => (b.overdue - a.overdue) || (a.deadline || '9').localeCompare(b.deadline || '9'));
  const more = pages.some((p) => p.total > p.cases.length);
  return h('section', { class: 'kn-waiting' }, h('h3', {}, tf('kn_waiting', { n: cases.length })),
    cases.length ? caseTable(cases, 'waiting') : h('p', { class: 'hint' }, t('kn_nothing_waiting')),
    more ? h('p', { class: 'hint' }, t('kn_more_below')) : null);
}

async function listPage(main) {
  const { agencies } = await get('/api/agencies');
  if (agencyUser()) {
    const mine = agencies.find((a) => a.id === me().user.agency_id);
    mount(main, h('h2', {}, t('kn_title')), mine ? h('p', { class: 'hint kn-agency-name' }, mine.name) : null,
      await waitingList(), await remindersSection(), h('h3', {}, t('kn_all_cases')), casesList([], { keys: ['status'] }));
    return;
  }
  mount(main, h('h2', {}, t('kn_title')), tabs('cases'),
    h('div', { class: 'tab-panel' }, casesList(agencies, { keys: ['field', 'level', 'status', 'agency_id'] })));
}

// ---- a case
export const facts = (...pairs) => h('dl', { class: 'kn-facts' }, pairs.filter(([, v]) => v != null && v !== '')
  .map(([k, v, testid]) => h('div', {}, h('dt', {}, k), h('dd', { 'data-testid': testid }, v))));

function fileLinks(caseId, files) {
  return files.length ? h('ul', { class: 'kn-files' }, files.map((f) => h('li', {},
    h('a', { href: `/api/petitions/${caseId}/files/${f.sha256}`, target: '_blank', rel: 'noopener', 'data-testid': 'case-file' }, f.filename),
    h('span', { class: 'hint small' }, ` · ${Math.max(1, Math.round(f.size / 1024))} KB`)))) : null;
}

export function stepsList(c) {
  return h('ol', { class: 'kn-steps', 'data-testid': 'case-steps' },
    h('li', { class: 'kn-step' }, h('div', { class: 'kn-step-head' }, h('strong', {}, t('ps_received'))),
      h('span', { class: 'hint small' }, c.origins.length ? day(c.origins.map((o) => o.meeting.held_on).sort()[0]) : '')),
    c.steps.map((st) => h('li', { class: `kn-step kn-step-${st.kind}`, dataset: { kind: st.kind } },
      h('div', { class: 'kn-step-head' }, h('strong', {}, t(`pk_${st.kind}`)),
        st.kind === 'answered' ? statusBadge(st.status) : null,
        h('span', { class: 'hint small' }, moment(st.at))),
      st.agency ? h('div', {}, st.agency, st.deadline && st.kind !== 'answered' ? h('span', { class: 'hint' }, ` · ${tf('kn_due', { date: day(st.deadline) })}`) : null) : null,
      st.text ? h('p', { class: 'kn-step-text' }, st.text) : null,
      fileLinks(c.id, st.files),
      st.by ? h('div', { class: 'hint small' }, st.by) : null)));
}

export function origins(c) {
  return h('ul', { class: 'kn-origins', 'data-testid': 'case-origins' }, c.origins.map((o) => h('li', {},
    h('div', { class: 'kn-origin-head' }, h('strong', {}, day(o.meeting.held_on)), ` · ${o.meeting.place} · ${o.meeting.constituency}`),
    h('p', {}, o.text), o.area ? h('span', { class: 'hint small' }, `${t('kn_area')}: ${o.area}`) : null)));
}

const card = (title, testid, ...body) => h('section', { class: 'card kn-action', 'data-testid': testid }, h('h3', {}, title), ...body);
// an action that is not the next step of the case: folded under its title until asked for
const folded = (open, title, testid, ...body) => h('details', { class: 'card kn-action', open, 'data-testid': testid },
  h('summary', {}, h('h3', {}, title)), ...body);

function transferForm(c, agencies, done) {
  const active = agencies.filter((a) => a.active);
  const agency = h('select', { name: 'agency_id', required: true, 'data-testid': 'transfer-agency' }, h('option', { value: '' }, t('kn_choose_agency')),
    LEVELS.map((l) => h('optgroup', { label: t(`pl_${l}`) }, active.filter((a) => a.level === l)
      .map((a) => h('option', { value: a.id, selected: a.id === c.agency_id }, a.name)))));
  const deadline = h('input', { type: 'date', name: 'deadline', required: true, min: inDays(0), value: c.deadline && c.deadline >= inDays(0) ? c.deadline : inDays(30) });
  const note = h('textarea', { name: 'text', rows: 2, maxlength: 2000 });
  return folded(c.status === 'received', t('kn_transfer'), 'transfer', h('form', { class: 'kn-form', onsubmit: async (e) => {
    e.preventDefault();
    try {
      await post(`/api/petitions/${c.id}/transfer`, { agency_id: Number(agency.value), deadline: deadline.value, text: note.value });
      flash(t('kn_transferred'), 'info');
      done();
    } catch (err) { showError(err); }
  } }, labelled(t('kn_agency'), agency), labelled(t('kn_deadline'), deadline), labelled(t('kn_note'), note),
  h('button', { type: 'submit', class: 'primary', 'data-testid': 'transfer-go' }, t('kn_transfer_go'))));
}

function classifyForm(c, committees, done) {
  const summary = h('textarea', { name: 'summary', rows: 3, maxlength: 5000, required: true }, c.summary);
  const fieldSel = select('field', FIELDS, 'pf_', c.field);
  const levelSel = select('level', LEVELS, 'pl_', c.level);
  const area = h('input', { name: 'area', value: c.area, maxlength: 200 });
  const committee = h('select', { name: 'committee_id' }, h('option', { value: '' }, t('kn_no_committee')),
    committees.map((g) => h('option', { value: g.id, selected: g.id === c.committee_id }, g.name)));
  return folded(c.status === 'received', t('kn_classify'), 'classify', h('form', { class: 'kn-form', onsubmit: async (e) => {
    e.preventDefault();
    try {
      await patch(`/api/petitions/${c.id}`, { summary: summary.value, field: fieldSel.value, level: levelSel.value, area: area.value,
        committee_id: committee.value ? Number(committee.value) : null });
      flash(t('saved'), 'info');
      done();
    } catch (err) { showError(err); }
  } }, labelled(t('kn_summary'), summary), labelled(t('kn_field'), fieldSel), labelled(t('kn_level'), levelSel),
  labelled(t('kn_area'), area), labelled(t('kn_committee'), committee),
  h('button', { type: 'submit' }, t('kn_save_class'))));
}

async function similarCard(c, done) {
  const { similar } = await get(`/api/petitions/${c.id}/similar`);
  const merge = async (other) => {
    const go = await ask({ title: tf('kn_merge_q', { other: other.code, into: c.code }), text: t('kn_merge_text'), ok: t('kn_merge') });
    if (!go) return;
    try {
      await post(`/api/petitions/${c.id}/merge`, { cases: [other.id] });
      flash(t('kn_merged'), 'info');
      done();
    } catch (err) { showError(err); }
  };
  return card(t('kn_similar'), 'similar', similar.length ? h('ul', { class: 'kn-similar' }, similar.map(({ case: o, score }) => h('li', { dataset: { code: o.code } },
    h('div', {}, h('a', { class: 'mono', href: `#/petitions/${o.id}` }, o.code), ' ', statusBadge(o.status),
      h('span', { class: 'hint small' }, ` · ${tf('kn_alike', { pct: Math.round(score * 100) })}`)),
    h('p', {}, o.summary),
    o.status === 'received'
      ? h('button', { type: 'button', 'data-testid': 'merge', onclick: () => merge(o) }, t('kn_merge_here'))
      : h('p', { class: 'hint small' }, t('kn_not_mergeable'))))) : h('p', { class: 'hint' }, t('kn_no_similar')));
}

function answerForm(c, done) {
  const status = h('select', { name: 'status', required: true, 'data-testid': 'answer-status' }, options(ANSWERS, 'ps_', null, t('kn_choose')));
  const text = h('textarea', { name: 'text', rows: 5, required: true, maxlength: 20000, 'data-testid': 'answer-text' });
  const files = h('input', { type: 'file', name: 'files', accept: 'application/pdf,.pdf', multiple: true, 'data-testid': 'answer-files' });
  const progress = h('p', { class: 'hint small', 'aria-live': 'polite' });
  const send = h('button', { type: 'submit', class: 'primary', 'data-testid': 'answer-go' }, t('kn_answer_go'));
  return card(t('kn_answer'), 'answer', h('form', { class: 'kn-form', onsubmit: async (e) => {
    e.preventDefault();
    send.disabled = true;
    try {
      const sent = [];
      for (const [i, f] of [...files.files].entries()) {
        progress.textContent = tf('kn_uploading', { i: i + 1, n: files.files.length });
        sent.push((await sendPdf('POST', '/api/petitions/files', f)).file);
      }
      await post(`/api/petitions/${c.id}/answer`, { status: status.value, text: text.value, files: sent });
      flash(t('kn_answered'), 'info');
      done();
    } catch (err) { showError(err); progress.textContent = ''; send.disabled = false; }
  } }, labelled(t('kn_outcome'), status), labelled(t('kn_answer_text'), text), labelled(t('kn_answer_files'), files), progress, send));
}

function forwardForm(c, agencies, done) {
  const mine = agencies.find((a) => a.id === c.agency_id);
  const peers = agencies.filter((a) => a.active && a.id !== c.agency_id && a.level === mine?.level);
  const target = h('select', { name: 'agency_id', required: true, 'data-testid': 'forward-agency' }, h('option', { value: '' }, t('kn_choose_agency')),
    peers.map((a) => h('option', { value: a.id }, a.name)));
  const reason = h('textarea', { name: 'text', rows: 2, maxlength: 2000 });
  return card(t('kn_forward'), 'forward', h('p', { class: 'hint small' }, t('kn_forward_hint')), h('form', { class: 'kn-form', onsubmit: async (e) => {
    e.preventDefault();
    const name = target.selectedOptions[0]?.textContent;
    if (!await ask({ title: tf('kn_forward_q', { agency: name }), text: t('kn_forward_text'), ok: t('kn_forward_go') })) return;
    try {
      await post(`/api/petitions/${c.id}/forward`, { agency_id: Number(target.value), text: reason.value });
      flash(t('kn_forwarded'), 'info');
      location.hash = lastList;
    } catch (err) { showError(err); }
  } }, labelled(t('kn_forward_to'), target), labelled(t('reason'), reason),
  h('button', { type: 'submit', disabled: !peers.length }, t('kn_forward_go'))));
}

function reopenCard(c, done) {
  return card(t('kn_reopen'), 'reopen', h('p', { class: 'hint small' }, t('kn_reopen_hint')),
    h('button', { type: 'button', 'data-testid': 'reopen', onclick: async () => {
      const reason = await ask({ title: tf('kn_reopen_q', { code: c.code }), ok: t('kn_reopen'), input: { label: t('reason'), maxlength: 2000, placeholder: t('kn_reopen_reason') } });
      if (reason === false) return;
      if (!reason) { flash(t('kn_reason_needed')); return; }
      try {
        await post(`/api/petitions/${c.id}/reopen`, { text: reason });
        flash(t('kn_reopened'), 'info');
        done();
      } catch (err) { showError(err); }
    } }, t('kn_reopen')));
}

async function casePage(main, id) {
  const [{ case: c }, { agencies }] = await Promise.all([get(`/api/petitions/${id}`), get('/api/agencies')]);
  const again = () => casePage(main, id).catch(showError);
  const committees = office() ? (await get('/api/council')).groups.filter((g) => g.kind === 'committee') : [];
  const actions = [];
  if (office() && c.status !== 'merged') {
    if (TRANSFERABLE.includes(c.status)) actions.push(transferForm(c, agencies, again));
    if (REOPENABLE.includes(c.status)) actions.push(reopenCard(c, again));
    actions.push(await similarCard(c, again), classifyForm(c, committees, again));
  }
  if (agencyUser() && c.agency_id === me().user.agency_id && WAITING.includes(c.status)) {
    actions.push(answerForm(c, again), forwardForm(c, agencies, again));
  }
  const committee = committees.find((g) => g.id === c.committee_id);
  const files = c.steps.flatMap((st) => st.files);
  mount(main, h('a', { class: 'kn-back', href: lastList }, `← ${t('kn_back')}`),
    h('header', { class: 'kn-case-head' },
      h('div', { class: 'kn-code-big mono', 'data-testid': 'case-code' }, c.code),
      caseFlags(c),
      h('h2', { class: 'kn-case-summary' }, c.summary)),
    c.merged_into ? h('p', { class: 'kn-merged-note', 'data-testid': 'merged-into' }, tf('kn_merged_into', { code: c.merged_into })) : null,
    facts([t('kn_field'), t(`pf_${c.field}`)], [t('kn_level'), t(`pl_${c.level}`)], [t('kn_area'), c.area],
      [t('kn_committee'), committee?.name], [t('kn_agency'), c.agency, 'case-agency'],
      [t('kn_deadline'), c.deadline ? h('span', { class: c.overdue ? 'kn-deadline late' : '' }, day(c.deadline)) : null],
      [t('kn_resolved_on'), c.status === 'resolved' && c.resolved_on ? day(c.resolved_on) : null],
      [t('kn_merged_codes'), c.merged_codes.length ? c.merged_codes.join(', ') : null, 'merged-codes']),
    h('div', { class: `kn-case${actions.length ? ' with-actions' : ''}` },
      h('div', { class: 'kn-case-main' },
        h('section', {}, h('h3', {}, tf('kn_origins', { n: c.origins.length })), origins(c)),
        h('section', {}, h('h3', {}, t('kn_steps')), stepsList(c)),
        files.length ? h('section', { 'data-testid': 'case-attachments' }, h('h3', {}, t('kn_attachments')), fileLinks(c.id, files)) : null),
      actions.length ? h('div', { class: 'kn-case-actions' }, actions) : null));
}

// ---- voter meetings
function meetingForm(members, groups, done) {
  const delegates = members.filter((m) => m.role === 'delegate' || m.role === 'chair');
  const constituencies = [...new Set(delegates.map((m) => m.constituency).filter(Boolean))].sort();
  const heldOn = h('input', { type: 'date', name: 'held_on', required: true, max: inDays(0), value: inDays(0) });
  const place = h('input', { name: 'place', required: true, maxlength: 300 });
  const constituency = h('input', { name: 'constituency', required: true, maxlength: 200, list: 'kn-constituencies' });
  const group = h('select', { name: 'group_id' }, h('option', { value: '' }, '—'), groups.filter((g) => g.kind === 'delegate_group').map((g) => h('option', { value: g.id }, g.name)));
  const voters = h('input', { type: 'number', name: 'voters', min: 0, max: 1000000, value: 0 });
  const who = h('div', { class: 'kn-delegates' });
  const drawWho = () => {
    const here = delegates.filter((m) => m.constituency === constituency.value);
    const picked = new Set([...who.querySelectorAll('input:checked')].map((i) => Number(i.value)));
    mount(who, (here.length ? here : delegates).map((m) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', name: 'delegate_ids', value: m.id, checked: picked.has(m.id) }), m.full_name)));
  };
  constituency.addEventListener('change', drawWho);
  drawWho();
  const form = h('form', { class: 'card kn-meeting-form', 'data-testid': 'meeting-form', onsubmit: async (e) => {
    e.preventDefault();
    try {
      await post('/api/voter-meetings', { held_on: heldOn.value, place: place.value, constituency: constituency.value,
        group_id: group.value ? Number(group.value) : null, voters: Number(voters.value || 0),
        delegate_ids: [...who.querySelectorAll('input:checked')].map((i) => Number(i.value)) });
      flash(t('saved'), 'info');
      done();
    } catch (err) { showError(err); }
  } }, h('h3', {}, t('kn_new_meeting')),
  h('div', { class: 'kn-grid' }, labelled(t('kn_held_on'), heldOn), labelled(t('kn_place'), place, 'wide'),
    labelled(t('constituency'), constituency), h('datalist', { id: 'kn-constituencies' }, constituencies.map((c) => h('option', { value: c }))),
    labelled(t('kn_group'), group), labelled(t('kn_voters'), voters)),
  h('fieldset', { class: 'kn-who' }, h('legend', {}, t('kn_delegates_present')), who),
  h('div', { class: 'row' }, h('button', { type: 'submit', class: 'primary' }, t('create')), h('button', { type: 'button', onclick: () => done(false) }, t('cancel'))));
  return form;
}

/** Petitions heard at a meeting, one after another: each gets its case and trace code, shown big for the voters
 * (`href`: where a code leads; `entered`: called after each). */
export function entryPanel(m, level, { href = (c) => `#/petitions/${c.id}`, entered = () => {} } = {}) {
  const codes = h('ol', { class: 'kn-codes', 'data-testid': 'entered-codes' });
  const text = h('textarea', { name: 'text', rows: 4, required: true, maxlength: 5000, 'data-testid': 'petition-text' });
  const area = h('input', { name: 'area', maxlength: 200, 'data-testid': 'petition-area' });
  const fieldSel = select('field', FIELDS, 'pf_', null, t('kn_choose'));
  const levelSel = select('level', LEVELS, 'pl_', level);
  fieldSel.required = true;
  fieldSel.dataset.testid = 'petition-field';
  const form = h('form', { class: 'kn-form kn-entry', onsubmit: async (e) => {
    e.preventDefault();
    try {
      const { case: c } = await post(`/api/voter-meetings/${m.id}/petitions`, { text: text.value, area: area.value, field: fieldSel.value, level: levelSel.value });
      codes.prepend(h('li', { class: 'kn-new-code', 'data-testid': 'new-code' },
        h('span', { class: 'hint small' }, t('kn_trace_code')),
        h('a', { class: 'kn-code-big mono', href: href(c), 'data-testid': 'new-code-value' }, c.code),
        h('span', { class: 'kn-new-text' }, c.summary)));
      text.value = '';
      text.focus();
      entered(c);
    } catch (err) { showError(err); }
  } }, labelled(t('kn_petition_text'), text), labelled(t('kn_voters_area'), area),
  h('div', { class: 'kn-pair' }, labelled(t('kn_field'), fieldSel), labelled(t('kn_level'), levelSel)),
  h('button', { type: 'submit', class: 'primary', 'data-testid': 'petition-go' }, t('kn_enter_go')));
  return h('div', { class: 'kn-entry-panel' }, h('p', { class: 'hint small' }, t('kn_code_hint')), codes, form);
}

function recordControl(m, done) {
  const link = m.record_filename ? h('a', { href: `/api/voter-meetings/${m.id}/record`, target: '_blank', rel: 'noopener', 'data-testid': 'meeting-record' }, m.record_filename)
    : h('span', { class: 'hint' }, t('kn_no_record'));
  if (!office()) return link;
  const input = h('input', { type: 'file', accept: 'application/pdf,.pdf', class: 'sr-only', 'data-testid': 'record-file', onchange: async () => {
    const file = input.files[0];
    if (!file) return;
    try { await sendPdf('PUT', `/api/voter-meetings/${m.id}/record`, file); flash(t('saved'), 'info'); done(); } catch (err) { showError(err); }
  } });
  return h('span', { class: 'row' }, link, h('label', { class: 'button kn-upload' }, input, m.record_filename ? t('kn_replace_record') : t('kn_upload_record')));
}

async function meetingsPage(main) {
  const [{ meetings }, council, { members }] = await Promise.all([get('/api/voter-meetings'), get('/api/council'), get('/api/members')]);
  const names = new Map(members.map((m) => [m.id, m.full_name]));
  const editor = h('div');
  const again = () => meetingsPage(main).catch(showError);
  const level = council.level === 'commune' ? 'commune' : 'province';
  const mayEnter = (m) => office() || m.delegate_ids.includes(me().user.id);
  const item = (m) => {
    const panel = h('div');
    let count = m.petitions;
    const line = () => [m.constituency, tf('kn_n_voters', { n: m.voters }), tf('kn_n_petitions', { n: count })].join(' · ');
    const counts = h('div', { class: 'hint' }, line());
    const more = (n) => { count += n; counts.textContent = line(); };
    return h('li', { class: 'card kn-meeting', 'data-testid': 'meeting', dataset: { id: m.id } },
      h('div', { class: 'kn-meeting-head' },
        h('div', {}, h('strong', {}, `${day(m.held_on)} · ${m.place}`),
          counts),
        mayEnter(m) ? h('button', { type: 'button', class: 'primary', 'data-testid': 'enter-petitions',
          onclick: () => { mount(panel, entryPanel(m, level, { entered: () => more(1) })); panel.querySelector('textarea').focus(); } }, t('kn_enter')) : null),
      m.delegate_ids.length ? h('p', { class: 'small' }, `${t('kn_delegates_present')}: `, m.delegate_ids.map((i) => names.get(i) || `#${i}`).join(', ')) : null,
      h('div', { class: 'small kn-record' }, `${t('kn_record')}: `, recordControl(m, again)),
      office() ? importControl(m, more) : null,
      panel);
  };
  mount(main, h('h2', {}, t('kn_title')), tabs('meetings'),
    h('div', { class: 'tab-panel' },
      office() ? h('div', { class: 'toolbar' }, h('button', { class: 'primary', 'data-testid': 'new-meeting',
        onclick: () => mount(editor, meetingForm(members, council.groups, (saved) => (saved === false ? mount(editor) : again()))) }, t('kn_new_meeting'))) : null,
      editor,
      meetings.length ? h('ul', { class: 'kn-meetings' }, meetings.map(item)) : h('p', { class: 'hint' }, t('kn_no_meetings'))));
}

// ---- agencies and their accounts
function accountForm(a, done) {
  const result = h('div', { 'aria-live': 'polite' });
  const username = h('input', { name: 'username', required: true, maxlength: 64, autocomplete: 'off', 'data-testid': 'account-username' });
  const fullName = h('input', { name: 'full_name', required: true, maxlength: 200, 'data-testid': 'account-name' });
  const title = h('input', { name: 'title', maxlength: 200 });
  const form = h('form', { class: 'kn-form kn-account-form', onsubmit: async (e) => {
    e.preventDefault();
    try {
      const r = await post(`/api/agencies/${a.id}/accounts`, { username: username.value, full_name: fullName.value, title: title.value });
      mount(result, h('div', { class: 'kn-password', 'data-testid': 'one-time-password', role: 'status' },
        h('p', {}, tf('kn_account_made', { username: r.username })),
        h('p', {}, `${t('initial_password')}: `, h('code', { class: 'kn-secret' }, r.initial_password)),
        h('p', { class: 'hint small' }, t('kn_password_once'))));
      form.remove();
      done();
    } catch (err) { showError(err); }
  } }, h('div', { class: 'kn-grid' }, labelled(t('username'), username), labelled(t('full_name'), fullName), labelled(t('title'), title)),
  h('button', { type: 'submit', class: 'primary', 'data-testid': 'account-go' }, t('kn_make_account')));
  return h('div', { class: 'kn-account' }, form, result);
}

async function agenciesPage(main) {
  const [{ agencies }, { members }] = await Promise.all([get('/api/agencies'), get('/api/members')]);
  const again = () => agenciesPage(main).catch(showError);
  const name = h('input', { name: 'name', required: true, maxlength: 200, 'data-testid': 'agency-name' });
  const level = select('level', LEVELS, 'pl_', 'province');
  const email = h('input', { name: 'email', type: 'email', maxlength: 200 });
  const add = h('form', { class: 'card kn-form kn-agency-form', onsubmit: async (e) => {
    e.preventDefault();
    try { await post('/api/agencies', { name: name.value, level: level.value, email: email.value }); again(); } catch (err) { showError(err); }
  } }, h('h3', {}, t('kn_add_agency')),
  h('div', { class: 'kn-grid' }, labelled(t('kn_agency_name'), name, 'wide'), labelled(t('kn_level'), level), labelled(t('kn_email'), email)),
  h('button', { type: 'submit', class: 'primary', 'data-testid': 'agency-add' }, t('add')));
  const row = (a) => {
    const under = h('div');
    const accounts = members.filter((m) => m.agency_id === a.id);
    return h('li', { class: `card kn-agency${a.active ? '' : ' inactive'}`, 'data-testid': 'agency', dataset: { name: a.name } },
      h('div', { class: 'kn-agency-head' },
        h('div', {}, h('strong', {}, a.name), h('div', { class: 'hint small' }, [t(`pl_${a.level}`), a.email, a.active ? null : t('kn_inactive')].filter(Boolean).join(' · '))),
        h('div', { class: 'row' },
          h('button', { type: 'button', 'data-testid': 'agency-account', onclick: () => mount(under, accountForm(a, () => {})) }, t('kn_make_account')),
          h('button', { type: 'button', onclick: async () => {
            if (a.active && !await ask({ title: tf('kn_deactivate_q', { name: a.name }), text: t('kn_deactivate_text'), ok: t('kn_deactivate') })) return;
            try { await patch(`/api/agencies/${a.id}`, { active: !a.active }); again(); } catch (err) { showError(err); }
          } }, a.active ? t('kn_deactivate') : t('kn_activate')))),
      accounts.length ? h('p', { class: 'small' }, `${t('kn_accounts')}: `, accounts.map((m) => `${m.full_name} (${m.username})`).join(', ')) : null,
      under);
  };
  mount(main, h('h2', {}, t('kn_title')), tabs('agencies'),
    h('div', { class: 'tab-panel' }, add,
      agencies.length ? h('ul', { class: 'kn-agencies' }, agencies.map(row)) : h('p', { class: 'hint' }, t('kn_no_agencies'))));
}

/** #/petitions[/<id>|/meetings|/agencies|/samples|/report]. */
export async function petitionsView(main, id) {
  const sub = location.hash.match(/^#\/petitions\/(meetings|agencies|samples|report)\b/)?.[1];
  if (id) await casePage(main, id);
  else if (sub === 'meetings' && can('petitions.enter')) await meetingsPage(main);
  else if (sub === 'samples' && can('petitions.oversee')) await samplesPage(main);
  else if (sub === 'report' && can('petitions.read')) await reportPage(main);
  else if (sub === 'agencies' && office()) await agenciesPage(main);
  else await listPage(main);
}
