// The hall display: what the hall reads from its seats; it never scrolls.
import { h, mount } from '../../dom.js';
import { t, tf } from '../../i18n.js';
import { serverNow } from '../../clock.js';
import { countdown, kindLabel, resultBoard } from '../voting.js';
import { currentSpeaker, nextSpeakers } from '../speaking.js';
import { currentItem, quorumPanel, withDetails } from './shared.js';

export function display(el, live) {
  // A result shows for 10 minutes from when it came (a secret poll's: when the committee decrypted it).
  const fresh = (p) => serverNow() - Date.parse(p.counted_at || p.closed_at) < 10 * 60 * 1000;
  const render = (s) => {
    const current = currentItem(s);
    const result = s.poll && s.poll.status !== 'open' && s.poll.closed_at && fresh(s.poll) && s.poll.result
      ? resultBoard(withDetails(s.poll, () => render(live.state)), { big: true }) : null;
    mount(el, h('div', { class: `hall ${s.paused ? 'is-paused' : ''} ${result ? 'has-result' : ''}` },
      h('header', {}, h('div', { class: 'council' }, s.council.name), h('div', { class: 'session' }, s.session.title)),
      h('section', { class: 'now' },
        current ? [h('div', { class: 'label' }, t('current_item')),
          h('div', { class: 'item', 'data-testid': 'display-item' }, `${current.number}. ${current.title}`),
          current.presenter ? h('div', { class: 'presenter' }, current.presenter) : null]
          : h('div', { class: 'item', 'data-testid': 'display-item' }, s.status === 'closed' ? t('ended') : t('not_started'))),
      s.paused ? h('div', { class: 'paused-note' }, t('paused')) : null,
      s.speaking?.current ? h('section', { class: 'hall-speaker' }, currentSpeaker(s, live, { big: true }),
        s.speaking.queue.length ? h('div', { class: 'next' }, h('div', { class: 'label' }, t('next_up')), nextSpeakers(s, 3)) : null)
        : s.speaking?.queue?.length ? h('section', { class: 'hall-speaker' }, h('div', { class: 'label' }, t('next_up')), nextSpeakers(s, 3)) : null,
      s.poll?.status === 'open' ? h('section', { class: 'hall-poll', 'data-testid': 'display-poll' },
        h('div', { class: 'label' }, kindLabel(s.poll)), h('div', { class: 'item' }, s.poll.title),
        h('div', { class: 'poll-line' }, countdown(s.poll), h('span', { 'data-testid': 'display-progress' },
          `${t('voted')}: ${s.poll.progress?.cast ?? 0}/${s.poll.progress?.entitled ?? s.poll.present}`))) : null,
      s.poll?.status === 'counting' ? h('section', { class: 'hall-poll', 'data-testid': 'display-poll' },
        h('div', { class: 'label' }, kindLabel(s.poll)), h('div', { class: 'item' }, s.poll.title),
        h('div', { class: 'poll-line', 'data-testid': 'display-counting' }, tf('counting_line', s.poll.counting))) : null,
      result,
      s.message ? h('div', { class: 'banner', 'data-testid': 'message' }, s.message) : null,
      h('footer', {}, quorumPanel(s), h('span', { class: live.connected ? 'conn on' : 'conn off' }, live.connected ? '●' : t('offline')))));
    fitToScreen(el.firstChild);
  };
  const onResize = () => {
    if (!el.isConnected) window.removeEventListener('resize', onResize);
    else if (el.firstChild) fitToScreen(el.firstChild);
  };
  window.addEventListener('resize', onResize);
  return render;
}

// The hall display never scrolls (nobody is there to scroll it): what does not fit — a long result, a long
// title — is drawn smaller, step by step, down to half its size. CSSOM custom property: allowed by the CSP.
function fitToScreen(hall) {
  hall.style.removeProperty('--fit');
  for (let f = 1; hall.scrollHeight > window.innerHeight + 1 && f > 0.5;) {
    f = Math.round((f - 0.05) * 100) / 100;
    hall.style.setProperty('--fit', String(f));
  }
}
