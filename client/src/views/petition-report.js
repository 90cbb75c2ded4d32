// The report to the session on voters' petitions, #/petitions/report: the period (cases received from … to …,
// either end open), its main figures, the official document as PDF or Word and its tables as a workbook, and —
// for the office — the PDF put on an agenda item of a session that is not closed (a document of the session,
// read by the delegates).
import { get, post } from '../api.js';
import { h, mount } from '../dom.js';
import { t, tf } from '../i18n.js';
import { flash, showError } from '../notify.js';
import { labelled } from './documents.js';
import { inDays, office, tabs } from './petition-parts.js';

const FORMATS = ['pdf', 'docx', 'xlsx'];

/** The period's figures in a line each: the total, by status, overdue, and the sample checks. */
function figuresBox(fig) {
  return h('div', { class: 'rp-figures', 'data-testid': 'report-figures' },
    h('p', { class: 'rp-total' }, tf('rp_total', { n: fig.total })),
    fig.total ? h('ul', { class: 'rp-counts' }, fig.by_status.filter((c) => c.count).map((c) => h('li', {},
      h('span', { class: `badge kn-st kn-st-${c.key}` }, t(`ps_${c.key}`)), ` ${c.count}`))) : null,
    h('p', { class: 'small' }, tf('rp_overdue', { n: fig.overdue.length }), ' · ', tf('rp_samples', { n: fig.samples.length })));
}

/** A session (not closed) and one of its agenda items, and the button that puts the report there. */
async function attachForm(period) {
  const sessions = (await get('/api/sessions')).sessions.filter((s) => s.status !== 'closed');
  const done = h('div', { 'aria-live': 'polite' });
  if (!sessions.length) return h('section', { class: 'card rp-attach' }, h('h3', {}, t('rp_attach')), h('p', { class: 'hint' }, t('rp_no_session')));
  const session = h('select', { name: 'session_id', 'data-testid': 'report-session' }, sessions.map((s) => h('option', { value: s.id }, s.title)));
  const item = h('select', { name: 'agenda_item_id', required: true, 'data-testid': 'report-item' });
  const loadItems = async () => {
    try {
      const { agenda } = await get(`/api/sessions/${session.value}`);
      const pick = agenda.find((i) => i.kind === 'report') || agenda[0];
      mount(item, agenda.length ? agenda.map((i) => h('option', { value: i.id, selected: i === pick },
        `${'\u00a0\u00a0'.repeat(i.depth)}${i.number}. ${i.title}`)) : h('option', { value: '' }, t('rp_no_items')));
    } catch (err) { showError(err); }
  };
  session.addEventListener('change', loadItems);
  await loadItems();
  const send = h('button', { type: 'submit', class: 'primary', 'data-testid': 'report-attach-go' }, t('rp_attach_go'));
  return h('form', { class: 'card kn-form rp-attach', 'data-testid': 'report-attach', onsubmit: async (e) => {
    e.preventDefault();
    const p = period();
    if (!p) return;
    send.disabled = true;
    mount(done, h('p', { class: 'hint small' }, t('rp_attaching')));
    try {
      const { document: doc } = await post('/api/petitions/report/attach', { session_id: Number(session.value), agenda_item_id: Number(item.value),
        ...Object.fromEntries(p) });
      const where = item.selectedOptions[0]?.textContent.trim();
      mount(done, h('p', { class: 'rp-attached', role: 'status', 'data-testid': 'report-attached' },
        tf('rp_attached', { title: doc.title, item: where }), ' ', h('a', { href: `#/sessions/${session.value}` }, t('rp_open_session'))));
      flash(t('rp_attached_short'), 'info');
    } catch (err) { mount(done); showError(err); } finally { send.disabled = false; }
  } }, h('h3', {}, t('rp_attach')), h('p', { class: 'hint small' }, t('rp_attach_hint')),
  h('div', { class: 'kn-grid' }, labelled(t('rp_session'), session), labelled(t('rp_item'), item, 'wide')), send, done);
}

/** #/petitions/report. */
export async function reportPage(main) {
  const from = h('input', { type: 'date', name: 'from', max: inDays(0), 'data-testid': 'report-from' });
  const to = h('input', { type: 'date', name: 'to', 'data-testid': 'report-to' });
  const links = Object.fromEntries(FORMATS.map((f) => [f, h('a', { class: `button rp-download${f === 'pdf' ? ' primary' : ''}`, download: '', 'data-testid': `report-${f}` },
    t(`rp_${f}`))]));
  const shown = h('div', { 'aria-live': 'polite' });
  const wrong = h('p', { class: 'error small', hidden: true }, t('rp_bad_period'));
  /** The period as query pairs, or null when it ends before it starts. */
  const period = () => {
    if (from.value && to.value && from.value > to.value) return null;
    return [['from', from.value], ['to', to.value]].filter(([, v]) => v);
  };
  let asked = 0;
  const update = async () => {
    const p = period();
    wrong.hidden = !!p;
    to.min = from.value || '';
    for (const [f, a] of Object.entries(links)) {
      if (p) a.href = `/api/petitions/report.${f}?${new URLSearchParams(p)}`;
      else a.removeAttribute('href');
    }
    if (!p) { mount(shown); return; }
    const mine = ++asked;
    try {
      const fig = await get(`/api/petitions/report.json?${new URLSearchParams(p)}`);
      if (mine === asked) mount(shown, figuresBox(fig));
    } catch (err) { showError(err); }
  };
  from.addEventListener('change', update);
  to.addEventListener('change', update);
  const attach = office() ? await attachForm(period) : null;
  mount(main, h('h2', {}, t('kn_title')), tabs('report'), h('div', { class: 'tab-panel rp-page' },
    h('section', { class: 'card rp-period', 'data-testid': 'report' }, h('h3', {}, t('rp_heading')),
      h('p', { class: 'hint small' }, t('rp_period_hint')),
      h('div', { class: 'row rp-dates' }, labelled(t('rp_from'), from), labelled(t('rp_to'), to)), wrong, shown,
      h('div', { class: 'row rp-downloads' }, h('span', { class: 'small' }, t('rp_download')), FORMATS.map((f) => links[f]))),
    attach));
  await update();
}
