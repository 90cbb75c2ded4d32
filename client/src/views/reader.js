// The tablet reader: pdf.js renders one page at a time (fast on tablets, ranges loaded on demand),
// with page navigation, zoom, and text search that ignores Vietnamese diacritics.
import * as pdfjs from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { get } from '../api.js';
import { h, mount } from '../dom.js';
import { t } from '../i18n.js';

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

export function fold(s) {
  return s.replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFD').replace(/\p{Mn}/gu, '').replace(/\s+/g, ' ').toLowerCase();
}

export async function readerView(main, docId, versionNo) {
  const { document: doc } = await get(`/api/documents/${docId}`);
  const version = doc.versions.find((v) => v.number === versionNo) || doc.current;
  const canvas = h('canvas', { class: 'page', 'data-testid': 'reader-canvas' });
  const pageBox = h('input', { type: 'number', min: 1, class: 'page-no', 'data-testid': 'reader-page' });
  const total = h('span', { 'data-testid': 'reader-pages' });
  const status = h('span', { class: 'search-status', 'data-testid': 'reader-search-status' });
  const query = h('input', { type: 'search', placeholder: t('search_in_doc'), 'data-testid': 'reader-search' });
  let pdf = null;
  let pageNo = 1;
  let scale = 0;  // 0: fit width
  let hits = [];
  let hit = -1;
  let rendering = null;

  const render = async () => {
    if (!pdf) return;
    if (rendering) { try { rendering.cancel(); } catch { /* already done */ } }
    const page = await pdf.getPage(pageNo);
    const base = page.getViewport({ scale: 1 });
    const fit = Math.max(0.2, (main.clientWidth - 24) / base.width);
    const viewport = page.getViewport({ scale: (scale || fit) * (window.devicePixelRatio || 1) });
    canvas.width = viewport.width;
    canvas.height = viewport.height;
    canvas.style.width = `${viewport.width / (window.devicePixelRatio || 1)}px`;
    rendering = page.render({ canvasContext: canvas.getContext('2d'), viewport, canvas });
    try { await rendering.promise; } catch { /* cancelled by a newer render */ }
    pageBox.value = pageNo;
    canvas.dataset.page = pageNo;
  };
  const go = (n) => { pageNo = Math.min(Math.max(1, n), pdf.numPages); render(); };
  const zoom = (f) => { const cur = scale || (main.clientWidth - 24) / 595; scale = Math.min(4, Math.max(0.3, cur * f)); render(); };
  const search = async () => {
    const q = fold(query.value.trim());
    hits = [];
    hit = -1;
    if (q.length < 2) { status.textContent = ''; return; }
    for (let n = 1; n <= pdf.numPages; n += 1) {
      const text = (await (await pdf.getPage(n)).getTextContent()).items.map((i) => i.str).join(' ');
      if (fold(text).includes(q)) hits.push(n);
    }
    next();
  };
  const next = () => {
    if (!hits.length) { status.textContent = t('no_results'); return; }
    hit = (hit + 1) % hits.length;
    status.textContent = `${hit + 1}/${hits.length} — ${t('page')} ${hits[hit]}`;
    go(hits[hit]);
  };
  pageBox.addEventListener('change', () => go(Number(pageBox.value)));
  query.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); hits.length && fold(query.value.trim()) ? next() : search(); } });
  query.addEventListener('input', () => { hits = []; });

  mount(main,
    h('div', { class: 'reader-bar' },
      h('button', { onclick: () => history.back() }, '← ', t('back')),
      h('strong', { class: 'reader-title', 'data-testid': 'reader-title' }, doc.title,
        doc.versions.length > 1 ? h('span', { class: 'badge' }, `${t('version')} ${version.number}/${doc.versions.length}`) : null),
      h('span', { class: 'row' },
        h('button', { 'aria-label': t('previous'), onclick: () => go(pageNo - 1) }, '◀'), pageBox, ' / ', total,
        h('button', { 'aria-label': t('next'), 'data-testid': 'reader-next', onclick: () => go(pageNo + 1) }, '▶')),
      h('span', { class: 'row' }, h('button', { onclick: () => zoom(1 / 1.25) }, '−'), h('button', { onclick: () => { scale = 0; render(); } }, t('fit')),
        h('button', { onclick: () => zoom(1.25) }, '+')),
      h('span', { class: 'row' }, query, h('button', { onclick: search }, t('search')), status)),
    doc.versions.length > 1 ? h('div', { class: 'versions' }, `${t('versions')}: `, doc.versions.map((v) => h('a', {
      href: `#/read/${doc.id}/${v.number}`, class: v.number === version.number ? 'on' : '' }, `${t('version')} ${v.number}`))) : null,
    h('div', { class: 'canvas-wrap' }, canvas));
  pdf = await pdfjs.getDocument({ url: version.url, withCredentials: true, isEvalSupported: false,
    disableAutoFetch: true, rangeChunkSize: 65536 }).promise;
  total.textContent = pdf.numPages;
  total.dataset.pages = pdf.numPages;
  await render();
  return () => pdf?.destroy();
}
