import { api, get, patch, post } from '../api.js';
import { formData, h, mount } from '../dom.js';
import { errorText, t } from '../i18n.js';
import { can } from '../me.js';
import { flash, showError } from '../notify.js';

const ROLES = ['delegate', 'chair', 'secretary', 'guest', 'display'];

function memberForm(member, onDone) {
  const editing = !!member;
  const form = h('form', { class: 'card form-grid', onsubmit: async (e) => {
    e.preventDefault();
    const data = formData(form);
    const body = { full_name: data.full_name, role: data.role, title: data.title, constituency: data.constituency,
      groups: data.groups.split(';').map((g) => g.trim()).filter(Boolean) };
    if (editing && !ROLES.includes(member.role)) delete body.role; // an agency's account keeps its role
    if (data.password) body.password = data.password;
    try {
      let result;
      if (editing) {
        body.active = form.elements.active.checked;
        result = await patch(`/api/members/${member.id}`, body);
      } else {
        result = await post('/api/members', { ...body, username: data.username });
      }
      if (result.initial_password) flash(`${t('initial_password')}: ${result.initial_password}`, 'info');
      else flash(t('saved'), 'info');
      onDone();
    } catch (err) { showError(err); }
  } },
  h('label', {}, t('username'), h('input', { name: 'username', required: true, value: member?.username || '', disabled: editing })),
  h('label', {}, t('full_name'), h('input', { name: 'full_name', required: true, maxlength: 200, value: member?.full_name || '' })),
  h('label', {}, t('role'), h('select', { name: 'role', disabled: editing && !ROLES.includes(member.role) },
    (editing && !ROLES.includes(member.role) ? [member.role] : ROLES).map((r) => h('option', { value: r, selected: member?.role === r }, t('role_' + r))))),
  h('label', {}, t('title'), h('input', { name: 'title', maxlength: 200, value: member?.title || '' })),
  h('label', {}, t('constituency'), h('input', { name: 'constituency', maxlength: 200, value: member?.constituency || '' })),
  h('label', {}, t('groups'), h('input', { name: 'groups', value: (member?.groups || []).map((g) => g.name).join('; ') })),
  h('label', {}, t('password'), h('input', { name: 'password', type: 'password', autocomplete: 'new-password', minlength: 8 })),
  editing ? h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'active', checked: member.active }), t('active')) : null,
  h('div', { class: 'actions' },
    h('button', { class: 'primary', type: 'submit' }, editing ? t('save') : t('add')),
    h('button', { type: 'button', onclick: onDone }, t('cancel'))));
  return form;
}

function importForm(onDone) {
  const report = h('div', { class: 'import-report' });
  const form = h('form', { class: 'card', onsubmit: async (e) => {
    e.preventDefault();
    const body = new FormData(form);
    try {
      const result = await api('POST', '/api/members/import', undefined, { form: body });
      mount(report, h('p', { class: 'ok' }, `${t('imported')}: ${result.imported}`),
        h('table', { class: 'grid' }, h('tr', {}, h('th', {}, t('username')), h('th', {}, t('full_name')), h('th', {}, t('initial_password'))),
          result.members.map((m) => h('tr', {}, h('td', {}, m.username), h('td', {}, m.full_name), h('td', { class: 'mono' }, m.initial_password || '—')))));
      onDone(false);
    } catch (err) {
      const rows = err.data?.errors || [];
      mount(report, h('p', { class: 'error', role: 'alert' }, errorText(err)),
        rows.length ? h('table', { class: 'grid errors', 'data-testid': 'import-errors' },
          h('tr', {}, h('th', {}, t('row')), h('th', {}, t('field')), h('th', {}, t('error'))),
          rows.map((r) => h('tr', {}, h('td', {}, r.row), h('td', {}, r.field), h('td', {}, errorText({ data: { error: r } }))))) : null);
    }
  } },
  h('h3', {}, t('import_csv')), h('p', { class: 'hint' }, t('import_help')),
  h('input', { type: 'file', name: 'file', accept: '.csv,text/csv', required: true }),
  h('button', { class: 'primary', type: 'submit' }, t('import')), report);
  return form;
}

export async function membersView(main, ctx) {
  const canManage = can('members.manage');
  const editor = h('div');
  const list = h('div');
  async function refresh(closeEditor = true) {
    if (closeEditor) mount(editor);
    const { members } = await get('/api/members');
    mount(list, h('table', { class: 'grid members', 'data-testid': 'members' },
      h('tr', {}, h('th', {}, t('full_name')), h('th', {}, t('role')), h('th', {}, t('title')), h('th', {}, t('groups')), canManage ? h('th') : null),
      members.map((m) => h('tr', { class: m.active ? '' : 'inactive' },
        h('td', {}, m.full_name, m.username ? h('div', { class: 'mono small' }, m.username) : null),
        h('td', {}, t('role_' + m.role)), h('td', {}, m.title),
        h('td', {}, m.groups.map((g) => h('span', { class: 'tag' }, g.name))),
        canManage ? h('td', {}, h('button', { onclick: () => mount(editor, memberForm(m, refresh)) }, t('edit'))) : null))));
  }
  mount(main, h('h2', {}, t('members')),
    canManage ? h('div', { class: 'toolbar' },
      h('button', { class: 'primary', onclick: () => mount(editor, memberForm(null, refresh)) }, t('add_member')),
      h('button', { onclick: () => mount(editor, importForm(refresh)) }, t('import_csv'))) : null,
    editor, list);
  await refresh();
}
