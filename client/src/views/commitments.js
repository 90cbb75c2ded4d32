// The commitments tracker (Theo dõi lời hứa, #/questions/commitments): what officials committed to, at which
// meeting, by when, and how far it has got; filtered by status (open, overdue, done) and official, the overdue
// first and in red; the organizer (office, chair) marks one done or open again. An official sees only their own.
import { get, patch } from '../api.js';
import { h, mount } from '../dom.js';
import { day, t, tf } from '../i18n.js';
import { can } from '../me.js';
import { flash, showError } from '../notify.js';
import { labelled } from './documents.js';
import { commitmentBadge, commitmentState, loadMeetings, loadOfficials, officialLabel, officialOptions, tabs } from './question-parts.js';

const STATES = ['open', 'overdue', 'done'];
const filters = { state: '', official: '' }; // kept while the person moves between the questioning screens

const cell = (label, ...content) => h('td', { 'data-label': label }, h('div', { class: 'kn-cell' }, ...content));

export async function commitmentsPage(main) {
  const y = window.scrollY;
  const again = () => commitmentsPage(main).then(() => window.scrollTo(0, y)).catch(showError);
  const organizer = can('questions.organize');
  const [{ commitments }, meetings, officials] = await Promise.all([get('/api/commitments'), loadMeetings(),
    can('questions.answer') ? Promise.resolve([]) : loadOfficials().catch(() => [])]);
  const state = h('select', { 'data-testid': 'cm-filter-state' }, h('option', { value: '' }, t('kn_all')),
    STATES.map((s) => h('option', { value: s, selected: s === filters.state }, t(`qc_${s}`))));
  const official = h('select', { 'data-testid': 'cm-filter-official' },
    officialOptions(officials, Number(filters.official) || null, t('kn_all')));
  const out = h('div', { 'aria-live': 'polite' });
  const mark = (c, status) => h('button', { type: 'button', 'data-testid': status === 'done' ? 'commitment-done' : 'commitment-reopen',
    onclick: async () => {
      try { await patch(`/api/commitments/${c.id}`, { status }); flash(t('saved'), 'info'); again(); } catch (err) { showError(err); }
    } }, status === 'done' ? t('qv_mark_done') : t('qv_reopen'));
  const draw = () => {
    filters.state = state.value;
    filters.official = official.value;
    const rank = { overdue: 0, open: 1, done: 2 };
    const shown = commitments.filter((c) => (!filters.state || commitmentState(c) === filters.state)
      && (!filters.official || String(c.official.id) === filters.official))
      .sort((a, b) => rank[commitmentState(a)] - rank[commitmentState(b)] || a.deadline.localeCompare(b.deadline));
    const cols = [t('qv_official'), t('qv_commitment_text'), t('qv_commitment_deadline'), t('status'), t('qv_progress')];
    mount(out, h('p', { class: 'hint', 'data-testid': 'cm-total' }, tf('qv_n_commitments', { n: shown.length })),
      shown.length ? h('table', { class: 'grid kn-table qv-cm-table', 'data-testid': 'commitments' },
        h('thead', {}, h('tr', {}, cols.map((x) => h('th', { scope: 'col' }, x)), organizer ? h('th', { scope: 'col' }, '') : null)),
        h('tbody', {}, shown.map((c) => {
          const st = commitmentState(c);
          return h('tr', { class: st === 'overdue' ? 'overdue' : '', 'data-testid': 'commitment-row', dataset: { id: c.id, state: st } },
            cell(cols[0], officialLabel(c.official)),
            cell(cols[1], h('span', { 'data-testid': 'commitment-text' }, c.text),
              meetings.names.get(c.session_id) ? h('span', { class: 'hint small' }, `${t('qv_made_at')}: ${meetings.names.get(c.session_id)}`) : null),
            cell(cols[2], h('span', { class: `kn-deadline${st === 'overdue' ? ' late' : ''}` }, day(c.deadline))),
            cell(cols[3], commitmentBadge(c), c.done_on ? h('span', { class: 'hint small' }, day(c.done_on)) : null),
            cell(cols[4], c.progress || '—'),
            organizer ? cell('', mark(c, c.status === 'done' ? 'open' : 'done')) : null);
        }))) : h('p', { class: 'hint' }, t('qv_no_commitments')));
  };
  state.addEventListener('change', draw);
  official.addEventListener('change', draw);
  draw();
  mount(main, h('h2', {}, t('qv_tracker')), tabs('commitments'),
    h('div', { class: 'tab-panel' },
      h('div', { class: 'kn-filters' }, labelled(t('status'), state), officials.length ? labelled(t('qv_official'), official, 'grow') : null),
      out));
}
