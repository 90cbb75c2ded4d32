// A voter's petition looked up by its trace code, without login (#/public/petition?code=KN-…): what it asks,
// its field and area, where it is (status, the agency answering, the deadline), the answer, and the dates of its
// steps. The server sends no person's name; a merged code leads to the case it went into.
import '../styles/petitions.css';
import { get } from '../api.js';
import { h } from '../dom.js';
import { day, errorText, moment, t, tf } from '../i18n.js';

const badge = (status) => h('span', { class: `badge kn-st kn-st-${status}` }, t(`ps_${status}`));

function lookupForm(code) {
  const input = h('input', { type: 'text', id: 'kp-code', name: 'code', value: code, required: true, maxlength: 20, autocomplete: 'off',
    autocapitalize: 'characters', spellcheck: 'false', placeholder: 'KN-7F3K-9QM2', 'data-testid': 'trace-code-input' });
  return h('form', { class: 'card kp-lookup', role: 'search', onsubmit: (e) => {
    e.preventDefault();
    location.hash = `#/public/petition?code=${encodeURIComponent(input.value.trim())}`;
  } }, h('label', { for: 'kp-code' }, t('kp_code_label')),
  h('div', { class: 'row' }, input, h('button', { type: 'submit', class: 'primary', 'data-testid': 'trace-code-go' }, t('kp_look_up'))),
  h('p', { class: 'hint small' }, t('kp_code_hint')));
}

function caseCard({ case: c, council, asked }) {
  const fact = (label, value, testid) => (value ? h('div', {}, h('dt', {}, label), h('dd', { 'data-testid': testid }, value)) : null);
  return h('article', { class: 'card kp-case', 'data-testid': 'public-case' },
    h('p', { class: 'hint small' }, council.name),
    h('h2', { class: 'kn-code-big mono', 'data-testid': 'public-case-code' }, c.code),
    asked !== c.code ? h('p', { class: 'kn-merged-note', 'data-testid': 'public-merged' }, tf('kp_merged', { asked, code: c.code })) : null,
    h('p', { class: 'kp-summary', 'data-testid': 'public-case-summary' }, c.summary),
    h('dl', { class: 'kn-facts' },
      fact(t('status'), badge(c.status), 'public-case-status'), fact(t('kn_field'), t(`pf_${c.field}`)), fact(t('kn_area'), c.area),
      fact(t('kn_level'), t(`pl_${c.level}`)), fact(t('kn_agency'), c.agency, 'public-case-agency'),
      fact(t('kn_deadline'), c.deadline ? day(c.deadline) : null)),
    h('section', { class: 'kp-answer', 'data-testid': 'public-answer' }, h('h3', {}, t('kp_answer')),
      c.answer ? [h('p', { class: 'kp-answer-text' }, c.answer), h('p', { class: 'hint small' }, tf('kp_answered_at', { when: moment(c.answered_at) }))]
        : h('p', { class: 'hint' }, t('kp_no_answer'))),
    h('section', {}, h('h3', {}, t('kn_steps')),
      h('ol', { class: 'kn-steps', 'data-testid': 'public-steps' }, c.steps.map((st) => h('li', { class: `kn-step kn-step-${st.kind}` },
        h('div', { class: 'kn-step-head' }, h('strong', {}, t(`pk_${st.kind}`)), st.kind === 'answered' ? badge(st.status) : null,
          h('span', { class: 'hint small' }, moment(st.at))),
        st.agency ? h('div', {}, st.agency) : null)))));
}

/** `frame`, `crumbs`: the public archive's own (views/public.js), so that this page sits in it. */
export async function petitionPage(main, params, { frame, crumbs }) {
  const code = (params.get('code') || '').trim();
  let found = null;
  if (code) {
    try {
      found = caseCard(await get(`/api/public/petitions/${encodeURIComponent(code)}`));
    } catch (err) {
      if (err.status !== 404) throw err;
      found = h('p', { class: 'error', role: 'alert', 'data-testid': 'public-case-missing' }, errorText(err));
    }
  }
  frame(main, {}, crumbs(['#/public', t('public_archive')], [null, t('kp_title')]),
    h('h1', {}, t('kp_title')), h('p', { class: 'hint' }, t('kp_intro')), lookupForm(code), found);
}
