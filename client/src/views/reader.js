// The reader: every page of the document in one column, drawn by pdf.js as it comes into view (ranges
// loaded on demand). Fit to width at first; zoom by buttons, pinch or ctrl+wheel around the point under the
// fingers, the whole page always reachable by scrolling; a swipe turns the page at fit width; a page turn
// or jump lands on the page's top; search ignores Vietnamese diacritics and highlights every hit.
import * as pdfjs from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { get } from '../api.js';
import { h, mount } from '../dom.js';
import { errorText, t, tf } from '../i18n.js';
import { attachNotes, reportOpened } from './notes.js';
import '../styles/reader.css';

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

const MIN_ZOOM = 0.5;   // relative to fit width
const MAX_ZOOM = 5;
const STEP = 1.25;
const MAX_PIXELS = 16e6; // a canvas larger than this is refused by tablets' browsers

export function fold(s) {
  return s.replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFD').replace(/\p{Mn}/gu, '').replace(/\s+/g, ' ').toLowerCase();
}

/** A page's text folded for search with spaces left out, and for each folded character the text item and
 * the character in it that it came from (to highlight the hit where it is on the page). */
function indexText(items) {
  let text = '';
  const where = [];
  items.forEach((item, i) => {
    const s = item.str || '';
    for (let j = 0; j < s.length; j += 1) {
      for (const c of fold(s[j]).replace(/\s/g, '')) { text += c; where.push([i, j]); }
    }
  });
  return { text, where };
}

/** The text items' ranges of the folded characters from `at`, `len` long (indexText's `where`). */
function rangesAt(where, at, len) {
  const ranges = [];
  for (let k = at; k < at + len; k += 1) {
    const [item, ch] = where[k];
    const last = ranges[ranges.length - 1];
    if (last && last.item === item) last.to = ch + 1; else ranges.push({ item, from: ch, to: ch + 1 });
  }
  return ranges;
}

/** The pages a revision left unchanged but numbered otherwise (a page inserted or taken out before them), in runs:
 * [{to: [5, 6], from: [4, 5]}] — told apart from the changed pages, so that they are not read again. */
function renumbered({ changed, from_pages: fromPages }) {
  const listed = new Set(changed.map((p) => p.page));
  const runs = [];
  fromPages.forEach((k, i) => {
    const n = i + 1;
    if (k == null || k === n || listed.has(n)) return;
    const last = runs[runs.length - 1];
    if (last && last.to[1] === n - 1 && last.from[1] === k - 1) { last.to[1] = n; last.from[1] = k; } else runs.push({ to: [n, n], from: [k, k] });
  });
  return runs;
}
const span = ([a, b]) => (a === b ? `${a}` : `${a}–${b}`);

const SVG = 'http://www.w3.org/2000/svg';
const PATHS = {
  back: 'M15 5l-7 7 7 7M8 12h13', prev: 'M15 5l-7 7 7 7', next: 'M9 5l7 7-7 7', up: 'M5 15l7-7 7 7',
  down: 'M5 9l7 7 7-7', search: 'M10.5 4a6.5 6.5 0 1 1 0 13 6.5 6.5 0 0 1 0-13zM15.5 15.5L21 21', close: 'M6 6l12 12M18 6L6 18',
  minus: 'M5 12h14', plus: 'M5 12h14M12 5v14',
};
function icon(name) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', PATHS[name]);
  svg.append(path);
  return svg;
}
const tool = (name, label, onclick, testid) => h('button', { type: 'button', class: 'tool', 'aria-label': label, title: label,
  'data-testid': testid, onclick }, icon(name));

/** `opts.onBack()`: leave the reader; `opts.hrefFor(versionNo)`: the address of another version; `opts.page`: the
 * page to open at (a search hit's). */
export async function readerView(main, docId, versionNo, opts = {}) {
  const { document: doc } = await get(`/api/documents/${docId}`);
  const version = doc.versions.find((v) => v.number === versionNo) || doc.current;
  const hrefFor = opts.hrefFor || ((n) => `#/read/${doc.id}/${n}`);
  const onBack = opts.onBack || (() => history.back());

  const column = h('div', { class: 'reader-pages' });
  const scroller = h('div', { class: 'reader-scroll', 'data-testid': 'reader-scroll', tabindex: '0' }, column);
  const pageBox = h('input', { type: 'number', min: 1, class: 'page-no', inputmode: 'numeric', 'aria-label': t('page_no'),
    'data-testid': 'reader-page', enterkeyhint: 'go' });
  const total = h('span', { class: 'page-total', 'data-testid': 'reader-pages' });
  const fitBtn = h('button', { type: 'button', class: 'tool fit', title: t('fit'), 'aria-label': t('fit'), 'data-testid': 'reader-fit',
    onclick: () => zoomTo(1) }, '100%');
  const status = h('span', { class: 'search-status', 'data-testid': 'reader-search-status', 'aria-live': 'polite' });
  const query = h('input', { type: 'search', placeholder: t('search_in_doc'), 'aria-label': t('search_in_doc'),
    'data-testid': 'reader-search', enterkeyhint: 'search' });
  const root = h('div', { class: 'reader-root', 'data-testid': 'reader' });

  let pdf = null;
  let base = null;    // page 1's size at scale 1: every page is laid out at it until it is read
  let zoom = 1;       // relative to fit width
  let scale = 1;      // pdf units → CSS px
  let pageNo = 1;
  let pages = [];
  let hits = [];      // {page, ranges: [{item, from, to}]}
  let marks = [];     // the changed passages since the previous version, as hits
  let hit = -1;
  let searched = '';
  const texts = new Map();
  const visible = new Set();

  const fitScale = () => {
    const pad = parseFloat(getComputedStyle(column).paddingLeft) || 0;
    column.style.setProperty('--view-w', `${scroller.clientWidth - 2 * pad}px`);
    return Math.max(0.1, (scroller.clientWidth - 2 * pad) / base.width);
  };
  const textOf = (n) => {
    if (!texts.has(n)) texts.set(n, pdf.getPage(n).then((p) => p.getTextContent()));
    return texts.get(n);
  };

  // ---- layout and drawing
  const layout = () => {
    scale = fitScale() * zoom;
    for (const p of pages) {
      const size = p.size || base;
      p.div.style.width = `${Math.floor(size.width * scale)}px`;
      p.div.style.height = `${Math.floor(size.height * scale)}px`;
      p.div.style.setProperty('--total-scale-factor', String(scale));
    }
    fitBtn.textContent = `${Math.round(scale * 100 * 72 / 96)}%`;
    root.dataset.zoom = zoom.toFixed(3);
    root.classList.toggle('at-fit', Math.abs(zoom - 1) < 0.01);
  };
  let drawTimer = null;
  const drawVisible = (delay = 120) => {
    clearTimeout(drawTimer);
    drawTimer = setTimeout(() => { for (const p of pages) if (visible.has(p) && p.drawn !== scale) draw(p); }, delay);
  };
  const draw = async (p) => {
    if (p.busy) return;
    p.busy = true;
    try {
      const page = await pdf.getPage(p.n);
      const one = page.getViewport({ scale: 1 });
      if (!p.size) {
        p.size = { width: one.width, height: one.height };
        if (one.width !== base.width || one.height !== base.height) layout();
      }
      const want = scale;
      const cssW = one.width * want;
      const cssH = one.height * want;
      const ratio = Math.min(window.devicePixelRatio || 1, Math.sqrt(MAX_PIXELS / (cssW * cssH)));
      const viewport = page.getViewport({ scale: want * ratio });
      const canvas = h('canvas', { class: 'page-canvas' });
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      p.task = page.render({ canvasContext: canvas.getContext('2d'), viewport, canvas });
      await p.task.promise;
      if (!visible.has(p)) return;
      if (p.canvas) p.canvas.replaceWith(canvas); else p.div.prepend(canvas);
      p.canvas = canvas;
      p.drawn = want;
      p.div.dataset.rendered = '1';
      if (!p.textLayer) {
        const layer = new pdfjs.TextLayer({ textContentSource: await textOf(p.n), container: p.text, viewport: one });
        await layer.render();
        p.textLayer = layer;
        paintHits(p);
      }
    } catch { /* cancelled by a newer drawing or the reader closed */ } finally {
      p.busy = false;
      p.task = null;
    }
    if (visible.has(p) && p.drawn !== scale) drawVisible(0);
  };
  const forget = (p) => { // far out of sight: give the canvas's memory back
    p.task?.cancel();
    p.canvas?.remove();
    p.canvas = null;
    p.drawn = 0;
    delete p.div.dataset.rendered;
  };
  const observer = new IntersectionObserver((entries) => {
    for (const e of entries) {
      const p = pages[Number(e.target.dataset.pageNo) - 1];
      if (e.isIntersecting) visible.add(p); else { visible.delete(p); forget(p); }
    }
    drawVisible(0);
  }, { root: scroller, rootMargin: '100% 50%' });

  // ---- where the reader is, page turns, zoom
  const pageAt = (y) => pages.find((p) => p.div.offsetTop + p.div.offsetHeight + 6 > y) || pages[pages.length - 1];
  // The current page: the one just gone to or whose search hit is shown, until the reader scrolls; else
  // the one that takes the most of the window (the first on a tie).
  let pin = null;
  const setPage = (n) => { pageNo = n; pageBox.value = n; root.dataset.page = n; };
  const pinPage = (n) => { pin = { n, top: scroller.scrollTop }; setPage(n); };
  const track = () => {
    if (!pages.length) return;
    const top = scroller.scrollTop;
    if (pin && Math.abs(top - pin.top) < 4) return;
    pin = null;
    const bottom = top + scroller.clientHeight;
    let n = pageAt(top).n;
    let most = 0;
    for (let i = n - 1; i < pages.length && pages[i].div.offsetTop < bottom; i += 1) {
      const d = pages[i].div;
      const seen = Math.min(bottom, d.offsetTop + d.offsetHeight) - Math.max(top, d.offsetTop);
      if (seen > most + 1) { most = seen; n = i + 1; }
    }
    if (n !== pageNo || pageBox.value === '') setPage(n);
  };
  let tracking = false;
  scroller.addEventListener('scroll', () => {
    if (tracking) return;
    tracking = true;
    requestAnimationFrame(() => { tracking = false; track(); });
  }, { passive: true });
  const go = (n) => {
    if (!pdf) return;
    const p = pages[Math.min(Math.max(1, n), pdf.numPages) - 1];
    scroller.scrollTop = p.div.offsetTop - 8;
    pinPage(p.n);
  };
  /** Zoom to `z` (× fit width) keeping the point of the page at (ax, ay) of the reader's window where it is;
   * `anchor` (a page and the fractions of it) is that point when it was taken before (a pinch). */
  const anchorAt = (ax, ay) => {
    const x = scroller.scrollLeft + ax;
    const y = scroller.scrollTop + ay;
    const p = pageAt(y);
    return { p, fx: (x - p.div.offsetLeft) / p.div.offsetWidth, fy: (y - p.div.offsetTop) / p.div.offsetHeight };
  };
  const zoomTo = (z, ax = scroller.clientWidth / 2, ay = scroller.clientHeight / 2, anchor = anchorAt(ax, ay)) => {
    if (!pdf) return;
    zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z));
    if (Math.abs(zoom - 1) < 0.02) zoom = 1;
    layout();
    const { p, fx, fy } = anchor;
    scroller.scrollLeft = Math.max(0, p.div.offsetLeft + fx * p.div.offsetWidth - ax);
    scroller.scrollTop = Math.max(0, p.div.offsetTop + fy * p.div.offsetHeight - ay);
    track();
    drawVisible();
  };
  // a step passes through fit width rather than over it (the phone's way back to fit)
  const step = (up) => {
    const z = up ? zoom * STEP : zoom / STEP;
    zoomTo((zoom < 1 && z > 1) || (zoom > 1 && z < 1) ? 1 : z);
  };

  // ---- touch: pinch (two fingers) and swipe (one, at fit width)
  let pinch = null;
  let swipe = null;
  let frame = 0;
  const mid = (a, b) => {
    const r = scroller.getBoundingClientRect();
    return { x: (a.clientX + b.clientX) / 2 - r.left, y: (a.clientY + b.clientY) / 2 - r.top };
  };
  const dist = (a, b) => Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY);
  scroller.addEventListener('touchstart', (e) => {
    if (e.touches.length === 2) {
      const [a, b] = e.touches;
      const m = mid(a, b);
      pinch = { d: dist(a, b) || 1, zoom, anchor: anchorAt(m.x, m.y) };
      swipe = null;
    } else if (e.touches.length === 1) {
      swipe = { x: e.touches[0].clientX, y: e.touches[0].clientY, at: Date.now() };
    }
  }, { passive: true });
  scroller.addEventListener('touchmove', (e) => {
    if (swipe && !pinch && e.touches.length === 1 && zoom <= 1 && e.cancelable) {
      // sideways at fit width is this reader's page turn, not the browser's "back"
      const dx = e.touches[0].clientX - swipe.x;
      if (Math.abs(dx) > Math.abs(e.touches[0].clientY - swipe.y)) e.preventDefault();
    }
    if (!pinch || e.touches.length !== 2) return;
    e.preventDefault(); // the page itself does not zoom nor pan: the document does
    const [a, b] = e.touches;
    const m = mid(a, b);
    const z = pinch.zoom * dist(a, b) / pinch.d;
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => zoomTo(z, m.x, m.y, pinch.anchor));
  }, { passive: false });
  scroller.addEventListener('touchend', (e) => {
    if (pinch && e.touches.length < 2) { pinch = null; swipe = null; return; }
    if (!swipe || e.touches.length) return;
    const end = e.changedTouches[0];
    const dx = end.clientX - swipe.x;
    const dy = end.clientY - swipe.y;
    const quick = Date.now() - swipe.at < 800;
    swipe = null;
    if (zoom <= 1 && quick && Math.abs(dx) > 60 && Math.abs(dx) > 2 * Math.abs(dy)) go(pageNo + (dx < 0 ? 1 : -1));
  });
  scroller.addEventListener('gesturestart', (e) => e.preventDefault()); // Safari's own pinch: the page's
  scroller.addEventListener('wheel', (e) => { // a trackpad's pinch and ctrl+wheel
    if (!e.ctrlKey) return;
    e.preventDefault();
    const r = scroller.getBoundingClientRect();
    zoomTo(zoom * Math.exp(-e.deltaY / 200), e.clientX - r.left, e.clientY - r.top);
  }, { passive: false });
  scroller.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowRight' && zoom <= 1) { e.preventDefault(); go(pageNo + 1); }
    if (e.key === 'ArrowLeft' && zoom <= 1) { e.preventDefault(); go(pageNo - 1); }
  });
  const resize = new ResizeObserver(() => {
    if (!pdf || !scroller.clientWidth) return;
    const anchor = anchorAt(0, 0);
    layout();
    scroller.scrollTop = Math.max(0, anchor.p.div.offsetTop + anchor.fy * anchor.p.div.offsetHeight);
    drawVisible();
  });

  // ---- search: every page's text, hits highlighted on the pages as they are drawn
  const paintHits = (p) => {
    const layer = p.textLayer;
    if (!layer) return;
    const divs = layer.textDivs;
    const strs = layer.textContentItemsStr;
    for (const i of p.painted || []) divs[i].textContent = strs[i];
    p.painted = [];
    const byItem = new Map();
    hits.forEach((one, k) => {
      if (one.page !== p.n) return;
      for (const r of one.ranges) {
        if (!byItem.has(r.item)) byItem.set(r.item, []);
        byItem.get(r.item).push({ ...r, k });
      }
    });
    for (const one of marks) {
      if (one.page !== p.n) continue;
      for (const r of one.ranges) {
        if (!byItem.has(r.item)) byItem.set(r.item, []);
        byItem.get(r.item).push({ ...r, k: -1 });
      }
    }
    for (const [i, ranges] of byItem) {
      const s = strs[i];
      const parts = [];
      let at = 0;
      ranges.sort((a, b) => a.from - b.from);
      for (const r of ranges) {
        if (r.from < at) continue;
        parts.push(s.slice(at, r.from),
          r.k < 0 ? h('span', { class: 'reader-change' }, s.slice(r.from, r.to))
            : h('span', { class: `reader-hit${r.k === hit ? ' current' : ''}`, 'data-hit': r.k }, s.slice(r.from, r.to)));
        at = r.to;
      }
      parts.push(s.slice(at));
      mount(divs[i], parts);
      p.painted.push(i);
    }
  };
  const search = async () => {
    const q = fold(query.value.trim()).replace(/\s/g, '');
    const was = hits;
    hits = [];
    hit = -1;
    searched = q;
    for (const p of pages) if (was.some((x) => x.page === p.n)) paintHits(p);
    if (q.length < 2) { status.textContent = ''; return; }
    status.textContent = '…';
    for (let n = 1; n <= pdf.numPages; n += 1) {
      const { items } = await textOf(n);
      if (searched !== q) return; // a newer search started
      const { text, where } = indexText(items);
      for (let at = text.indexOf(q); at >= 0; at = text.indexOf(q, at + q.length)) hits.push({ page: n, ranges: rangesAt(where, at, q.length) });
    }
    for (const p of pages) paintHits(p);
    if (!hits.length) { status.textContent = t('no_results'); return; }
    show(0);
  };
  const show = async (k) => {
    if (!hits.length) return;
    hit = (k + hits.length) % hits.length;
    status.textContent = `${hit + 1}/${hits.length}`;
    status.dataset.page = hits[hit].page;
    const p = pages[hits[hit].page - 1];
    for (const q of pages) if (q.painted?.length || q.n === p.n) paintHits(q);
    let mark = p.div.querySelector('.reader-hit.current');
    if (!mark) {
      go(p.n); // the page is drawn when it comes into view; its hits are painted then
      for (let i = 0; i < 100 && !mark; i += 1) {
        await new Promise((r) => setTimeout(r, 50));
        mark = p.div.querySelector('.reader-hit.current');
      }
    }
    if (!mark) return;
    const box = mark.getBoundingClientRect();
    const view = scroller.getBoundingClientRect();
    scroller.scrollTop += box.top - view.top - scroller.clientHeight / 3;
    if (box.left < view.left || box.right > view.right) scroller.scrollLeft += box.left - view.left - scroller.clientWidth / 3;
    pinPage(p.n);
  };
  const searchNext = (d) => (hits.length && searched === fold(query.value.trim()).replace(/\s/g, '') ? show(hit + d) : search());
  query.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') { e.preventDefault(); searchNext(e.shiftKey ? -1 : 1); }
    if (e.key === 'Escape') closeSearch();
  });
  pageBox.addEventListener('change', () => go(Number(pageBox.value)));
  pageBox.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); go(Number(pageBox.value)); pageBox.blur(); } });

  // ---- what changed since the previous version (GET …/changes): the pages listed with links, and on each
  // changed page its changed passages marked as search hits are, found near where the server counted them
  const changesPanel = h('div', { id: 'reader-changes', class: 'reader-changes', 'data-testid': 'reader-changes', hidden: true });
  const locate = async (n, passages) => {
    const { text, where } = indexText((await textOf(n)).items);
    const out = [];
    for (const x of passages) {
      const q = fold(x.text).replace(/\s/g, '');
      let best = -1;
      for (let at = q ? text.indexOf(q) : -1; at >= 0; at = text.indexOf(q, at + 1)) {
        if (best < 0 || Math.abs(at - x.at) < Math.abs(best - x.at)) best = at;
      }
      if (best >= 0) out.push({ page: n, ranges: rangesAt(where, best, q.length) });
    }
    return out;
  };
  const summaries = new Map(); // version m → the promise of GET …/changes?from=m (the notes' pages ask for it too)
  const changesFrom = (m) => {
    if (!summaries.has(m)) {
      summaries.set(m, get(`/api/documents/${doc.id}/versions/${version.number}/changes?from=${m}`)
        .catch((err) => { summaries.delete(m); throw err; }));
    }
    return summaries.get(m);
  };
  const toggleChanges = async () => {
    if (!changesPanel.hidden) {
      changesPanel.hidden = true;
      marks = [];
      for (const p of pages) paintHits(p);
      return;
    }
    changesPanel.hidden = false;
    mount(changesPanel, '…');
    let c;
    try {
      c = await changesFrom(version.number - 1);
    } catch (err) {
      mount(changesPanel, errorText(err));
      return;
    }
    const line = (p) => (p.status === 'moved' ? tf('change_moved', { n: p.page, k: p.from_page })
      : p.status === 'changed' && p.from_page !== p.page ? tf('change_changed_from', { n: p.page, k: p.from_page })
        : tf(p.status === 'added' ? 'change_added' : 'change_changed', { n: p.page }));
    const link = (n, text) => h('button', { type: 'button', class: 'linklike', 'data-page': n, onclick: () => go(n) }, text);
    mount(changesPanel,
      h('ul', { class: 'change-list', 'data-testid': 'change-list' }, c.changed.map((p) => h('li', { class: `change-${p.status}` },
        link(p.page, line(p)),
        p.passages.length ? h('span', { class: 'meta' }, ` · ${p.passages.map((x) => x.text || `−${x.removed}`).join(' … ')}`.slice(0, 160)) : null)),
      renumbered(c).map(({ to, from }) => h('li', { class: 'change-renumbered', 'data-testid': 'change-renumbered' },
        link(to[0], tf(to[0] === to[1] ? 'change_renumbered' : 'change_renumbered_many', { n: span(to), k: span(from) }))))),
      c.removed.length ? h('p', { class: 'meta' }, tf('change_removed', { pages: c.removed.join(', ') })) : null,
      !c.changed.length && !c.removed.length ? h('p', { class: 'meta' }, t('no_changes')) : null,
      h('p', { class: 'meta' }, tf('changes_unchanged', { n: c.unchanged })));
    const found = [];
    for (const p of c.changed) if (p.passages.length && p.page <= pages.length) found.push(...await locate(p.page, p.passages));
    if (changesPanel.hidden) return;
    marks = found;
    for (const p of pages) paintHits(p);
  };

  // ---- the toolbar: one row; the search takes the row's place while it is open
  const mainRow = h('div', { class: 'bar-row main-row' },
    tool('back', t('back'), onBack, 'reader-back'),
    h('strong', { class: 'reader-title', 'data-testid': 'reader-title', title: doc.title }, doc.title),
    h('span', { class: 'group' },
      tool('prev', t('prev_page'), () => go(pageNo - 1), 'reader-prev'),
      h('label', { class: 'page-of' }, pageBox, total),
      tool('next', t('next_page'), () => go(pageNo + 1), 'reader-next')),
    h('span', { class: 'group' },
      tool('minus', t('zoom_out'), () => step(false), 'reader-zoom-out'), fitBtn,
      tool('plus', t('zoom_in'), () => step(true), 'reader-zoom-in')),
    tool('search', t('search_in_doc'), () => openSearch(), 'reader-search-open'));
  const searchRow = h('div', { class: 'bar-row search-row', hidden: true },
    tool('close', t('close_search'), () => closeSearch(), 'reader-search-close'),
    query, status,
    tool('up', t('previous_hit'), () => searchNext(-1), 'reader-search-prev'),
    tool('down', t('next_hit'), () => searchNext(1), 'reader-search-next'));
  const openSearch = () => { mainRow.hidden = true; searchRow.hidden = false; query.focus(); };
  const closeSearch = () => { searchRow.hidden = true; mainRow.hidden = false; };
  const bar = h('div', { class: 'reader-bar', 'data-testid': 'reader-bar', role: 'toolbar' }, mainRow, searchRow);

  const head = h('div', { class: 'reader-head' },
    h('div', { class: 'doc-title' }, doc.title),
    doc.versions.length > 1 ? h('nav', { class: 'versions', 'aria-label': t('versions') }, doc.versions.map((v) => h('a', {
      href: hrefFor(v.number), class: v.number === version.number ? 'on' : '', 'aria-current': v.number === version.number ? 'page' : null,
    }, `${t('version')} ${v.number}`))) : null,
    version.number > 1 ? h('button', { type: 'button', class: 'changes-toggle', 'data-testid': 'reader-changes-toggle',
      'aria-controls': 'reader-changes', onclick: toggleChanges }, t('changes_since')) : null,
    changesPanel);
  column.append(head);
  mount(root, bar, scroller);
  mount(main, root);

  pdf = await pdfjs.getDocument({ url: version.url, withCredentials: true, isEvalSupported: false,
    disableAutoFetch: true, rangeChunkSize: 65536 }).promise;
  const first = (await pdf.getPage(1)).getViewport({ scale: 1 });
  base = { width: first.width, height: first.height };
  total.textContent = `/${pdf.numPages}`;
  total.dataset.pages = pdf.numPages;
  pageBox.max = pdf.numPages;
  pages = Array.from({ length: pdf.numPages }, (_, i) => {
    const text = h('div', { class: 'textLayer' });
    const div = h('div', { class: 'reader-page', dataset: { pageNo: i + 1 }, 'aria-label': `${t('page')} ${i + 1}` }, text);
    column.append(div);
    return { n: i + 1, div, text, size: null, canvas: null, drawn: 0, busy: false };
  });
  layout();
  pages.forEach((p) => observer.observe(p.div));
  resize.observe(scroller);
  setPage(1); // at the very top: the title and the versions above the first page are in sight
  if (opts.page > 1) go(opts.page);
  // private notes (views/notes.js), each marked on its page, found again on a revision through its changes
  attachNotes(root, { doc, version, pageNo: () => pageNo, go, column, pageDiv: (n) => pages[n - 1]?.div, changesFrom });
  reportOpened(doc, version.number); // the secretary's "đã mở"; the lists' "Đã sửa đổi" goes
  return () => {
    observer.disconnect();
    resize.disconnect();
    clearTimeout(drawTimer);
    pdf?.destroy();
  };
}
