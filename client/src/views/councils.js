// Councils and terms: the operator creates and archives the deployment's councils; a council's admin opens
// a new term and carries its delegates over.
import { get, post } from '../api.js';
import { formData, h, mount } from '../dom.js';
import { t } from '../i18n.js';
import { can, me } from '../me.js';
import { flash, showError } from '../notify.js';

const LEVELS = ['province', 'commune'];

function councilForm(onDone) {
  const form = h('form', { class: 'card form-grid', 'data-testid': 'council-form', onsubmit: async (e) => {
    e.preventDefault();
    const d = formData(form);
    const body = { name: d.name, level: d.level, term_name: d.term_name, term_start_year: Number(d.term_start_year),
      term_end_year: Number(d.term_end_year), quorum_num: Number(d.quorum_num), quorum_den: Number(d.quorum_den) };
    if (d.admin_username) Object.assign(body, { admin_username: d.admin_username, admin_full_name: d.admin_full_name || null });
    try {
      const r = await post('/api/councils', body);
      await onDone();
      flash(t('saved'), 'info');
      // shown on the page until the next change, not in a passing notice: it has to be copied
      if (r.admin) document.querySelector('[data-testid=admin-password]')?.replaceChildren(
        `${t('admin_created')} ${r.admin.username} — ${t('initial_password')}: `, h('code', {}, r.admin.initial_password));
    } catch (err) { showError(err); }
  } },
  h('label', { class: 'wide' }, t('council_name'), h('input', { name: 'name', required: true, maxlength: 200 })),
  h('label', {}, t('level'), h('select', { name: 'level' }, LEVELS.map((l) => h('option', { value: l }, t('level_' + l))))),
  h('label', {}, t('term_name'), h('input', { name: 'term_name', required: true, maxlength: 100 })),
  h('label', {}, t('start_year'), h('input', { name: 'term_start_year', type: 'number', min: 1945, max: 2999, required: true })),
  h('label', {}, t('end_year'), h('input', { name: 'term_end_year', type: 'number', min: 1945, max: 2999, required: true })),
  h('label', {}, t('quorum_num'), h('input', { name: 'quorum_num', type: 'number', min: 1, max: 99, value: 2 })),
  h('label', {}, t('quorum_den'), h('input', { name: 'quorum_den', type: 'number', min: 1, max: 99, value: 3 })),
  h('label', {}, t('admin_username'), h('input', { name: 'admin_username', maxlength: 64, autocomplete: 'off' })),
  h('label', {}, t('admin_full_name'), h('input', { name: 'admin_full_name', maxlength: 200 })),
  h('div', { class: 'actions' }, h('button', { class: 'primary', type: 'submit' }, t('create'))));
  return form;
}

async function councilsSection(box) {
  const refresh = async () => {
    const { councils } = await get('/api/councils');
    mount(box, h('h3', {}, t('councils_all')),
      h('div', { class: 'table-wrap' }, h('table', { class: 'grid', 'data-testid': 'councils' },
        h('tr', {}, h('th', {}, t('council_name')), h('th', {}, t('level')), h('th', {}, t('term')),
          h('th', {}, t('delegates_n')), h('th', {}, t('members_n')), h('th')),
        councils.map((c) => h('tr', { class: c.archived ? 'inactive' : '' },
          h('td', {}, c.name, c.archived ? h('span', { class: 'badge' }, t('archived')) : null),
          h('td', {}, t('level_' + c.level)), h('td', {}, c.term ? c.term.name : '—'), h('td', { class: 'n' }, c.delegates),
          h('td', { class: 'n' }, c.members),
          h('td', {}, c.archived || c.id === me().council.id ? null : h('button', { class: 'danger', onclick: async () => {
            if (!confirm(t('sure_archive'))) return;
            try { await post(`/api/councils/${c.id}/archive`); await refresh(); } catch (err) { showError(err); }
          } }, t('archive'))))))),
      h('p', { class: 'ok', 'data-testid': 'admin-password', role: 'status' }),
      h('h3', {}, t('new_council')), councilForm(refresh));
  };
  await refresh();
}

async function termsSection(box) {
  const refresh = async () => {
    const [{ terms }, { members }] = await Promise.all([get('/api/terms'), get('/api/members')]);
    const current = terms.find((tm) => tm.current);
    const delegates = members.filter((m) => current && m.term_id === current.id && m.active); // the outgoing term's
    const form = h('form', { class: 'card form-grid', 'data-testid': 'term-form', onsubmit: async (e) => {
      e.preventDefault();
      const d = formData(form);
      const carry = [...form.querySelectorAll('input[name=carry]:checked')].map((el) => Number(el.value));
      try {
        const r = await post('/api/terms', { name: d.name, start_year: Number(d.start_year), end_year: Number(d.end_year), carry_over: carry });
        flash(`${t('carried_over')}: ${r.carried_over}`, 'info');
        await refresh();
      } catch (err) { showError(err); }
    } },
    h('label', {}, t('term_name'), h('input', { name: 'name', required: true, maxlength: 100 })),
    h('label', {}, t('start_year'), h('input', { name: 'start_year', type: 'number', min: 1945, max: 2999, required: true })),
    h('label', {}, t('end_year'), h('input', { name: 'end_year', type: 'number', min: 1945, max: 2999, required: true })),
    h('fieldset', { class: 'wide carry' }, h('legend', {}, t('carry_over')),
      delegates.map((m) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'carry', value: m.id, checked: true }), m.full_name))),
    h('p', { class: 'hint wide' }, `${t('term_import_hint')} `, h('a', { href: '#/members' }, t('members')), '.'),
    h('div', { class: 'actions' }, h('button', { class: 'primary', type: 'submit' }, t('new_term'))));
    mount(box, h('h3', {}, t('terms')),
      h('table', { class: 'grid', 'data-testid': 'terms' },
        h('tr', {}, h('th', {}, t('term_name')), h('th', {}, t('start_year')), h('th', {}, t('end_year')), h('th', {}, t('delegates_n')), h('th')),
        terms.map((tm) => h('tr', {}, h('td', {}, tm.name), h('td', {}, tm.start_year), h('td', {}, tm.end_year),
          h('td', { class: 'n' }, tm.delegates), h('td', {}, tm.current ? h('span', { class: 'badge st-in_progress' }, t('current')) : null)))),
      h('h3', {}, t('new_term')), form);
  };
  await refresh();
}

export async function councilsView(main) {
  const councils = h('section');
  const terms = h('section');
  mount(main, h('h2', {}, t('councils_admin')), can('councils.administer') ? councils : null, can('terms.manage') ? terms : null);
  if (can('councils.administer')) await councilsSection(councils);
  if (can('terms.manage')) await termsSection(terms);
}
