// The secretary's read receipts on the session's Tài liệu tab: per document (its current version) and delegate,
// chưa nhận / đã nhận / đã mở, and a line per document ("3 đại biểu chưa nhận bản dự thảo lần 2").
import { get } from '../api.js';
import { h, mount } from '../dom.js';
import { errorText, lang, moment, t } from '../i18n.js';
import { can } from '../me.js';

export function receiptsPanel(sessionId) {
  if (!can('receipts.read')) return null;
  const box = h('section', { class: 'receipts', 'data-testid': 'receipts' }, h('h3', {}, t('receipts')), '…');
  const row = (d) => h('tr', { dataset: { status: d.status } },
    h('td', {}, d.full_name),
    h('td', { class: `receipt-${d.status}`, 'data-testid': 'receipt-status' }, t(`receipt_${d.status}`)),
    h('td', { class: 'meta' }, d.opened_at ? moment(d.opened_at) : d.received_at ? moment(d.received_at) : ''));
  get(`/api/sessions/${sessionId}/receipts`).then(({ documents }) => mount(box, h('h3', {}, t('receipts')),
    documents.length ? h('ul', { class: 'receipt-summaries', 'data-testid': 'receipt-summaries' }, documents.map((d) => h('li', {},
      h('strong', {}, d.title), ': ', h('span', { 'data-testid': 'receipt-summary' }, lang === 'en' ? d.summary_en : d.summary_vi))))
      : h('p', { class: 'hint' }, t('no_documents_yet')),
    documents.map((d) => h('details', { class: 'receipt-doc', 'data-testid': 'receipt-doc' },
      h('summary', {}, `${d.title} (${t('version')} ${d.version}) — ${t('receipt_opened')} ${d.counts.opened}, `
        + `${t('receipt_received')} ${d.counts.received}, ${t('receipt_not_received')} ${d.counts.not_received}`),
      h('div', { class: 'table-wrap' }, h('table', { class: 'grid' },
        h('thead', {}, h('tr', {}, h('th', {}, t('role_delegate')), h('th', {}, t('receipt_status')), h('th', {}, t('receipt_when')))),
        h('tbody', {}, d.delegates.map(row))))))))
    .catch((err) => mount(box, h('h3', {}, t('receipts')), h('p', { class: 'error' }, errorText(err))));
  return box;
}
