// The reader's pen highlight: translucent strokes drawn over a page with a finger, a pen or a mouse, kept with the
// private note of that page (views/notes.js) as fractions of the page, so that they stay in place at any zoom.
const SVG = 'http://www.w3.org/2000/svg';
const MIN_STEP = 0.002; // a point nearer than this (of the page) to the last one adds nothing to the stroke
export const MAX_STROKES = 200; // the server's bounds (server/notes/rules.py)
export const MAX_POINTS = 5000;

export const pointsOf = (ink) => (ink || []).reduce((k, s) => k + s.length / 2, 0);

function layer(div) {
  let svg = div.querySelector(':scope > svg.page-ink');
  if (!svg) {
    svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('class', 'page-ink');
    svg.setAttribute('data-testid', 'page-ink');
    svg.setAttribute('viewBox', '0 0 1 1');
    svg.setAttribute('preserveAspectRatio', 'none'); // the strokes' width is the stylesheet's, in pixels
    svg.setAttribute('aria-hidden', 'true');
    div.append(svg);
  }
  return svg;
}

function line(stroke) {
  const el = document.createElementNS(SVG, 'polyline');
  const pts = [];
  for (let i = 0; i < stroke.length; i += 2) pts.push(`${stroke[i]},${stroke[i + 1]}`);
  el.setAttribute('points', pts.join(' '));
  return el;
}

/** Draw `strokes` (each x0, y0, x1, y1, …) over the page `div`, in place of what was drawn there before. */
export function paintInk(div, strokes) {
  if (!strokes.length) { div.querySelector(':scope > svg.page-ink')?.remove(); return; }
  layer(div).replaceChildren(...strokes.map(line));
}

/** Pen mode over the reader's pages (`column`): a stroke drawn on a page is given to `onStroke(pageNo, stroke)` when
 * the finger lifts. One finger draws instead of scrolling or turning the page. Returns the function that ends it. */
export function startPen(column, onStroke) {
  let drawing = null; // {div, stroke, el, id}
  const at = (div, e) => {
    const r = div.getBoundingClientRect();
    const f = (v) => Math.round(Math.min(1, Math.max(0, v)) * 10000) / 10000;
    return [f((e.clientX - r.left) / r.width), f((e.clientY - r.top) / r.height)];
  };
  const down = (e) => {
    const div = e.target.closest?.('.reader-page');
    if (!div || drawing || e.target.closest('button') || (e.pointerType === 'mouse' && e.button !== 0)) return;
    e.preventDefault();
    column.setPointerCapture?.(e.pointerId);
    const stroke = at(div, e);
    const el = line(stroke);
    el.classList.add('drawing');
    layer(div).append(el);
    drawing = { div, stroke, el, id: e.pointerId };
  };
  const move = (e) => {
    if (!drawing || e.pointerId !== drawing.id) return;
    e.preventDefault();
    const [x, y] = at(drawing.div, e);
    const s = drawing.stroke;
    if (Math.hypot(x - s[s.length - 2], y - s[s.length - 1]) < MIN_STEP) return;
    s.push(x, y);
    drawing.el.setAttribute('points', `${drawing.el.getAttribute('points')} ${x},${y}`);
  };
  const up = (e) => {
    if (!drawing || e.pointerId !== drawing.id) return;
    const { div, stroke, el } = drawing;
    drawing = null;
    el.remove();
    if (stroke.length === 2) stroke.push(stroke[0], stroke[1]); // a tap: a dot
    onStroke(Number(div.dataset.pageNo), stroke);
  };
  const drop = () => { drawing?.el.remove(); drawing = null; };
  const cancel = (e) => { if (drawing && e.pointerId === drawing.id) drop(); }; // the browser took the finger: no stroke
  // one finger is the pen's: the reader's own swipe and scroll do not see it; a second finger is a pinch, not a stroke
  const touch = (e) => { if (e.touches.length < 2) e.stopPropagation(); else drop(); };
  const handlers = Object.entries({ pointerdown: down, pointermove: move, pointerup: up, pointercancel: cancel, touchstart: touch });
  column.classList.add('pen-on');
  for (const [kind, fn] of handlers) column.addEventListener(kind, fn);
  return () => {
    column.classList.remove('pen-on');
    for (const [kind, fn] of handlers) column.removeEventListener(kind, fn);
    drop();
  };
}
