// Giám sát xác suất, #/petitions/samples: the council's sample checks — which committee or delegate group drew
// which round, how many of how many resolved cases, the cases drawn with their status and what was found on
// site, and the draw recomputed from the record chain ("Kiểm tra lại từ chuỗi: khớp"). The members of a group
// (the office for any group) draw a round and record a finding on each drawn case: confirmed, or reopened (back
// to its agency). The server decides who may; the screen offers it to the office and to the group's members.
import '../styles/petition-samples.css';
import { get, post } from '../api.js';
import { h, mount } from '../dom.js';
import { moment, t, tf } from '../i18n.js';
import { can, me } from '../me.js';
import { flash, showError } from '../notify.js';
import { ask } from '../confirm.js';
import { labelled } from './documents.js';
import { FIELDS, caseFlags, office, select, tabs } from './petition-parts.js';

const CHECKING = ['committee', 'delegate_group']; // the groups that check samples
const VERDICTS = ['confirmed', 'reopened'];

/** The groups whose samples this account draws and records: every checking group for the office, else its own. */
async function myGroups() {
  if (office()) return (await get('/api/council')).groups.filter((g) => CHECKING.includes(g.kind));
  const { members } = await get('/api/members');
  return (members.find((m) => m.id === me().user.id)?.groups || []).filter((g) => CHECKING.includes(g.kind));
}

/** The draw, folded once the list has rounds (a round is drawn once a quarter; findings are the daily work). */
function drawForm(groups, agencies, open, drawn) {
  const group = h('select', { name: 'group_id', required: true, 'data-testid': 'sample-group' },
    groups.length > 1 ? h('option', { value: '' }, t('gs_choose_group')) : null, groups.map((g) => h('option', { value: g.id }, g.name)));
  const round = h('input', { name: 'round', required: true, maxlength: 40, placeholder: tf('gs_round_hint', { year: new Date().getFullYear() }),
    'data-testid': 'sample-round' });
  const size = h('input', { type: 'number', name: 'size', required: true, min: 1, max: 500, value: 5, 'data-testid': 'sample-size' });
  const field = select('field', FIELDS, 'pf_', null, t('kn_all'));
  const agency = h('select', { name: 'agency_id' }, h('option', { value: '' }, t('kn_all')), agencies.map((a) => h('option', { value: a.id }, a.name)));
  const form = h('form', { class: 'kn-form', onsubmit: async (e) => {
    e.preventDefault();
    const name = group.selectedOptions[0]?.textContent;
    if (!await ask({ title: tf('gs_draw_q', { group: name, round: round.value.trim() }), text: t('gs_draw_text'), ok: t('gs_draw_go') })) return;
    const d = { group_id: Number(group.value), round: round.value, size: Number(size.value) };
    if (field.value) d.field = field.value;
    if (agency.value) d.agency_id = Number(agency.value);
    try {
      const { sample } = await post('/api/petitions/samples', d);
      flash(tf('gs_drawn', { n: sample.picked.length }), 'info');
      drawn(sample);
    } catch (err) { showError(err); }
  } }, h('p', { class: 'hint small' }, t('gs_draw_hint')),
  h('div', { class: 'kn-grid' }, labelled(t('gs_group'), group, 'wide'), labelled(t('gs_round'), round), labelled(t('gs_size'), size),
    labelled(t('gs_only_field'), field), labelled(t('gs_only_agency'), agency)),
  h('button', { type: 'submit', class: 'primary', 'data-testid': 'sample-draw-go' }, t('gs_draw_go')));
  return h('details', { class: 'card kn-action gs-draw', open, 'data-testid': 'sample-draw' }, h('summary', {}, h('h3', {}, t('gs_draw'))), form);
}

function showCheck(el, check) {
  el.className = `gs-check small ${check.ok ? 'ok' : 'bad'}`;
  mount(el, h('strong', {}, `${t('gs_check')}: ${check.ok ? t('gs_check_ok') : t('gs_check_bad')}`),
    check.ok ? h('span', { class: 'hint' }, ` · ${tf('gs_check_entry', { n: check.entry })}`) : ` — ${check.problems.join('; ')}`);
}

const findingBox = (f) => h('div', { class: `gs-finding gs-${f.verdict}`, 'data-testid': 'sample-finding' },
  h('strong', {}, t(`gs_v_${f.verdict}`)), h('p', {}, f.text),
  h('span', { class: 'hint small' }, [f.by, moment(f.at)].filter(Boolean).join(' · ')));

function pickedCase(sample, c, mayRecord, redraw) {
  const record = (verdict) => async () => {
    const text = await ask({ title: tf(`gs_${verdict}_q`, { code: c.code }), text: t(`gs_${verdict}_text`), ok: t(`gs_${verdict}_go`),
      input: { label: t('gs_finding'), maxlength: 5000, placeholder: t(`gs_${verdict}_hint`) } });
    if (text === false) return;
    if (!text) { flash(t('gs_finding_needed')); return; }
    try {
      const { sample: d } = await post(`/api/petitions/samples/${sample.id}/findings`, { case_id: c.id, verdict, text });
      flash(t(`gs_${verdict}_done`), 'info');
      redraw(d);
    } catch (err) { showError(err); }
  };
  const code = can('petitions.read') ? h('a', { class: 'kn-code mono', href: `#/petitions/${c.id}` }, c.code) : h('span', { class: 'kn-code mono' }, c.code);
  return h('li', { class: 'gs-case', 'data-testid': 'sample-case', dataset: { code: c.code } },
    h('div', { class: 'gs-case-what' },
      h('div', { class: 'gs-case-head' }, code, caseFlags(c)),
      h('p', { class: 'gs-case-summary' }, c.summary),
      h('span', { class: 'hint small' }, [c.agency, c.area].filter(Boolean).join(' · '))),
    h('div', { class: 'gs-case-found' }, c.finding ? findingBox(c.finding)
      : mayRecord ? h('div', { class: 'row gs-verdicts' }, VERDICTS.map((v) => h('button', { type: 'button', class: v === 'confirmed' ? 'primary' : '',
        'data-testid': `finding-${v}`, onclick: record(v) }, t(`gs_${v}_go`))))
        : h('span', { class: 'hint small' }, t('gs_no_finding'))));
}

/** One round: its draw, its cases and their findings; the chain's check is read when the round is opened. */
function sampleCard(sample, agencies, mayRecord, open) {
  const el = h('details', { class: 'card gs-sample', open, 'data-testid': 'sample', dataset: { id: sample.id, round: sample.round } });
  const check = h('p', { class: 'gs-check small hint', 'data-testid': 'sample-check', 'aria-live': 'polite' }, t('gs_checking'));
  let checked = false;
  const draw = (s) => {
    const found = s.picked.filter((c) => c.finding).length;
    const only = [s.filters.field ? t(`pf_${s.filters.field}`) : null, agencies.find((a) => a.id === s.filters.agency_id)?.name].filter(Boolean);
    mount(el, h('summary', {}, h('span', { class: 'gs-title' }, h('strong', {}, s.group.name), ` · ${s.round}`),
      h('span', { class: `badge gs-progress${found === s.picked.length ? ' ok' : ''}`, 'data-testid': 'sample-progress' },
        tf('gs_progress', { n: found, size: s.picked.length }))),
    h('p', { class: 'hint small gs-meta' }, [tf('gs_meta', { n: s.picked.length, pop: s.population_size }),
      only.length ? `${t('gs_only')}: ${only.join(', ')}` : null, moment(s.at), s.drawn_by].filter(Boolean).join(' · ')),
    check,
    h('ol', { class: 'gs-cases' }, s.picked.map((c) => pickedCase(s, c, mayRecord, (d) => { draw(d); showCheck(check, d.check); }))));
  };
  const loadCheck = async () => {
    if (checked) return;
    checked = true;
    try { showCheck(check, (await get(`/api/petitions/samples/${sample.id}`)).sample.check); } catch (err) { checked = false; showError(err); }
  };
  el.addEventListener('toggle', () => { if (el.open) loadCheck(); });
  draw(sample);
  if (open) loadCheck();
  return el;
}

/** #/petitions/samples; `opened`: the round to show open (the one just drawn), else the newest. */
export async function samplesPage(main, opened = null) {
  const [{ samples }, { agencies }, groups] = await Promise.all([get('/api/petitions/samples'), get('/api/agencies'), myGroups()]);
  const mine = new Set(groups.map((g) => g.id));
  const head = can('petitions.read') ? [h('h2', {}, t('kn_title')), tabs('samples')]
    : [h('a', { class: 'kn-back', href: '#/my-petitions' }, `← ${t('mp_title')}`), h('h2', {}, t('gs_title'))];
  const openId = opened ?? samples[0]?.id;
  mount(main, head, h('div', { class: can('petitions.read') ? 'tab-panel' : '' },
    h('p', { class: 'hint' }, t('gs_intro')),
    groups.length ? drawForm(groups, agencies, !samples.length, (s) => samplesPage(main, s.id).catch(showError))
      : h('p', { class: 'hint gs-not-member', 'data-testid': 'sample-not-member' }, t('gs_members_only')),
    h('h3', {}, tf('gs_rounds', { n: samples.length })),
    samples.length ? h('div', { class: 'gs-samples', 'data-testid': 'samples' },
      samples.map((s) => sampleCard(s, agencies, mine.has(s.group.id), s.id === openId)))
      : h('p', { class: 'hint' }, t('gs_none'))));
}
