// Documents on the live screens and on the secretary's session page.
import { get } from '../api.js';
import { h, mount } from '../dom.js';
import { errorText, moment, t, tf } from '../i18n.js';
import { can } from '../me.js';
import { flash } from '../notify.js';
import { syncDocuments } from '../offline.js';
import { openedHere, reportReceived } from './notes.js';

// A PDF's signatures as the server validated them: who signed, when, and the verdicts, in words.
export function signaturesInfo(signatures) {
  if (!signatures || !signatures.length) return null;
  return h('ul', { class: 'signatures', 'data-testid': 'signatures' }, signatures.map((s) => {
    const good = s.intact && s.valid && s.trusted && s.whole_document;
    return h('li', { class: good ? 'ok' : 'error' }, `${t('signatures')}: ${s.signer || '?'}`,
      s.timestamp ? ` · ${t('seal_stamped')} ${moment(s.timestamp)} (${s.tsa})` : (s.signed_at ? ` · ${moment(s.signed_at)}` : ''),
      ` · ${t(s.intact ? 'sig_intact' : 'sig_broken')} · ${t(s.valid ? 'sig_valid' : 'sig_invalid')}`,
      ` · ${t(s.trusted ? 'sig_trusted' : 'sig_untrusted')} · ${t(s.whole_document ? 'sig_whole' : 'sig_partial')}`);
  }));
}

let uid = 0;
/** A labelled field: its <label for> and the control, given an id of its own when it has none. */
export function labelled(label, control, cls = '') {
  control.id ||= `f-${control.name || 'x'}-${++uid}`;
  return h('div', { class: `field ${cls}` }, h('label', { for: control.id }, label), control);
}

const KINDS = ['submission', 'draft_resolution', 'review_report', 'ubnd_opinion', 'annex', 'report', 'other'];
const ACCESS = ['public', 'delegates', 'confidential'];

export class SessionDocuments {
  constructor(sessionId, onChange) {
    this.sessionId = sessionId;
    this.onChange = onChange;
    this.list = [];
    this.unopened = new Map(); // document id -> its current version, a revision this reader has not opened
    this.synced = null; // {done, total} from the service worker
  }

  async load() {
    const [docs, unopened] = await Promise.allSettled([get(`/api/sessions/${this.sessionId}/documents`),
      // the server's read receipts say which revisions this reader has opened, on any tablet; kept for offline
      can('receipts.report') ? get(`/api/me/sessions/${this.sessionId}/unopened-revisions`) : { documents: [] }]);
    if (unopened.status === 'fulfilled') this.unopened = new Map(unopened.value.documents.map((x) => [x.document_id, x.version]));
    if (docs.status === 'fulfilled') {
      this.list = docs.value.documents;
      // every current version onto the tablet, for reading without a network
      // with the session and its agenda: the library groups them by item, offline too; and what each revision changed
      const revised = this.list.filter((d) => d.current.number > 1)
        .map((d) => `/api/documents/${d.id}/versions/${d.current.number}/changes?from=${d.current.number - 1}`);
      syncDocuments(this.list.map((d) => d.current.url), [`/api/sessions/${this.sessionId}`, ...this.list.map((d) => `/api/documents/${d.id}`),
        ...revised],
        (p) => {
          this.synced = p;
          if (p.total && p.done === p.total) reportReceived(this.sessionId, this.list); // the secretary's "đã nhận"
          this.onChange();
        });
    } // otherwise keep what we have; the next change retries
    this.onChange();
  }

  async changed(change) {
    await this.load();
    const doc = this.list.find((d) => d.id === change.document_id);
    if (doc && change.version > 1) flash(`${t('doc_updated')}: ${doc.title} (${t('version')} ${change.version})`, 'info');
  }

  /** Marked "Đã sửa đổi — lần N" until this reader opens its current version (here, or as the server knows). */
  revised(d) {
    return this.unopened.get(d.id) === d.current.number && !openedHere(d.id, d.current.number);
  }

  forItem(itemId) {
    return this.list.filter((d) => d.agenda_item_id === itemId);
  }
}

export function syncStatus(docs) {
  if (!docs.synced) return null;
  const { done, total } = docs.synced;
  return h('span', { class: `synced ${done === total ? 'ok' : ''}`, 'data-testid': 'docs-synced' },
    `${t('docs_synced')}: ${done}/${total}`);
}

/** The links to `list`'s documents; `docs`: the SessionDocuments they are of (which are revised for this reader). */
export function documentList(list, docs) {
  if (!list.length) return null;
  return h('ul', { class: 'doc-list', 'data-testid': 'doc-list' }, list.map((d) => h('li', {},
    h('a', { class: 'doc', href: `#/read/${d.id}`, 'data-testid': 'doc-link' },
      h('span', { class: 'doc-icon' }, 'PDF'),
      h('span', { class: 'doc-title' }, d.title,
        h('span', { class: 'meta' }, ` · ${t('dk_' + d.kind)} · ${d.current.pages} ${t('page')}`,
          d.current.number > 1 ? ` · ${t('version')} ${d.current.number}` : '')),
      docs.revised(d) ? h('span', { class: 'badge new', 'data-testid': 'doc-revised' }, tf('doc_revised', { n: d.current.number })) : null,
      d.access === 'confidential' ? h('span', { class: 'badge conf' }, '🔒') : null))));
}

function sendPdf(url, file, progress) {
  // XMLHttpRequest, not fetch: it reports upload progress
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Content-Type', 'application/pdf');
    xhr.setRequestHeader('X-CSRF-Token', window.kyhopCsrf?.() || '');
    xhr.upload.onprogress = (e) => e.lengthComputable && progress(e.loaded / e.total);
    xhr.onload = () => {
      let data = {};
      try { data = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data); else reject({ status: xhr.status, data });
    };
    xhr.onerror = () => reject({ status: 0, data: { error: { message_vi: 'Mất kết nối khi tải lên.', message_en: 'Connection lost during upload.' } } });
    xhr.send(file);
  });
}

export function documentsEditor(sessionId, agenda, { closed = false, onDone } = {}) {
  const box = h('div', { class: 'documents-editor', 'data-testid': 'documents-editor' });
  const bar = h('progress', { max: 1, value: 0, class: 'upload-progress', hidden: true, 'data-testid': 'upload-progress' });
  const msg = h('p', { role: 'alert', 'data-testid': 'upload-message' });
  const itemLabel = (id) => {
    const item = agenda.find((i) => i.id === id);
    return item ? `${item.number}. ${item.title}` : t('library_general');
  };
  const run = async (url, file, done) => {
    bar.hidden = false;
    bar.value = 0;
    msg.textContent = '';
    msg.className = '';
    try {
      await sendPdf(url, file, (f) => { bar.value = f; });
      done?.();
      msg.textContent = `✓ ${file.name}`;
      msg.className = 'ok';
      await refresh();
    } catch (err) {
      msg.textContent = errorText(err);
      msg.className = 'error';
    } finally {
      bar.hidden = true;
    }
  };
  const field = labelled;
  const form = closed ? null : h('form', { class: 'card upload-form', 'data-testid': 'upload-form', onsubmit: (e) => {
    e.preventDefault();
    const d = new FormData(form);
    const file = d.get('file');
    const q = new URLSearchParams({ filename: file.name, title: d.get('title') || '', kind: d.get('kind'), access: d.get('access') });
    if (d.get('agenda_item_id')) q.set('agenda_item_id', d.get('agenda_item_id'));
    run(`/api/sessions/${sessionId}/documents?${q}`, file, () => form.reset());
  } },
  h('h3', {}, t('upload')),
  h('div', { class: 'upload-grid' },
    field(t('doc_file'), h('input', { type: 'file', name: 'file', accept: 'application/pdf,.pdf', required: true, 'data-testid': 'upload-file' })),
    field(t('item_title'), h('input', { name: 'title', maxlength: 500 }), 'half'),
    field(t('doc_item'), h('select', { name: 'agenda_item_id', 'data-testid': 'upload-item' }, h('option', { value: '' }, t('library_general')),
      agenda.map((i) => h('option', { value: i.id }, `${'\u2003'.repeat(i.depth)}${i.number}. ${i.title}`)))),
    field(t('doc_kind'), h('select', { name: 'kind' }, KINDS.map((k) => h('option', { value: k }, t('dk_' + k))))),
    field(t('doc_access'), h('select', { name: 'access' }, ACCESS.map((a) => h('option', { value: a }, t('acc_' + a)))))),
  h('div', { class: 'row' }, h('button', { class: 'primary', type: 'submit', 'data-testid': 'upload-submit' }, t('upload'))), bar, msg);
  const listBox = h('div');
  // the documents in the agenda's order, each with its item (the session's general documents first)
  const order = new Map(agenda.map((i, n) => [i.id, n]));
  const rank = (d) => (d.agenda_item_id == null ? -1 : order.get(d.agenda_item_id) ?? 1e9);
  const refresh = async () => {
    const { documents } = await get(`/api/sessions/${sessionId}/documents`);
    documents.sort((x, y) => rank(x) - rank(y) || x.id - y.id);
    mount(listBox, documents.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'grid doc-table', 'data-testid': 'doc-table' },
      h('tr', {}, h('th', {}, t('doc_item')), h('th', {}, t('item_title')), h('th', {}, t('doc_kind')), h('th', {}, t('doc_access')),
        h('th', {}, t('doc_file_info')), closed ? null : h('th')),
      documents.map((d) => {
        const revise = h('input', { type: 'file', accept: 'application/pdf,.pdf', class: 'revise', onchange: (e) => {
          const file = e.target.files[0];
          if (file) run(`/api/documents/${d.id}/versions?${new URLSearchParams({ filename: file.name })}`, file);
        } });
        return [h('tr', { 'data-testid': 'doc-row', 'data-item-id': d.agenda_item_id ?? '', class: d.problems?.length ? 'has-problem' : null },
          h('td', { class: 'doc-item', 'data-testid': 'doc-item' }, itemLabel(d.agenda_item_id)),
          h('td', {}, h('a', { href: `#/read/${d.id}` }, d.title)),
          h('td', {}, t('dk_' + d.kind)), h('td', {}, t('acc_' + d.access)),
          h('td', {}, `${t('version')} ${d.current.number} · ${d.current.pages} ${t('page')}`, signaturesInfo(d.current.signatures)),
          closed ? null : h('td', {}, h('label', { class: 'button' }, t('upload_revision'), revise))),
        // what failed on this file after it was accepted: named here, until a revision (or a success) mends it
        d.problems?.length ? h('tr', { class: 'doc-problem-row' }, h('td', { colspan: closed ? 5 : 6 }, d.problems.map((p) => h('p', {
          class: 'error doc-problem', 'data-testid': 'doc-problem', dataset: { kind: p.kind } },
        tf(`doc_problem_${p.kind}`, { title: d.title, v: d.current.number }), ' ',
        h('span', { class: 'meta' }, tf('doc_problem_since', { when: moment(p.found_at) })))))) : null];
      }))) : h('p', { class: 'hint' }, t('library_empty')),
    h('p', {}, h('a', { href: `/api/sessions/${sessionId}/packet`, target: '_blank', rel: 'noopener' }, t('packet'))));
    onDone?.();
  };
  mount(box, closed ? h('p', { class: 'locked-note', role: 'note', 'data-testid': 'upload-closed' }, t('upload_closed')) : null,
    form, listBox);
  refresh().catch((err) => { msg.textContent = errorText(err); msg.className = 'error'; });
  return box;
}
