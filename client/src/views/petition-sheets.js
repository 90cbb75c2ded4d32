// Petitions in spreadsheets: a voter meeting's petitions imported from an .xlsx (all rows or none: a refusal
// names every bad row with its column and why, in the screen's language), and the case list's "Xuất Excel" /
// "Xuất CSV" links, which carry the list's filters.
import { api } from '../api.js';
import { h, mount } from '../dom.js';
import { errorText, lang, t, tf } from '../i18n.js';
import { showError } from '../notify.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const EXPORTS = ['xlsx', 'csv'];

function badRows(err) {
  return h('div', { class: 'xl-refused', role: 'alert', 'data-testid': 'import-refused' },
    h('p', {}, h('strong', {}, errorText(err)), ' ', t('xl_fix_all')),
    h('table', { class: 'grid xl-errors', 'data-testid': 'import-errors' },
      h('thead', {}, h('tr', {}, [t('row'), t('xl_column'), t('error')].map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, err.data.errors.map((e) => h('tr', { 'data-testid': 'import-error', dataset: { row: e.row } },
        h('td', { class: 'xl-row' }, e.row), h('td', {}, e.column), h('td', {}, lang === 'en' ? e.message_en : e.message_vi))))));
}

/** "Nhập từ Excel" on a meeting: the chosen workbook sent as it is; `imported(n)` after a success. */
export function importControl(meeting, imported) {
  const result = h('div', { class: 'xl-result', 'aria-live': 'polite' });
  const input = h('input', { type: 'file', accept: `${XLSX},.xlsx`, class: 'sr-only', 'data-testid': 'import-file', onchange: async () => {
    const file = input.files[0];
    input.value = ''; // the same file chosen again (once mended) is a change
    if (!file) return;
    mount(result, h('p', { class: 'hint small' }, tf('xl_reading', { name: file.name })));
    try {
      const r = await api('POST', `/api/voter-meetings/${meeting.id}/petitions/import`, undefined, { form: new Blob([file], { type: XLSX }) });
      mount(result, h('div', { class: 'xl-done', role: 'status', 'data-testid': 'import-done' },
        h('p', {}, h('strong', {}, tf('xl_imported', { n: r.imported, name: file.name }))),
        r.cases.length ? h('p', { class: 'small xl-codes' }, `${t('kn_trace_code')}: `, r.cases.map((c) => c.code).join(', ')) : null));
      imported(r.imported);
    } catch (err) {
      if (err.data?.errors?.length) mount(result, badRows(err));
      else { mount(result); showError(err); }
    }
  } });
  return h('div', { class: 'xl-import' },
    h('label', { class: 'button kn-upload', title: t('xl_columns') }, input, t('xl_import')),
    h('span', { class: 'hint small xl-columns' }, t('xl_columns')), result);
}

/** The list's export links; `show(params)` points them at the list shown with these filters (every page). */
export function exportLinks() {
  const links = EXPORTS.map((f) => h('a', { class: 'button xl-export', download: '', 'data-testid': `export-${f}` }, t(`xl_export_${f}`)));
  const show = (params) => {
    const p = new URLSearchParams(params);
    p.delete('page');
    EXPORTS.forEach((f, i) => { links[i].href = `/api/petitions/export.${f}${String(p) ? `?${p}` : ''}`; });
  };
  return { el: h('div', { class: 'row xl-exports' }, links), show };
}
